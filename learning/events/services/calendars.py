"""Events as iCalendar: one event's agenda, a person's starred sessions, the feed of upcoming
events, and the entries of a person's private calendar feed (built with enrolment's
``to_ics``, so every calendar file of the platform is written the same way)."""

from __future__ import annotations

from collections.abc import Iterable

from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from learning.accounts.models import User
from learning.enrolment.services.calendars import CalendarEvent
from learning.events.models import Event, EventRegistration, EventSession, EventStar
from learning.platform.extensions import db


def _place(event: Event) -> str:
    return ", ".join(part for part in (event.venue, event.address) if part)


def _title(event: Event, language: str) -> str:
    text = event.text(language)
    return text.title if text else f"#{event.id}"


def event_entry(event: Event, language: str, url: str) -> CalendarEvent:
    """The whole event as one calendar entry."""
    text = event.text(language)
    return CalendarEvent(
        uid=f"event-{event.id}",
        start=event.starts_at,
        end=event.ends_at,
        summary=_title(event, language),
        description=text.summary if text else "",
        location=_place(event),
        url=url,
        timezone=event.timezone,
    )


def session_entries(
    event: Event, sessions: Iterable[EventSession], language: str, url: str
) -> list[CalendarEvent]:
    """One calendar entry per session: "session title · event title", with room and
    speakers."""
    title = _title(event, language)
    entries = []
    for session in sessions:
        text = session.text(language)
        speakers = ", ".join(
            f"{s.shown_name} ({s.affiliation})" if s.affiliation else s.shown_name
            for s in session.speakers
        )
        entries.append(
            CalendarEvent(
                uid=f"event-{event.id}-session-{session.id}",
                start=session.starts_at,
                end=session.ends_at,
                summary=f"{text.title if text else ''} · {title}",
                description=speakers,
                location=" · ".join(p for p in (session.room or "", _place(event)) if p),
                url=url,
                timezone=event.timezone,
            )
        )
    return entries


def feed_entries(user: User, language: str) -> list[CalendarEvent]:
    """What a person's private calendar feed shows of events (the enrolment feature's
    CALENDAR_ENTRIES slot): for each published event they have a place at, the sessions they
    starred, or the whole event when they starred none."""
    events = db.session.scalars(
        select(Event)
        .join(EventRegistration, EventRegistration.event_id == Event.id)
        .where(
            EventRegistration.user_id == user.id,
            EventRegistration.state == "registered",
            Event.status == "published",
        )
        .order_by(Event.starts_at, Event.id)
        .options(selectinload(Event.sessions))
    ).all()
    starred = set(
        db.session.scalars(select(EventStar.session_id).where(EventStar.user_id == user.id))
    )
    entries = []
    for event in events:
        url = url_for("events.detail", event_id=event.id, _external=True)
        chosen = [s for s in event.sessions if s.id in starred]
        entries += session_entries(event, chosen, language, url) or [
            event_entry(event, language, url)
        ]
    return entries
