"""Event indicators: registrations for the programme's events and attendance (in person, online)
by country or region, sector and gender, with the dashboard's filters (the period is when the
event starts; a theme filter keeps the events of that theme). Attendance counts each person
once per event and way of attending, whatever the number of days; walk-ins have no account,
so no country, sector or gender, and are not in these tables. Attendance per session counts each
person once per session; certificates of attendance count those not revoked. Grouped queries
(six per table), whatever the data size."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from learning.accounts.models import User
from learning.dashboard.services import Filters, _people, _period, region_expression
from learning.events.models import (
    Event,
    EventAttendance,
    EventCertificate,
    EventRegistration,
    EventSessionAttendance,
    EventTag,
)
from learning.language.taxonomy import GENDERS, REGIONS, SECTORS
from learning.platform.extensions import db

# Events that took or take place: drafts are not the programme's yet.
COUNTED = ("published", "archived")


def _column(dimension: str) -> Any:
    return {
        "region": region_expression(User.country),
        "sector": func.coalesce(User.sector, "other"),
        "gender": func.coalesce(User.gender, "undisclosed"),
    }[dimension]


def _events(query: Any, f: Filters) -> Any:
    query = query.where(Event.status.in_(COUNTED), _period(Event.starts_at, f), _people(f))
    if f.theme:
        query = query.where(
            Event.tags.any((EventTag.facet == "theme") & (EventTag.value == f.theme))
        )
    return query


def _attendance(f: Filters, dimension: str) -> dict[tuple[str, str], int]:
    """(key, mode) -> people who attended an event that way (once per event)."""
    people = _events(
        select(
            _column(dimension).label("key"),
            EventAttendance.mode.label("mode"),
            EventAttendance.event_id,
            EventAttendance.user_id,
        )
        .distinct()
        .join(User, User.id == EventAttendance.user_id)
        .join(Event, Event.id == EventAttendance.event_id),
        f,
    ).subquery()
    rows = db.session.execute(
        select(people.c.key, people.c.mode, func.count()).group_by(people.c.key, people.c.mode)
    ).all()
    return {(key, mode): n for key, mode, n in rows}


def _after(f: Filters, dimension: str) -> dict[tuple[str, str], int]:
    """(key, "sessions") -> attendances at sessions (one per person and session, in person or
    online); (key, "certificates") -> valid certificates of attendance issued."""
    column = _column(dimension)
    found: dict[tuple[str, str], int] = {}
    for what, model, extra in (
        ("sessions", EventSessionAttendance, None),
        ("certificates", EventCertificate, EventCertificate.revoked_at.is_(None)),
    ):
        query = _events(
            select(column, func.count(model.id))
            .join(User, User.id == model.user_id)
            .join(Event, Event.id == model.event_id)
            .group_by(column),
            f,
        )
        if extra is not None:
            query = query.where(extra)
        found.update({(key, what): n for key, n in db.session.execute(query).all()})
    return found


def registrations(f: Filters, dimension: str) -> list[tuple[str, int, int, int, int, int, int]]:
    """(key, registered, waitlisted, attended in person, attended online, session
    attendances, certificates of attendance) per region, sector or gender."""
    column = _column(dimension)
    query = _events(
        select(column, EventRegistration.state, func.count(EventRegistration.id))
        .join(User, User.id == EventRegistration.user_id)
        .join(Event, Event.id == EventRegistration.event_id)
        .where(EventRegistration.state.in_(("registered", "waitlisted")))
        .group_by(column, EventRegistration.state),
        f,
    )
    counts: dict[tuple[str, str], int] = {
        (key, state): n for key, state, n in db.session.execute(query).all()
    }
    counts.update(_attendance(f, dimension))
    counts.update(_after(f, dimension))
    keys = {"region": REGIONS, "sector": SECTORS, "gender": GENDERS}[dimension]
    return [
        (
            key,
            counts.get((key, "registered"), 0),
            counts.get((key, "waitlisted"), 0),
            counts.get((key, "in-person"), 0),
            counts.get((key, "online"), 0),
            counts.get((key, "sessions"), 0),
            counts.get((key, "certificates"), 0),
        )
        for key in keys
    ]
