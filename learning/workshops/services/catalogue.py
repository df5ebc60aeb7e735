"""The catalogue: filters, the search query, and the upcoming editions of a workshop."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from learning.language.content import languages
from learning.language.taxonomy import AUDIENCES, THEMES
from learning.language.text import normalise
from learning.platform.dbtypes import utcnow
from learning.workshops.models import FORMATS, Edition, Workshop, WorkshopTag
from learning.workshops.services.common import escape_like


@dataclass
class Filters:
    """Catalogue filters; empty strings mean "any"."""

    q: str = ""
    theme: str = ""
    audience: str = ""
    format: str = ""
    language: str = ""


def invalid_filters(filters: Filters) -> list[str]:
    """The names of filters whose value is not one we know."""
    bad = []
    if filters.theme and filters.theme not in THEMES:
        bad.append("theme")
    if filters.audience and filters.audience not in AUDIENCES:
        bad.append("audience")
    if filters.format and filters.format not in FORMATS:
        bad.append("format")
    if filters.language and filters.language not in languages():
        bad.append("language")
    return bad


def catalogue_query(filters: Filters) -> Select[Any]:
    """Published workshops matching ``filters`` (unknown values are ignored), newest first,
    with what the cards show loaded eagerly."""
    query = (
        select(Workshop)
        .where(Workshop.status == "published")
        .options(selectinload(Workshop.editions), selectinload(Workshop.cover))
        .order_by(Workshop.published_at.desc(), Workshop.id.desc())
    )
    for facet, value, known in (
        ("theme", filters.theme, THEMES),
        ("audience", filters.audience, AUDIENCES),
        ("language", filters.language, languages()),
    ):
        if value and value in known:
            query = query.where(
                Workshop.tags.any((WorkshopTag.facet == facet) & (WorkshopTag.value == value))
            )
    if filters.format in FORMATS:
        query = query.where(Workshop.format == filters.format)
    for term in normalise(filters.q[:200]).split()[:10]:
        query = query.where(Workshop.search_text.like(f"%{escape_like(term)}%", escape="\\"))
    return query


def upcoming_editions(workshop: Workshop, today: date | None = None) -> list[Edition]:
    """The editions a workshop page and card offer, earliest first: those that start after
    today and are open or closed (not drafts, not cancelled), and those already under way
    that still take enrolments (open, not ended, their enrolment window not closed)."""
    now = utcnow()
    today = today or now.date()
    return [
        e
        for e in workshop.editions
        if (e.starts_on > today and e.status in ("open", "closed"))
        or (
            e.status == "open"
            and e.ends_on >= today
            and (e.enrolment_closes_at is None or e.enrolment_closes_at > now)
        )
    ]


def card_editions(workshops: list[Workshop], today: date) -> dict[int, list[Edition]]:
    """What each workshop's card offers (see ``upcoming_editions``), by workshop id: the
    first edition under way that still takes enrolments, and the next one to start."""
    found = {}
    for workshop in workshops:
        editions = upcoming_editions(workshop, today)
        running = next((e for e in editions if e.starts_on <= today), None)
        coming = next((e for e in editions if e.starts_on > today), None)
        found[workshop.id] = [e for e in (running, coming) if e is not None]
    return found
