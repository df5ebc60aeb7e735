"""Calendar files that calendar apps import: parsed back with a real iCalendar parser."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar

from learning.enrolment.services.calendars import CalendarEvent, to_ics


def test_ics_round_trips_through_a_parser():
    start = datetime(2026, 3, 12, 10, 0, tzinfo=ZoneInfo("America/Mexico_City"))
    events = [
        CalendarEvent(
            uid="session-1",
            start=start.astimezone(UTC),
            end=(start + timedelta(hours=2)).astimezone(UTC),
            summary="Sesión en vivo: verificación de datos; práctica, con ejemplos",
            description="Línea uno\nLínea dos " + "x" * 120,
            location="https://meet.example.org/abc",
            timezone="America/Mexico_City",
        )
    ]
    data = to_ics(events, name="Mis sesiones", domain="puente.test")
    assert b"\r\n" in data and all(len(line) <= 75 for line in data.split(b"\r\n"))
    calendar = Calendar.from_ical(data)
    [event] = calendar.walk("VEVENT")
    assert str(event["uid"]) == "session-1@puente.test"
    assert event.decoded("dtstart") == datetime(2026, 3, 12, 16, 0, tzinfo=UTC)
    assert str(event["summary"]).startswith("Sesión en vivo: verificación de datos; práctica")
    assert "Línea dos" in str(event["description"])
    assert str(calendar["x-wr-calname"]) == "Mis sesiones"


def test_empty_calendar_is_still_valid():
    calendar = Calendar.from_ical(to_ics([], name="Nada", domain="puente.test"))
    assert calendar.walk("VEVENT") == []
