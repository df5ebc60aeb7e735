"""The home page's featured workshops (the core feature's HOME_SECTIONS slot): published
workshops with a cover first, those with an edition coming soonest first, then the newest;
one per theme before a second of any."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from learning.language.content import language_name
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.platform.slots import Section
from learning.workshops.models import FORMATS, Workshop
from learning.workshops.services.catalogue import card_editions

FEATURED = 4


def featured() -> dict[str, Any]:
    """The context of the section: up to FEATURED workshops and their next editions; empty
    (nothing shown) when nothing is published."""
    today = utcnow().date()
    published = list(
        db.session.scalars(
            select(Workshop)
            .where(Workshop.status == "published")
            .options(selectinload(Workshop.editions), selectinload(Workshop.cover))
            .order_by(Workshop.published_at.desc(), Workshop.id.desc())
            .limit(30)
        )
    )
    if not published:
        return {}
    offered = card_editions(published, today)

    def rank(workshop: Workshop) -> tuple[bool, bool, Any]:
        editions = offered.get(workshop.id) or []
        return (workshop.cover is None, not editions, editions[0].starts_on if editions else today)

    ranked = sorted(published, key=rank)
    # One per theme first (by each workshop's first theme), so the programme shows its range.
    chosen: list[Workshop] = []
    for workshop in ranked:
        themes = {w.themes[0] for w in chosen if w.themes}
        if workshop.themes and workshop.themes[0] not in themes:
            chosen.append(workshop)
    chosen += [w for w in ranked if w not in chosen]
    chosen = sorted(chosen[:FEATURED], key=rank)
    # The workshops blueprint's template helpers, which the home page (another blueprint)
    # does not have.
    helpers = {"FORMATS": FORMATS, "language_name": language_name}
    return {"workshops": chosen, "offered": offered, "today": today, **helpers}


SECTION = Section("workshops", ("workshops",), "workshops/_home_section.html", featured, order=10)
