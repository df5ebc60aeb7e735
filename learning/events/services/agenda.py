"""The agenda: sessions with their times, room, speakers and interpretation languages, the
agenda grouped by day in the event's time zone, and the sessions people star."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import groupby
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, select

from learning.accounts.models import User
from learning.events.models import (
    Event,
    EventRegistration,
    EventSession,
    EventSessionTranslation,
    EventSpeaker,
    EventSpeakerTranslation,
    EventStar,
)
from learning.events.services.common import EventError
from learning.language.content import languages
from learning.language.text import plain_text
from learning.language.timezones import from_wall_clock
from learning.platform.extensions import db
from learning.workshops.services.common import Texts, WorkshopError, clean_texts, sync_translations

# Languages a session may be interpreted into: codes, and "sign" for sign language.
INTERPRETATION = ("es", "en", "fr", "pt", "sign")
MAX_SPEAKERS = 20
MAX_BIO = 600


@dataclass
class SessionData:
    """What the session form gives; times are wall-clock times in the event's zone.
    ``speakers`` is one speaker a line: "Name — Affiliation" (or "Name, Affiliation"), or a
    member's e-mail address ("ana@example.org — Affiliation")."""

    texts: dict[str, Texts]
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    room: str = ""
    speakers: str = ""
    interpretation: list[str] = field(default_factory=list)
    capacity: int | None = None


@dataclass(frozen=True)
class SpeakerLine:
    """One line of the speakers field: a name, or a member's e-mail (``email``)."""

    name: str
    affiliation: str = ""
    email: str | None = None


def parse_speakers(text: str) -> list[SpeakerLine]:
    """One speaker per non-empty line. Raises EventError("too_many_speakers",
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
        email = name.lower() if "@" in name and " " not in name else None
        found.append(SpeakerLine(name="" if email else name, affiliation=affiliation, email=email))
    if len(found) > MAX_SPEAKERS:
        raise EventError("too_many_speakers", limit=MAX_SPEAKERS)
    return found


def _members(lines: list[SpeakerLine]) -> dict[str, User]:
    """The accounts of the e-mails given, by e-mail. Raises EventError("unknown_speaker",
    email=…) for an address no active account has."""
    emails = {line.email for line in lines if line.email}
    if not emails:
        return {}
    users = {
        user.email: user
        for user in db.session.scalars(
            select(User).where(func.lower(User.email).in_(emails), User.active.is_(True))
        )
    }
    for email in sorted(emails):
        if email not in users:
            raise EventError("unknown_speaker", email=email)
    return users


def speakers_text(session: EventSession) -> str:
    """The speakers as the form shows them, one a line (members by their e-mail)."""
    lines = []
    for s in session.speakers:
        who = s.user.email if s.user is not None else s.name
        lines.append(f"{who} — {s.affiliation}" if s.affiliation else who)
    return "\n".join(lines)


def _sync_speakers(session: EventSession, lines: list[SpeakerLine]) -> None:
    """Make the session's speakers ``lines``, in order; a speaker still listed (the same
    member, or the same name) keeps their row and so their bios."""
    members = _members(lines)
    old: dict[tuple[str, object], EventSpeaker] = {}
    for speaker in session.speakers:
        key = ("u", speaker.user_id) if speaker.user_id else ("n", speaker.name.casefold())
        old.setdefault(key, speaker)
    kept: list[EventSpeaker] = []
    for position, line in enumerate(lines):
        user = members.get(line.email) if line.email else None
        key = ("u", user.id) if user is not None else ("n", line.name.casefold())
        speaker = old.pop(key, None)
        if speaker is None:
            speaker = EventSpeaker(user=user, user_id=user.id if user else None)
        speaker.position = position
        speaker.name = "" if user is not None else line.name
        speaker.affiliation = line.affiliation
        kept.append(speaker)
    session.speakers[:] = kept
    db.session.flush()


def save_bios(speaker: EventSpeaker, bios: dict[str, str]) -> None:
    """Set a speaker's bio per language (an empty one is removed). Raises
    EventError("bio_too_long", limit=…) or ("bad_language")."""
    allowed = set(languages())
    cleaned = {}
    for language, bio in bios.items():
        if language not in allowed:
            raise EventError("bad_language")
        text = plain_text(bio or "", multiline=True).strip()
        if len(text) > MAX_BIO:
            raise EventError("bio_too_long", limit=MAX_BIO)
        cleaned[language] = text
    rows = {row.language: row for row in speaker.translations}
    for language, text in cleaned.items():
        row = rows.get(language)
        if not text:
            if row is not None:
                speaker.translations.remove(row)
        elif row is None:
            speaker.translations.append(EventSpeakerTranslation(language=language, bio=text))
        else:
            row.bio = text
    db.session.flush()


def save_session(event: Event, session: EventSession | None, data: SessionData) -> EventSession:
    """Add (``session`` None) or change a session of ``event``.

    Raises EventError: no_language, title_missing:<lang>, times_missing, session_times,
    bad_interpretation, too_many_speakers, speaker_too_long, unknown_speaker,
    bad_session_capacity."""
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
    _members(speakers)  # an unknown e-mail is refused before anything changes
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
    _sync_speakers(session, speakers)
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
