"""The agenda: sessions with their times, room, speakers and interpretation languages, the
agenda grouped by day in the event's time zone, and the sessions people star."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import groupby
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select

from learning.accounts.models import User
from learning.events.models import (
    Event,
    EventRegistration,
    EventSession,
    EventSessionTranslation,
    EventSpeaker,
    EventStar,
)
from learning.events.services.common import EventError
from learning.language.text import plain_text
from learning.language.timezones import from_wall_clock
from learning.platform.extensions import db
from learning.workshops.services.common import Texts, WorkshopError, clean_texts, sync_translations

# Languages a session may be interpreted into: codes, and "sign" for sign language.
INTERPRETATION = ("es", "en", "fr", "pt", "sign")
MAX_SPEAKERS = 20


@dataclass
class SessionData:
    """What the session form gives; times are wall-clock times in the event's zone.
    ``speakers`` is one speaker a line: "Name — Affiliation" (or "Name, Affiliation")."""

    texts: dict[str, Texts]
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    room: str = ""
    speakers: str = ""
    interpretation: list[str] = field(default_factory=list)
    capacity: int | None = None


def parse_speakers(text: str) -> list[tuple[str, str]]:
    """(name, affiliation) per non-empty line. Raises EventError("too_many_speakers",
    "speaker_too_long")."""
    found = []
    for line in plain_text(text or "", multiline=True).splitlines():
        line = line.strip()
        if not line:
            continue
        for mark in (" — ", " – ", " - ", ", "):
            if mark in line:
                name, affiliation = (part.strip() for part in line.split(mark, 1))
                break
        else:
            name, affiliation = line, ""
        if len(name) > 200 or len(affiliation) > 200:
            raise EventError("speaker_too_long")
        found.append((name, affiliation))
    if len(found) > MAX_SPEAKERS:
        raise EventError("too_many_speakers", limit=MAX_SPEAKERS)
    return found


def speakers_text(session: EventSession) -> str:
    """The speakers as the form shows them, one a line."""
    return "\n".join(
        f"{s.name} — {s.affiliation}" if s.affiliation else s.name for s in session.speakers
    )


def save_session(event: Event, session: EventSession | None, data: SessionData) -> EventSession:
    """Add (``session`` None) or change a session of ``event``.

    Raises EventError: no_language, title_missing:<lang>, times_missing, session_times,
    bad_interpretation, too_many_speakers, speaker_too_long, bad_session_capacity."""
    try:
        texts = clean_texts(data.texts)
    except WorkshopError as exc:
        raise EventError(exc.code) from exc
    starts = from_wall_clock(data.starts_at, event.timezone)
    ends = from_wall_clock(data.ends_at, event.timezone)
    if starts is None or ends is None:
        raise EventError("times_missing")
    if ends <= starts:
        raise EventError("session_times")
    if not set(data.interpretation) <= set(INTERPRETATION):
        raise EventError("bad_interpretation")
    speakers = parse_speakers(data.speakers)
    if data.capacity is not None and not 1 <= data.capacity <= 100_000:
        raise EventError("bad_session_capacity")
    if session is None:
        session = EventSession(event=event)
        db.session.add(session)
    session.starts_at = starts
    session.ends_at = ends
    session.room = data.room.strip()[:120] or None
    session.capacity = data.capacity
    session.interpretation = " ".join(c for c in INTERPRETATION if c in data.interpretation)
    sync_translations(session.translations, texts, EventSessionTranslation, ("title",))
    session.speakers.clear()
    db.session.flush()
    for position, (name, affiliation) in enumerate(speakers):
        session.speakers.append(EventSpeaker(position=position, name=name, affiliation=affiliation))
    db.session.flush()
    return session


def delete_session(session: EventSession) -> None:
    """Take a session off the agenda (its stars go with it)."""
    db.session.delete(session)
    db.session.flush()


def by_day(event: Event, sessions: list[EventSession]) -> list[tuple[date, list[EventSession]]]:
    """The sessions grouped by their day in the event's time zone, in time order."""
    zone = ZoneInfo(event.timezone)
    ordered = sorted(sessions, key=lambda s: (s.starts_at, s.id))
    return [
        (day, list(items))
        for day, items in groupby(ordered, key=lambda s: s.starts_at.astimezone(zone).date())
    ]


def starred_ids(user: User, event: Event) -> set[int]:
    """The ids of the sessions of ``event`` that ``user`` starred."""
    return set(
        db.session.scalars(
            select(EventStar.session_id)
            .join(EventSession, EventSession.id == EventStar.session_id)
            .where(EventStar.user_id == user.id, EventSession.event_id == event.id)
        )
    )


def star(user: User, session: EventSession, on: bool) -> None:
    """Put a session on (or off) the person's agenda; only people with a place may.
    Raises EventError("not_registered")."""
    state = db.session.scalar(
        select(EventRegistration.state).where(
            EventRegistration.event_id == session.event_id, EventRegistration.user_id == user.id
        )
    )
    if state != "registered":
        raise EventError("not_registered")
    found = db.session.scalar(
        select(EventStar).where(EventStar.user_id == user.id, EventStar.session_id == session.id)
    )
    if on and found is None:
        db.session.add(EventStar(user_id=user.id, session_id=session.id))
    elif not on and found is not None:
        db.session.delete(found)
    db.session.flush()


def forget_stars(user_id: int, event_id: int) -> None:
    """Remove a person's stars on an event's sessions (when they withdraw)."""
    ids = select(EventSession.id).where(EventSession.event_id == event_id)
    db.session.execute(
        delete(EventStar)
        .where(EventStar.user_id == user_id, EventStar.session_id.in_(ids))
        .execution_options(synchronize_session=False, owner=user_id)
    )
