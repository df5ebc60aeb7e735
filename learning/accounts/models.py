"""Accounts: people and the roles they hold."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning.platform import cache
from learning.platform.dbtypes import UTCDateTime, utcnow
from learning.platform.extensions import db

ROLES = ("trainer", "researcher", "curator", "organiser", "moderator", "admin")


def new_auth_token() -> str:
    """A fresh token that ties sessions to the current password."""
    return secrets.token_urlsafe(16)


class User(UserMixin, db.Model):
    """A person with an account. Everyone is a participant; ``roles`` adds the rest."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("email = lower(email)", name="email_lowercase"),
        CheckConstraint("preferred_language IN ('es', 'en')", name="language_known"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    # Rotated on password change and deactivation so old sessions stop working.
    auth_token: Mapped[str] = mapped_column(String(64), default=new_auth_token)
    country: Mapped[str | None] = mapped_column(String(2))
    organisation: Mapped[str | None] = mapped_column(String(200))
    sector: Mapped[str | None] = mapped_column(String(32))
    gender: Mapped[str | None] = mapped_column(String(16))
    preferred_language: Mapped[str] = mapped_column(String(5), default="es")
    timezone: Mapped[str] = mapped_column(String(64), default="America/Mexico_City")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    role_rows: Mapped[list[UserRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    # The key of the sign-in this object was loaded for or signed in with (not a column).
    sign_in_key = None

    def get_id(self) -> str:
        """Flask-Login's session id: the user id bound to the current auth token and, once
        signed in, to the sign-in (``SignIn``) that signing out ends."""
        base = f"{self.id}:{self.auth_token}"
        return f"{base}:{self.sign_in_key}" if self.sign_in_key else base

    @property
    def is_active(self) -> bool:  # type: ignore[override]
        """Deactivated accounts cannot sign in or stay signed in."""
        return bool(self.active)

    @property
    def roles(self) -> set[str]:
        """The roles beyond participant that this person holds."""
        return {row.role for row in self.role_rows}

    def has_role(self, *roles: str) -> bool:
        """Whether the person holds any of ``roles`` (admins hold every role)."""
        mine = self.roles
        return "admin" in mine or any(role in mine for role in roles)

    @property
    def is_admin(self) -> bool:
        """Whether the person is an administrator."""
        return "admin" in self.roles

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"


class UserRole(db.Model):
    """One role held by one user."""

    __tablename__ = "user_roles"
    __table_args__ = (
        UniqueConstraint("user_id", "role"),
        CheckConstraint(
            "role IN ('trainer', 'researcher', 'curator', 'organiser', 'moderator', 'admin')",
            name="role_known",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user: Mapped[User] = relationship(back_populates="role_rows")


def new_sign_in_key() -> str:
    """The random part of a session that names its ``SignIn``; only its digest is stored."""
    return secrets.token_urlsafe(24)


def sign_in_digest(key: str) -> str:
    """What the database keeps of a sign-in key."""
    return hashlib.sha256(key.encode()).hexdigest()


class SignIn(db.Model):
    """One sign-in: a browser that signed in, until it signs out (``ended_at``). A session
    names its sign-in, so that signing out ends it on the server as well, and a copied cookie
    stops working with it."""

    __tablename__ = "sign_ins"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Shown on the profile so that the person recognises the device ("Firefox on Android").
    user_agent: Mapped[str | None] = mapped_column(String(200))


# The signed-in person as kept between requests (accounts.signins.load_session_user).
cache.watch_people(User, column="id")
cache.watch_people(UserRole)
cache.watch_people(SignIn)
# What rosters and reports show of a person: a change renews every person's kept pages.
cache.watch("people", User, columns=("name", "email", "country", "organisation"))
