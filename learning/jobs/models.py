"""A job is a row: the queue carries only its id, the row is the truth the pages show."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning.platform.dbtypes import UTCDateTime, utcnow
from learning.platform.extensions import db

if TYPE_CHECKING:
    from learning.accounts.models import User

STATES = ("queued", "running", "done", "failed", "cancelled")
FINISHED = ("done", "failed", "cancelled")


class Job(db.Model):
    """One piece of background work of a ``kind`` (learning/platform/slots.py JOB_KINDS)."""

    __tablename__ = "jobs"
    __table_args__ = (
        CheckConstraint(
            "state IN ('queued', 'running', 'done', 'failed', 'cancelled')", name="state_known"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(64), index=True)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    state: Mapped[str] = mapped_column(String(16), default="queued", index=True)
    # Progress: ``done`` of ``total`` steps (total None: not known yet).
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int | None] = mapped_column(Integer)
    message: Mapped[str | None] = mapped_column(String(500))
    # What the job needs (ids, choices) and what it keeps between attempts and shows at the end.
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    result_file_id: Mapped[int | None] = mapped_column(
        ForeignKey("stored_files.id", ondelete="SET NULL")
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    # Scheduled work names its run ("reminders:2026-12-04T03"): one row per run, whichever
    # consumer on whichever host fires first.
    idempotency_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    owner: Mapped[User | None] = relationship("User")

    @property
    def finished(self) -> bool:
        """Whether the job has stopped for good (done, failed or cancelled)."""
        return self.state in FINISHED

    @property
    def percent(self) -> int | None:
        """How far along, 0–100, when the total is known."""
        if not self.total:
            return 100 if self.state == "done" else None
        return min(100, round(100 * self.done / self.total))
