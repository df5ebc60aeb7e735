"""Administration: people and their roles."""

from learning.admin.routes import bp

__all__ = ["bp"]
