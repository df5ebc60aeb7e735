"""The pages people read: a workshop (and its preview for authors) and a lesson.

Other features add their parts through slots (learning/platform/slots.py): the editions list
(WORKSHOP_EDITIONS), sections of the workshop page (WORKSHOP_PANELS), buttons for its authors
(WORKSHOP_EDITOR_LINKS), sections of the lesson page (LESSON_PANELS) and the reader's ticks in
the outline beside a lesson (LESSON_TICKS).
"""

from __future__ import annotations

import functools
from datetime import date
from typing import Any

from flask import render_template, request
from flask_babel import get_timezone
from flask_login import current_user

from learning.platform import cache
from learning.platform.dbtypes import utcnow
from learning.platform.slots import (
    LESSON_PANELS,
    LESSON_TICKS,
    WORKSHOP_EDITIONS,
    WORKSHOP_EDITOR_LINKS,
    WORKSHOP_PANELS,
    Panel,
)
from learning.workshops.access import (
    WorkshopFacts,
    editable,
    facts_of,
    followable_facts,
    lesson_facts,
    visible_facts,
)
from learning.workshops.blueprint import bp
from learning.workshops.models import Lesson, Workshop
from learning.workshops.services.catalogue import upcoming_editions
from learning.workshops.services.curriculum import LessonPlace, lesson_place, load_curriculum
from learning.workshops.services.materials import workshop_materials
from learning.workshops.services.permissions import can_edit, can_follow


@bp.route("/<slug>")
def detail(slug: str):
    """Anyone for a published (or archived) workshop; its authors for a draft."""
    return _detail_page(visible_facts(slug), preview=False)


@bp.route("/<slug>/preview")
def preview(slug: str):
    """The workshop's authors: the page as an enrolled participant sees it."""
    return _detail_page(facts_of(editable(slug)), preview=True)


def _detail_page(workshop: WorkshopFacts, *, preview: bool) -> str:
    editor = can_edit(current_user, workshop) and not preview
    today = utcnow().date()
    # Below the title the page is one reader's: kept per person (their enrolment, progress
    # and certificates renew it) and made afresh when the workshop or its editions change.
    body = cache.rendered(
        ("workshops", *cache.reader_kinds()),
        (workshop.id, today, preview, editor, str(get_timezone())),
        "workshops/_detail_body.html",
        lambda: _detail_body(workshop.load(), preview=preview, editor=editor, today=today),
    )
    return render_template("workshops/detail.html", text=workshop.text, body=body)


def _detail_body(workshop: Workshop, *, preview: bool, editor: bool, today: date) -> dict[str, Any]:
    follows = preview or can_follow(current_user, workshop)
    text = workshop.text()
    # Description, facts and outline are the same for every reader of a language (and, for
    # the outline, everyone who may or may not follow the lessons): made once per change.
    key = (workshop.id, today)
    # The panels (progress, for one) need the curriculum of those who follow the lessons.
    modules = load_curriculum(workshop, outline=True) if follows else None
    intro = cache.rendered(
        ("workshops",),
        key,
        "workshops/_detail_intro.html",
        lambda: {"workshop": workshop, "text": text},
    )
    outline = cache.rendered(
        ("workshops",),
        (*key, follows, preview),
        "workshops/_detail_outline.html",
        lambda: {
            "workshop": workshop,
            "modules": modules or load_curriculum(workshop, outline=True),
            "follows": follows,
            "preview": preview,
            "today": today,
        },
    )
    editions = upcoming_editions(workshop)
    editions_panel: Panel | None = WORKSHOP_EDITIONS.get()
    return {
        "workshop": workshop,
        "intro": intro,
        "outline": outline,
        "editions": editions,
        "editions_html": editions_panel.render(workshop, editions)
        if editions and editions_panel is not None
        else "",
        "panels": [panel.render(workshop, modules) for panel in WORKSHOP_PANELS.fillings()],
        "editor_links": [link(workshop) for link in WORKSHOP_EDITOR_LINKS.fillings()]
        if editor
        else [],
        "materials": workshop_materials(workshop) if follows else [],
        "editor": editor,
        "follows": follows,
        "preview": preview,
    }


@bp.route("/<slug>/lessons/<int:lesson_id>")
def lesson(slug: str, lesson_id: int):
    """Enrolled participants, the workshop's trainers and admins: one lesson."""
    facts = followable_facts(slug)
    found = lesson_facts(facts, lesson_id)
    editor = can_edit(current_user, facts)
    today = utcnow().date()
    closed = bool(found.release_on and found.release_on > today and not editor)

    # What is kept below needs no query; what is made afresh loads the rows, once.
    @functools.cache
    def rows() -> tuple[Workshop, Lesson]:
        return facts.load(), found.load()

    @functools.cache
    def place() -> LessonPlace:
        workshop, lesson = rows()
        return lesson_place(load_curriculum(workshop, outline=True), lesson.id)

    def head() -> dict[str, Any]:
        workshop, lesson = rows()
        return {
            "workshop": workshop,
            "lesson": lesson,
            "text": lesson.text(),
            "module_text": place().module.text(),
            "place": place(),
        }

    def content() -> dict[str, Any]:
        workshop, lesson = rows()
        return {"workshop": workshop, "lesson": lesson, "text": lesson.text()}

    @functools.cache
    def way() -> dict[str, Any]:
        workshop, lesson = rows()
        ticks = LESSON_TICKS.get()
        return {
            "workshop": workshop,
            "lesson": lesson,
            "place": place(),
            "done": ticks(workshop) if ticks is not None else set(),
            "today": today,
            "editor": editor,
        }

    def panel_context(panel: Panel) -> dict[str, Any]:
        return panel.context(*rows())

    timezone = (current_user.timezone, str(get_timezone()))
    show_edit = editor and request.args.get("preview") != "1"
    reader = ("workshops", *cache.reader_kinds())

    # What the lesson teaches is the same for every reader of a language (and timezone, for
    # live sessions): made once per change. The panels other features add (the reader's own
    # marks, attempts and attendance, with their forms) and the way through the workshop (the
    # outline with the reader's ticks, the next lesson) are kept per person, renewed by their
    # records. The whole is kept per person too: one lookup on most visits.
    def body() -> dict[str, Any]:
        return {
            "workshop": facts,
            "lesson": found,
            "text": found.text,
            "head": cache.rendered(
                ("workshops",), (found.id,), "workshops/_lesson_head.html", head
            ),
            "content": cache.rendered(
                ("workshops", "research"),  # a reading may be an output of the research library
                (found.id, *timezone),
                "workshops/_lesson_content.html",
                content,
            ),
            "panels": []
            if closed
            else [
                cache.rendered(
                    reader,
                    (found.id, editor, *timezone, panel.name),
                    panel.template,
                    functools.partial(panel_context, panel),
                )
                for panel in LESSON_PANELS.fillings()
            ],
            "nav": cache.rendered(
                reader, (found.id, editor, today), "workshops/_lesson_nav.html", way
            ),
            "outline": cache.rendered(
                reader, (found.id, editor, today), "workshops/_lesson_outline.html", way
            ),
            "closed": closed,
            "editor": show_edit,
        }

    kept = cache.rendered(
        ("workshops", "research", *cache.reader_kinds()),
        (found.id, editor, show_edit, closed, today, *timezone),
        "workshops/_lesson_body.html",
        body,
    )
    return render_template(
        "workshops/lesson.html", workshop=facts, text=found.text, body=kept
    ), 403 if closed else 200
