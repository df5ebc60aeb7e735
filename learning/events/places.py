"""Events: places in the sessions that have a limit of their own (``EventSession.capacity``).
A person with a place at the event takes a place in such a session, or joins its waitlist
when it is full; a freed place goes at once to the first person waiting for that session.

Part of the events' models: learning/events/models.py imports this module; import the model
from there.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from learning.platform import cache
from learning.platform.dbtypes import UTCDateTime, utcnow
from learning.platform.extensions import db


class EventSessionPlace(db.Model):
    """A person's place in a session with limited places, or their turn on its waitlist."""

    __tablename__ = "event_session_places"
    __table_args__ = (
        UniqueConstraint("session_id", "user_id"),
        CheckConstraint("state IN ('held', 'waitlisted')", name="place_state_known"),
        CheckConstraint(
            "(state = 'waitlisted') = (position IS NOT NULL)", name="position_when_waitlisted"
        ),
        Index("ix_event_session_places_session_state", "session_id", "state"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("event_sessions.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(16))
    # Order on the session's waitlist (1 comes first); set only while waitlisted.
    position: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


# Shown only on the person's own registration page.
cache.watch_people(EventSessionPlace)
