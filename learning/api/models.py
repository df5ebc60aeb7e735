"""API models: personal access tokens. Only a SHA-256 digest of a token is stored; the token
itself is shown once, when it is made."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning.accounts.models import User
from learning.platform.dbtypes import UTCDateTime, utcnow
from learning.platform.extensions import db

# What a token may do. Read is every token's; writes are named per resource.
READ = "read"
WRITE_SCOPES = ("events:write", "enrolments:write", "research:write")
SCOPES = (READ, *WRITE_SCOPES)
# Tokens start with this, so that secret scanners and people recognise them.
TOKEN_PREFIX = "pnt_"  # noqa: S105 - a visible prefix, not a secret


def new_token() -> str:
    """A fresh token (about 256 bits of randomness)."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """What the database keeps of a token."""
    return hashlib.sha256(token.encode()).hexdigest()


class ApiToken(db.Model):
    """A personal access token: its owner, a name they chose, scopes, expiry, last use and
    revocation."""

    __tablename__ = "api_tokens"
    __table_args__ = (CheckConstraint("expires_at > created_at", name="expires_after_creation"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The first characters of the token, shown on the list so its owner recognises it.
    hint: Mapped[str] = mapped_column(String(16))
    # Space-separated names from SCOPES.
    scopes: Mapped[str] = mapped_column(String(200), default=READ)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()

    @property
    def scope_set(self) -> set[str]:
        """The token's scopes."""
        return set(self.scopes.split())

    def is_live(self, now: datetime) -> bool:
        """Neither revoked nor expired at ``now``."""
        return self.revoked_at is None and self.expires_at > now
