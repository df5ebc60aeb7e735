"""The public list of events: upcoming and past, filtered by theme, country, kind, format and
month, searched without caring for accents in every language."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, select

from learning.events.models import FORMATS, KINDS, Event, EventTag
from learning.language.taxonomy import THEMES, is_country
from learning.language.text import normalise
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.workshops.services.common import escape_like

MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")
LISTED = ("published", "cancelled")


@dataclass
class Filters:
    """List filters; empty strings mean "any". ``when`` is "upcoming" or "past"."""

    q: str = ""
    theme: str = ""
    country: str = ""
    kind: str = ""
    format: str = ""
    month: str = ""
    when: str = "upcoming"


def invalid_filters(filters: Filters) -> list[str]:
    """The names of filters whose value is not one we know."""
    bad = []
    if filters.theme and filters.theme not in THEMES:
        bad.append("theme")
    if filters.country and not is_country(filters.country):
        bad.append("country")
    if filters.kind and filters.kind not in KINDS:
        bad.append("kind")
    if filters.format and filters.format not in FORMATS:
        bad.append("format")
    if filters.month and not MONTH.fullmatch(filters.month):
        bad.append("month")
    if filters.when not in ("upcoming", "past"):
        bad.append("when")
    return bad


def _month_bounds(month: str, timezone: str) -> tuple[datetime, datetime]:
    year, number = (int(part) for part in month.split("-"))
    zone = ZoneInfo(timezone)
    start = datetime(year, number, 1, tzinfo=zone)
    end = datetime(year + number // 12, number % 12 + 1, 1, tzinfo=zone)
    return start.astimezone(UTC), end.astimezone(UTC)


def events_query(filters: Filters, *, timezone: str, now: datetime | None = None) -> Select[Any]:
    """Listed events matching ``filters`` (unknown values are ignored): upcoming ones soonest
    first (those still running count as upcoming), past ones latest first. ``timezone`` is
    where a month begins and ends (the reader's)."""
    now = now or utcnow()
    query = select(Event).where(Event.status.in_(LISTED))
    if filters.when == "past":
        query = query.where(Event.ends_at <= now).order_by(Event.starts_at.desc(), Event.id.desc())
    else:
        query = query.where(Event.ends_at > now).order_by(Event.starts_at, Event.id)
    for facet, value, good in (
        ("theme", filters.theme, filters.theme in THEMES),
        ("country", filters.country, bool(filters.country) and is_country(filters.country)),
    ):
        if value and good:
            query = query.where(
                Event.tags.any((EventTag.facet == facet) & (EventTag.value == value))
            )
    if filters.kind in KINDS:
        query = query.where(Event.kind == filters.kind)
    if filters.format in FORMATS:
        query = query.where(Event.format == filters.format)
    if filters.month and MONTH.fullmatch(filters.month):
        start, end = _month_bounds(filters.month, timezone)
        query = query.where(Event.starts_at < end, Event.ends_at > start)
    for term in normalise(filters.q[:200]).split()[:10]:
        query = query.where(Event.search_text.like(f"%{escape_like(term)}%", escape="\\"))
    return query


def upcoming(limit: int = 50, now: datetime | None = None) -> list[Event]:
    """The next published events (for the feeds)."""
    now = now or utcnow()
    return list(
        db.session.scalars(
            select(Event)
            .where(Event.status == "published", Event.ends_at > now)
            .order_by(Event.starts_at, Event.id)
            .limit(limit)
        )
    )
