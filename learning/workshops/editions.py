"""Workshops: the minimal editions (runs of a workshop) and enrolments the enrolment feature
builds on (learning/enrolment adds rosters and approvals).

Part of the workshops' models: learning/workshops/models.py imports these and the cached kinds
they renew are declared there; import them from there (``from learning.workshops.models import
Edition``).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning.accounts.models import User
from learning.platform.dbtypes import UTCDateTime, utcnow
from learning.platform.extensions import db

if TYPE_CHECKING:
    from learning.workshops.models import Workshop

ENROLMENT_STATES = ("pending", "waitlisted", "active", "completed", "withdrawn", "rejected")
EDITION_STATUSES = ("draft", "open", "closed", "cancelled")
ENROLMENT_MODES = ("open", "approval", "key", "invitation")
# Seats are held by these states; ``pending`` requests hold none until approved.
SEAT_STATES = ("active", "completed")


def _in(column: str, values: object) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"  # type: ignore[attr-defined]


class Edition(db.Model):
    """One run (cohort) of a workshop: dates, place, capacity, enrolment window and mode.

    Owned by the enrolment feature (learning/enrolment), which adds rosters and approvals.
    """

    __tablename__ = "editions"
    __table_args__ = (
        CheckConstraint(_in("status", EDITION_STATUSES), name="status_known"),
        CheckConstraint(_in("enrolment_mode", ENROLMENT_MODES), name="mode_known"),
        CheckConstraint("ends_on >= starts_on", name="dates_in_order"),
        CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),
        CheckConstraint(
            "enrolment_mode <> 'key' OR enrolment_key_hash IS NOT NULL", name="key_needs_hash"
        ),
        CheckConstraint(
            "enrolment_opens_at IS NULL OR enrolment_closes_at IS NULL "
            "OR enrolment_closes_at > enrolment_opens_at",
            name="window_in_order",
        ),
        Index("ix_editions_workshop_starts", "workshop_id", "starts_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    timezone: Mapped[str] = mapped_column(String(64), default="America/Mexico_City")
    capacity: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="open")
    # In-person and hybrid editions: where it happens.
    country: Mapped[str | None] = mapped_column(String(2))
    place: Mapped[str | None] = mapped_column(String(300))
    enrolment_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    enrolment_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    enrolment_mode: Mapped[str] = mapped_column(String(16), default="open", server_default="open")
    # werkzeug generate_password_hash of the key; the key itself is never stored.
    enrolment_key_hash: Mapped[str | None] = mapped_column(String(255))

    workshop: Mapped[Workshop] = relationship(back_populates="editions")
    enrolments: Mapped[list[Enrolment]] = relationship(
        back_populates="edition", cascade="all, delete-orphan"
    )


class Enrolment(db.Model):
    """A person's place in an edition; ``active`` and ``completed`` give access to lessons.

    Owned by the enrolment feature. The waitlist is ordered by ``created_at`` then ``id``.
    """

    __tablename__ = "enrolments"
    __table_args__ = (
        UniqueConstraint("edition_id", "user_id"),
        CheckConstraint(_in("state", ENROLMENT_STATES), name="state_known"),
        Index("ix_enrolments_edition_state_created", "edition_id", "state", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(16), default="pending")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Who approved, rejected, removed or moved the person, and the message they gave.
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    decision_note: Mapped[str | None] = mapped_column(String(1000))

    edition: Mapped[Edition] = relationship(back_populates="enrolments")
    user: Mapped[User] = relationship(foreign_keys=[user_id])
