"""Calendars: iCalendar (RFC 5545) files for live sessions, built with the icalendar library
(it folds long lines and escapes text the way calendar apps expect), and each person's private
feed behind a secret token."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from icalendar import Calendar, Event
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from learning.accounts.models import User
from learning.enrolment.models import CalendarToken, EditionSession
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.workshops.models import Edition, Enrolment, Workshop


@dataclass(frozen=True)
class CalendarEvent:
    """One live session as calendar apps see it; times are timezone-aware."""

    uid: str
    start: datetime
    end: datetime
    summary: str
    description: str = ""
    location: str = ""
    url: str = ""
    timezone: str = ""


def to_ics(events: Iterable[CalendarEvent], *, name: str, domain: str) -> bytes:
    """A VCALENDAR with one VEVENT per event; UIDs are ``<uid>@<domain>`` so updates replace."""
    calendar = Calendar()
    calendar.add("prodid", "-//Puente//Live sessions//ES")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    stamp = utcnow()
    for item in events:
        event = Event()
        event.add("uid", f"{item.uid}@{domain}")
        event.add("dtstamp", stamp)
        # Stored in UTC: a "Z" time every calendar app places right in its own zone.
        event.add("dtstart", item.start)
        event.add("dtend", item.end)
        event.add("summary", item.summary)
        if item.description:
            event.add("description", item.description)
        if item.location:
            event.add("location", item.location)
        if item.url:
            event.add("url", item.url)
        if item.timezone:
            event.add("x-puente-timezone", item.timezone)
        calendar.add_component(event)
    return calendar.to_ical()


# Private feeds --------------------------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_calendar_token(user: User) -> str:
    """A new secret for ``user``'s private calendar feed; any earlier link stops working."""
    token = secrets.token_urlsafe(32)
    row = db.session.get(CalendarToken, user.id)
    if row is None:
        row = CalendarToken(user_id=user.id)
        db.session.add(row)
    row.token_hash = _token_hash(token)
    row.created_at = utcnow()
    db.session.flush()
    return token


def calendar_token_row(user: User) -> CalendarToken | None:
    """Whether (and since when) ``user`` has a private calendar link."""
    return db.session.get(CalendarToken, user.id)


def revoke_calendar_token(user: User) -> None:
    """Turn the private calendar link off."""
    row = db.session.get(CalendarToken, user.id)
    if row is not None:
        db.session.delete(row)
        db.session.flush()


def user_for_calendar(token: str) -> User | None:
    """The active person whose private feed ``token`` opens, or None."""
    if not token or len(token) > 100:
        return None
    row = db.session.scalar(
        select(CalendarToken)
        .where(CalendarToken.token_hash == _token_hash(token))
        .options(joinedload(CalendarToken.user))
    )
    if row is None or not row.user.active:
        return None
    return row.user


def calendar_events(
    sessions: dict[int, list[EditionSession]], editions: Iterable[Edition], language: str
) -> list[CalendarEvent]:
    """Calendar entries for the sessions of ``editions`` with titles in ``language``."""
    events = []
    for edition in editions:
        workshop_text = edition.workshop.text(language)
        workshop_title = workshop_text.title if workshop_text else edition.workshop.slug
        for item in sessions.get(edition.id, []):
            lesson_text = item.lesson.text(language)
            title = lesson_text.title if lesson_text else ""
            events.append(
                CalendarEvent(
                    uid=f"edition-{edition.id}-lesson-{item.lesson_id}",
                    start=item.starts_at,
                    end=item.ends_at,
                    summary=f"{title} · {workshop_title} ({edition.name})",
                    description=item.meeting_url or "",
                    location=item.place or edition.place or "",
                    url=item.meeting_url or "",
                    timezone=edition.timezone,
                )
            )
    return events


def feed_editions(user: User) -> list[Edition]:
    """The editions whose sessions go in ``user``'s private feed: their active enrolments."""
    return list(
        db.session.scalars(
            select(Edition)
            .join(Enrolment, Enrolment.edition_id == Edition.id)
            .where(Enrolment.user_id == user.id, Enrolment.state == "active")
            .options(joinedload(Edition.workshop).selectinload(Workshop.translations))
        ).unique()
    )
