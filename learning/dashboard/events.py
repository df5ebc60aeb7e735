"""Event indicators: registrations for the programme's events by country or region, sector and
gender, with the dashboard's filters (the period is when the event starts; a theme filter
keeps the events of that theme). One grouped query per table, whatever the data size."""

from __future__ import annotations

from sqlalchemy import func, select

from learning.accounts.models import User
from learning.dashboard.services import Filters, _people, _period, region_expression
from learning.events.models import Event, EventRegistration, EventTag
from learning.language.taxonomy import GENDERS, REGIONS, SECTORS
from learning.platform.extensions import db

# Events that took or take place: drafts are not the programme's yet.
COUNTED = ("published", "archived")


def registrations(f: Filters, dimension: str) -> list[tuple[str, int, int]]:
    """(key, registered, waitlisted) per region, sector or gender."""
    column = {
        "region": region_expression(User.country),
        "sector": func.coalesce(User.sector, "other"),
        "gender": func.coalesce(User.gender, "undisclosed"),
    }[dimension]
    query = (
        select(column, EventRegistration.state, func.count(EventRegistration.id))
        .join(User, User.id == EventRegistration.user_id)
        .join(Event, Event.id == EventRegistration.event_id)
        .where(
            Event.status.in_(COUNTED),
            EventRegistration.state.in_(("registered", "waitlisted")),
            _period(Event.starts_at, f),
            _people(f),
        )
        .group_by(column, EventRegistration.state)
    )
    if f.theme:
        query = query.where(
            Event.tags.any((EventTag.facet == "theme") & (EventTag.value == f.theme))
        )
    counts: dict[tuple[str, str], int] = {
        (key, state): n for key, state, n in db.session.execute(query).all()
    }
    keys = {"region": REGIONS, "sector": SECTORS, "gender": GENDERS}[dimension]
    return [
        (key, counts.get((key, "registered"), 0), counts.get((key, "waitlisted"), 0))
        for key in keys
    ]
