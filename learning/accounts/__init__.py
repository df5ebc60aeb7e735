"""Accounts: registration, confirmation, sign-in, passwords and profiles."""

from learning.accounts.routes import bp

__all__ = ["bp"]
