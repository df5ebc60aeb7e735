"""Accounts: registration, confirmation, sign-in, passwords and profiles."""
