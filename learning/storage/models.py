"""The database side of stored files: one row per object, written before the bytes."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning.platform.dbtypes import UTCDateTime, utcnow
from learning.platform.extensions import db

if TYPE_CHECKING:  # the table is named by its string; accounts sits above this feature
    from learning.accounts.models import User

PENDING = "pending"
AVAILABLE = "available"


class StoredFile(db.Model):
    """An object in storage: opaque key, the uploader's original name, type, size and SHA-256.

    Every feature (materials, research files, cover images) points here, so one place knows
    which objects are referenced; ``flask storage gc`` and ``verify`` rely on that.
    """

    __tablename__ = "stored_files"
    __table_args__ = (
        CheckConstraint("state IN ('pending', 'available')", name="state_known"),
        CheckConstraint(
            "state = 'pending' OR (size IS NOT NULL AND sha256 IS NOT NULL)",
            name="available_is_complete",
        ),
        Index("ix_stored_files_state_created", "state", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    original_name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(127))
    size: Mapped[int | None] = mapped_column(BigInteger)
    sha256: Mapped[str | None] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16), default=PENDING)
    uploader_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    download_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    available_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    uploader: Mapped[User | None] = relationship("User")

    @property
    def is_available(self) -> bool:
        """Whether the bytes are stored and verified."""
        return self.state == AVAILABLE

    @property
    def extension(self) -> str:
        """The original name's extension, lower case, without the dot."""
        _, dot, ext = self.original_name.rpartition(".")
        return ext.lower() if dot else ""

    def __repr__(self) -> str:
        return f"<StoredFile {self.id} {self.key} {self.state}>"
