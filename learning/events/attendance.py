"""Events: attendance, one row per person and day of an event, in person (checked in at the
door by ticket, by name, or as a walk-in) or online (the day's short code entered on the
event's page).

Part of the events' models: learning/events/models.py imports this module; import the model
from there (``from learning.events.models import EventAttendance``). A registered person's row
points at their account; a walk-in's row holds the name and e-mail the organiser typed and
points at nobody.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning.accounts.models import User
from learning.platform import cache
from learning.platform.dbtypes import UTCDateTime, utcnow
from learning.platform.extensions import db

if TYPE_CHECKING:
    from learning.events.models import Event

MODES = ("in-person", "online")


class EventAttendance(db.Model):
    """Someone was at an event on one of its days (``day``: the date in the event's time
    zone), in person or online."""

    __tablename__ = "event_attendances"
    __table_args__ = (
        # One row per person and day; NULLs are distinct, so walk-ins go by their e-mail.
        UniqueConstraint("event_id", "day", "user_id"),
        UniqueConstraint("event_id", "day", "email"),
        CheckConstraint("mode IN ('in-person', 'online')", name="mode_known"),
        CheckConstraint(
            "(user_id IS NOT NULL) OR (name IS NOT NULL AND email IS NOT NULL)",
            name="someone",
        ),
        Index("ix_event_attendances_event_day", "event_id", "day"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    mode: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    # A walk-in's name and e-mail (lower-cased); empty for registered people.
    name: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    event: Mapped[Event] = relationship()
    user: Mapped[User | None] = relationship()


class EventSessionAttendance(db.Model):
    """Someone was at one session of an event, in person (checked in at the session's door)
    or online (the session's own short code). Whoever is at a session is also at its day."""

    __tablename__ = "event_session_attendances"
    __table_args__ = (
        # One row per person and session; NULLs are distinct, so walk-ins go by their e-mail.
        UniqueConstraint("session_id", "user_id"),
        UniqueConstraint("session_id", "email"),
        CheckConstraint("mode IN ('in-person', 'online')", name="mode_known"),
        CheckConstraint(
            "(user_id IS NOT NULL) OR (name IS NOT NULL AND email IS NOT NULL)",
            name="someone",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("event_sessions.id", ondelete="CASCADE"))
    mode: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user: Mapped[User | None] = relationship()


# A person's attendance shows on their own pages (a walk-in's row renews everyone's).
cache.watch_people(EventAttendance, EventSessionAttendance)
