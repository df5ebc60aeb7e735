"""Reading lessons that point at a research output of this platform, and the research page's
"Used in workshops" list that follows from them (no extra column: the link is the lesson's URL,
as a trainer would paste it from the output's page)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import Flask, has_request_context, request, url_for
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from learning.language.i18n import current_language
from learning.platform.extensions import db
from learning.research.models import ResearchOutput
from learning.research.services.workshops import WorkshopUse, readable_output
from learning.workshops.models import Lesson, Module, Workshop

_OUTPUT_PATH = re.compile(r"^/research/(\d+)(?:/v/\d+)?/?$")


def research_output_id(url: str | None) -> int | None:
    """The research output a lesson URL points at on this site, or None."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.netloc and has_request_context() and parts.netloc != request.host:
        return None
    match = _OUTPUT_PATH.match(parts.path)
    return int(match.group(1)) if match else None


def linked_output(lesson: Lesson) -> ResearchOutput | None:
    """The published research output a reading lesson points at, if any."""
    if lesson.kind != "reading":
        return None
    output_id = research_output_id(lesson.url)
    return readable_output(output_id) if output_id else None


def workshops_using(output: ResearchOutput) -> list[WorkshopUse]:
    """Published workshops whose reading lessons point at ``output`` (the research feature's
    OUTPUT_USAGE slot)."""
    lessons = db.session.scalars(
        select(Lesson)
        .join(Module, Module.id == Lesson.module_id)
        .join(Workshop, Workshop.id == Module.workshop_id)
        .where(
            Lesson.kind == "reading",
            Workshop.status == "published",
            or_(
                Lesson.url.like(f"%/research/{output.id}"),
                Lesson.url.like(f"%/research/{output.id}/%"),
            ),
        )
        .options(selectinload(Lesson.module).selectinload(Module.workshop))
    ).all()
    seen: dict[int, WorkshopUse] = {}
    for lesson in lessons:
        if research_output_id(lesson.url) != output.id:
            continue
        workshop = lesson.module.workshop
        if workshop.id not in seen:
            text = workshop.text()
            seen[workshop.id] = WorkshopUse(
                title=text.title if text else workshop.slug,
                url=url_for("workshops.detail", slug=workshop.slug),
            )
    return list(seen.values())


def output_title(output: ResearchOutput) -> str:
    """The output's title in the reader's language (or its other language)."""
    version = output.latest or output.newest
    return version.text_for(current_language()).title


def init_app(app: Flask) -> None:
    """Template helpers for reading lessons."""
    app.jinja_env.globals.update(linked_output=linked_output, output_title=output_title)
