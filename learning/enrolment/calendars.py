"""iCalendar (RFC 5545) files for live sessions, built with the icalendar library (it folds
long lines and escapes text the way calendar apps expect)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from icalendar import Calendar, Event

from learning.platform.dbtypes import utcnow


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
