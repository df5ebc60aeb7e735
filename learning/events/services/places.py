"""Places in sessions with a limit of their own: taking one (or a turn on the session's
waitlist), leaving it (the first person waiting gets it at once), and what a person holds.
Every change first takes the event's lock (``common.lock_event``), so 30 people asking at once
for a 10-place session give exactly 10 places and a waitlist in the order the lock was
granted. Only people with a place at the event choose sessions."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from learning.accounts.models import User
from learning.events.models import EventRegistration, EventSession, EventSessionPlace
from learning.events.services.common import EventError, lock_event
from learning.platform.extensions import db


@dataclass
class SessionPlaces:
    """A limited session as its reader sees it: places taken, and their own place ("held")
    or turn ("waitlisted")."""

    session: EventSession
    taken: int
    mine: str | None = None

    @property
    def left(self) -> int:
        return max(0, (self.session.capacity or 0) - self.taken)


def _find(session_id: int, user_id: int) -> EventSessionPlace | None:
    return db.session.scalar(
        select(EventSessionPlace)
        .where(EventSessionPlace.session_id == session_id, EventSessionPlace.user_id == user_id)
        .execution_options(populate_existing=True)
    )


def _held(session_id: int) -> int:
    return (
        db.session.scalar(
            select(func.count(EventSessionPlace.id)).where(
                EventSessionPlace.session_id == session_id, EventSessionPlace.state == "held"
            )
        )
        or 0
    )


def take(user: User, session: EventSession) -> EventSessionPlace:
    """A place in ``session`` if one is free, else the end of its waitlist. Raises
    EventError: not_found, no_session_places, session_not_registered, already_in_session."""
    event = lock_event(session.event_id)
    if session.capacity is None:
        raise EventError("no_session_places")
    state = db.session.scalar(
        select(EventRegistration.state).where(
            EventRegistration.event_id == event.id, EventRegistration.user_id == user.id
        )
    )
    if state != "registered" or event.status != "published":
        raise EventError("session_not_registered")
    if _find(session.id, user.id) is not None:
        raise EventError("already_in_session")
    place = EventSessionPlace(event_id=event.id, session_id=session.id, user_id=user.id)
    if _held(session.id) < session.capacity:
        place.state = "held"
    else:
        last = db.session.scalar(
            select(func.max(EventSessionPlace.position)).where(
                EventSessionPlace.session_id == session.id
            )
        )
        place.state, place.position = "waitlisted", (last or 0) + 1
    db.session.add(place)
    db.session.flush()
    return place


def fill(session: EventSession) -> int:
    """Give free places of ``session`` to the first people on its waitlist (takes the
    event's lock); how many."""
    lock_event(session.event_id)
    if session.capacity is None:
        return 0
    free = session.capacity - _held(session.id)
    if free <= 0:
        return 0
    waiting = db.session.scalars(
        select(EventSessionPlace)
        .where(EventSessionPlace.session_id == session.id, EventSessionPlace.state == "waitlisted")
        .order_by(EventSessionPlace.position, EventSessionPlace.id)
        .limit(free)
    ).all()
    for place in waiting:
        place.state, place.position = "held", None
    db.session.flush()
    return len(waiting)


def leave(user: User, session: EventSession) -> None:
    """Give up a place or a turn in ``session``. Raises EventError("not_in_session")."""
    lock_event(session.event_id)
    place = _find(session.id, user.id)
    if place is None:
        raise EventError("not_in_session")
    db.session.delete(place)
    db.session.flush()
    fill(session)


def forget(user_id: int, event_id: int) -> None:
    """A person leaves the event: their session places go to the next people waiting (the
    caller holds the event's lock)."""
    places = db.session.scalars(
        select(EventSessionPlace).where(
            EventSessionPlace.event_id == event_id, EventSessionPlace.user_id == user_id
        )
    ).all()
    sessions = {place.session_id for place in places if place.state == "held"}
    for place in places:
        db.session.delete(place)
    db.session.flush()
    for session_id in sorted(sessions):
        session = db.session.get(EventSession, session_id)
        if session is not None:
            fill(session)


def limited_sessions(event_id: int, user_id: int | None) -> list[SessionPlaces]:
    """The event's sessions with places of their own, in order, with places taken and the
    reader's place or turn (three queries whatever the numbers)."""
    sessions = db.session.scalars(
        select(EventSession)
        .where(EventSession.event_id == event_id, EventSession.capacity.is_not(None))
        .order_by(EventSession.starts_at, EventSession.id)
    ).all()
    if not sessions:
        return []
    taken = dict(
        db.session.execute(
            select(EventSessionPlace.session_id, func.count(EventSessionPlace.id))
            .where(EventSessionPlace.event_id == event_id, EventSessionPlace.state == "held")
            .group_by(EventSessionPlace.session_id)
        ).all()
    )
    mine: dict[int, str] = {}
    if user_id is not None:
        rows = db.session.execute(
            select(EventSessionPlace.session_id, EventSessionPlace.state).where(
                EventSessionPlace.event_id == event_id, EventSessionPlace.user_id == user_id
            )
        ).all()
        mine = dict(rows)
    out = []
    for session in sessions:
        out.append(SessionPlaces(session, taken.get(session.id, 0), mine.get(session.id)))
    return out
