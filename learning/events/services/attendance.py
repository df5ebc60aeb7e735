"""Attendance: organisers check people in at the door (a ticket code, a name from the list, or
a walk-in nobody registered) for one day of the event; registered people mark themselves
present online with the day's short code while the event runs.

With a session chosen (``session``), the check-in and the session's own online code record the
person at that session too (and at its day, if not yet). One row per person and session.

Days are dates in the event's time zone, from the day it starts to the day it ends. One row per
person and day: a second check-in is refused with the time of the first ("already_present"),
also when two come at once (the unique constraint decides, in a savepoint).
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager, selectinload

from learning.accounts.models import User
from learning.events.models import (
    Event,
    EventAttendance,
    EventRegistration,
    EventSession,
    EventSessionAttendance,
)
from learning.events.services.common import EventError
from learning.events.services.tickets import check_ticket
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.workshops.services.common import escape_like

# Short codes: no 0/O, 1/I/L, so they read aloud and copy from a screen without doubt.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
SEARCH_LIMIT = 50
# Events whose door is open: drafts and cancelled events take no attendance.
CHECKING = ("published", "archived")


def local_day(event: Event, moment: datetime) -> date:
    """The date of ``moment`` in the event's time zone."""
    return moment.astimezone(ZoneInfo(event.timezone)).date()


def event_days(event: Event) -> list[date]:
    """Every date of the event in its time zone, first to last."""
    first = local_day(event, event.starts_at)
    last = local_day(event, event.ends_at - timedelta(microseconds=1))
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def default_day(event: Event) -> date:
    """Today in the event's time zone, or the nearest day of the event."""
    days = event_days(event)
    return min(max(local_day(event, utcnow()), days[0]), days[-1])


def parse_day(event: Event, value: str | None) -> date:
    """The day of the event ``value`` (YYYY-MM-DD) names, or the default day when empty.
    Raises EventError("bad_day") for a date that is not one of the event's."""
    if not value:
        return default_day(event)
    try:
        day = date.fromisoformat(value.strip()[:10])
    except ValueError as exc:
        raise EventError("bad_day") from exc
    if day not in event_days(event):
        raise EventError("bad_day")
    return day


def _door_open(event: Event) -> None:
    if event.status not in CHECKING:
        raise EventError("no_check_in")


def _record(
    event: Event, day: date, row: EventAttendance, existing: EventAttendance | None
) -> EventAttendance:
    """Add ``row`` unless someone is already present; a simultaneous twin loses in the
    savepoint and is told the time of the first."""
    if existing is None:
        try:
            with db.session.begin_nested():
                db.session.add(row)
        except IntegrityError:
            existing = _find(event, day, row.user_id, row.email)
    if existing is not None:
        raise EventError(
            "already_present", at=existing.recorded_at, zone=event.timezone, mode=existing.mode
        )
    return row


def _find(
    event: Event, day: date, user_id: int | None, email: str | None
) -> EventAttendance | None:
    column = EventAttendance.user_id if user_id is not None else EventAttendance.email
    return db.session.scalar(
        select(EventAttendance).where(
            EventAttendance.event_id == event.id,
            EventAttendance.day == day,
            column == (user_id if user_id is not None else email),
        )
    )


def check_in(
    event: Event,
    registration: EventRegistration,
    day: date,
    session: EventSession | None = None,
) -> EventAttendance | EventSessionAttendance:
    """Record that the registered person came in person on ``day`` (to ``session``, when
    given: then being present that day already is no refusal).

    Raises EventError("no_check_in"|"ticket_not_valid"|"already_present")."""
    _door_open(event)
    if registration.event_id != event.id or registration.state != "registered":
        raise EventError("ticket_not_valid")
    row = EventAttendance(
        event_id=event.id, day=day, mode="in-person", user_id=registration.user_id
    )
    if session is not None:
        return _at_session(event, session, row)
    return _record(event, day, row, _find(event, day, registration.user_id, None))


def check_in_ticket(
    event: Event, code: str, day: date, session: EventSession | None = None
) -> EventRegistration:
    """Check in the person whose ticket ``code`` is; returns their registration.

    Raises EventError("bad_ticket"|"ticket_not_valid"|"no_check_in"|"already_present")."""
    _door_open(event)
    registration = check_ticket(event, code)
    check_in(event, registration, day, session)
    return registration


def walk_in(
    event: Event, name: str, email: str, day: date, session: EventSession | None = None
) -> EventAttendance | EventSessionAttendance:
    """Record someone who came without registering: their name and e-mail, no account.

    Raises EventError("walk_in_name"|"walk_in_email"|"no_check_in"|"already_present")."""
    _door_open(event)
    name = " ".join((name or "").split())
    if not name or len(name) > 200:
        raise EventError("walk_in_name")
    try:
        email = validate_email((email or "").strip(), check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise EventError("walk_in_email") from exc
    email = email.lower()
    if len(email) > 254:
        raise EventError("walk_in_email")
    row = EventAttendance(event_id=event.id, day=day, mode="in-person", name=name, email=email)
    if session is not None:
        return _at_session(event, session, row)
    return _record(event, day, row, _find(event, day, None, email))


def search(
    event: Event, q: str, day: date
) -> list[tuple[EventRegistration, EventAttendance | None]]:
    """Registered people whose name or e-mail contains ``q``, with their attendance on
    ``day`` (one query, at most SEARCH_LIMIT rows, by name)."""
    needle = f"%{escape_like(q.strip().lower())}%"
    present = (
        select(EventAttendance)
        .where(EventAttendance.event_id == event.id, EventAttendance.day == day)
        .subquery()
    )
    rows = db.session.execute(
        select(EventRegistration, present.c.recorded_at, present.c.mode)
        .join(EventRegistration.user)
        .outerjoin(present, present.c.user_id == EventRegistration.user_id)
        .where(
            EventRegistration.event_id == event.id,
            EventRegistration.state == "registered",
            or_(
                func.lower(User.name).like(needle, escape="\\"),
                func.lower(User.email).like(needle, escape="\\"),
            ),
        )
        .options(contains_eager(EventRegistration.user))
        .order_by(User.name, EventRegistration.id)
        .limit(SEARCH_LIMIT)
    ).all()
    return [
        (r, EventAttendance(recorded_at=at, mode=mode) if at is not None else None)
        for r, at, mode in rows
    ]


def day_counts(event: Event, day: date) -> dict[str, int]:
    """How many were present on ``day``: {"in-person": n, "online": m}."""
    rows = db.session.execute(
        select(EventAttendance.mode, func.count(EventAttendance.id))
        .where(EventAttendance.event_id == event.id, EventAttendance.day == day)
        .group_by(EventAttendance.mode)
    ).all()
    return {"in-person": 0, "online": 0, **dict(rows)}  # type: ignore[arg-type]


def online_code(event: Event, day: date | str) -> str:
    """The day's short code for online attendance: derived from the app's secret, the event
    and the day, so it needs no storage and changes every day."""
    key = str(current_app.config["SECRET_KEY"]).encode()
    digest = hmac.new(key, f"puente.events.online:{event.id}:{day}".encode(), hashlib.sha256)
    number = int.from_bytes(digest.digest()[:8], "big")
    letters = []
    for _ in range(CODE_LENGTH):
        number, index = divmod(number, len(ALPHABET))
        letters.append(ALPHABET[index])
    return "".join(letters)


def takes_online(event: Event) -> bool:
    """Whether people can attend the event online (and so enter the day's code)."""
    return event.format != "in-person" and event.status == "published"


def is_running(event: Event) -> bool:
    """Whether the event is under way now."""
    return event.starts_at <= utcnow() < event.ends_at


def attend_online(user: User, event: Event, code: str) -> EventAttendance:
    """Mark ``user`` present online today with the code the organiser shows.

    Raises EventError("no_online"|"not_running"|"not_registered"|"bad_code"|
    "already_present")."""
    if not takes_online(event):
        raise EventError("no_online")
    if not is_running(event):
        raise EventError("not_running")
    registration = db.session.scalar(
        select(EventRegistration).where(
            EventRegistration.event_id == event.id, EventRegistration.user_id == user.id
        )
    )
    if registration is None or registration.state != "registered":
        raise EventError("not_registered")
    day = local_day(event, utcnow())
    given = "".join((code or "").split()).upper()[:20]
    row = EventAttendance(event_id=event.id, day=day, mode="online", user_id=user.id)
    if not hmac.compare_digest(given.encode(), online_code(event, day).encode()):
        session = _session_of_code(event, given)
        if session is None:
            raise EventError("bad_code")
        if not session.starts_at <= utcnow() < session.ends_at:
            raise EventError("session_not_running")
        return _at_session(event, session, row)
    return _record(event, day, row, _find(event, day, user.id, None))


def presence(user: User, event: Event) -> EventAttendance | None:
    """The person's attendance today (event time zone), if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    return _find(event, local_day(event, utcnow()), user.id, None)


# Sessions ------------------------------------------------------------------------------------


def parse_session(event: Event, value: str | None) -> EventSession | None:
    """The session of ``event`` that ``value`` (its id) names, or None when empty.
    Raises EventError("bad_session") for anything else (a session of another event too)."""
    if not (value or "").strip():
        return None
    try:
        session_id = int(str(value).strip())
    except ValueError as exc:
        raise EventError("bad_session") from exc
    session = db.session.get(EventSession, session_id)
    if session is None or session.event_id != event.id:
        raise EventError("bad_session")
    return session


def sessions_of(event: Event) -> list[EventSession]:
    """The event's sessions with their texts, by time (two queries, however many)."""
    return list(
        db.session.scalars(
            select(EventSession)
            .where(EventSession.event_id == event.id)
            .options(selectinload(EventSession.translations))
            .order_by(EventSession.starts_at, EventSession.id)
        )
    )


def day_sessions(event: Event, day: date) -> list[EventSession]:
    """The event's sessions that start on ``day`` (event time zone), by time."""
    return [s for s in sessions_of(event) if local_day(event, s.starts_at) == day]


def session_code(event: Event, session: EventSession) -> str:
    """A session's own short code for online attendance (as the day's, from the secret)."""
    return online_code(event, f"session:{session.id}")


def _session_of_code(event: Event, given: str) -> EventSession | None:
    for session in event.sessions:
        if hmac.compare_digest(given.encode(), session_code(event, session).encode()):
            return session
    return None


def _at_session(
    event: Event, session: EventSession, day_row: EventAttendance
) -> EventSessionAttendance:
    """Record ``day_row``'s person at ``session`` and, unless already there, at its day.
    Raises EventError("already_present") when they are already at the session."""
    day = local_day(event, session.starts_at)
    day_row.day = day
    if _find(event, day, day_row.user_id, day_row.email) is None:
        try:
            with db.session.begin_nested():
                db.session.add(day_row)
        except IntegrityError:
            pass  # a simultaneous check-in wrote the day: the session is what matters here
    row = EventSessionAttendance(
        event_id=event.id,
        session_id=session.id,
        mode=day_row.mode,
        user_id=day_row.user_id,
        name=day_row.name,
        email=day_row.email,
    )
    existing = _find_at_session(session, day_row.user_id, day_row.email)
    if existing is None:
        try:
            with db.session.begin_nested():
                db.session.add(row)
            return row
        except IntegrityError:
            existing = _find_at_session(session, day_row.user_id, day_row.email)
    raise EventError(
        "already_present",
        at=existing.recorded_at if existing else utcnow(),
        zone=event.timezone,
        mode=existing.mode if existing else row.mode,
    )


def _find_at_session(
    session: EventSession, user_id: int | None, email: str | None
) -> EventSessionAttendance | None:
    column = EventSessionAttendance.user_id if user_id is not None else EventSessionAttendance.email
    return db.session.scalar(
        select(EventSessionAttendance).where(
            EventSessionAttendance.session_id == session.id,
            column == (user_id if user_id is not None else email),
        )
    )


def session_counts(event: Event) -> dict[int, dict[str, int]]:
    """How many were at each session: {session id: {"in-person": n, "online": m}} (one
    query; sessions nobody attended are absent)."""
    rows = db.session.execute(
        select(
            EventSessionAttendance.session_id,
            EventSessionAttendance.mode,
            func.count(EventSessionAttendance.id),
        )
        .where(EventSessionAttendance.event_id == event.id)
        .group_by(EventSessionAttendance.session_id, EventSessionAttendance.mode)
    ).all()
    counts: dict[int, dict[str, int]] = {}
    for session_id, mode, n in rows:
        counts.setdefault(session_id, {"in-person": 0, "online": 0})[mode] = n
    return counts
