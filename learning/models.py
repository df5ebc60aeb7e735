"""Every feature's models, imported in one place so the metadata (and Alembic) sees all tables."""

from learning.accounts.models import User, UserRole
from learning.storage.models import StoredFile

__all__ = ["StoredFile", "User", "UserRole"]
