"""The home page's recent research outputs (the core feature's HOME_SECTIONS slot): the
newest published outputs anyone may see (public or embargoed, never network-only)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from learning.language.i18n import current_language
from learning.platform.extensions import db
from learning.platform.slots import Section
from learning.research.models import ResearchOutput

SHOWN = 4


def recent() -> dict[str, Any]:
    """The context of the section: the SHOWN newest public outputs; empty (nothing shown)
    when none is published."""
    outputs = list(
        db.session.scalars(
            select(ResearchOutput)
            .where(
                ResearchOutput.state == "published",
                ResearchOutput.access != "network",
                ResearchOutput.latest_number.is_not(None),
            )
            .options(selectinload(ResearchOutput.versions))
            .order_by(ResearchOutput.published_at.desc(), ResearchOutput.id.desc())
            .limit(SHOWN)
        )
    )
    return {"outputs": outputs, "language": current_language()} if outputs else {}


SECTION = Section("research", ("research",), "research/_home_section.html", recent, order=30)
