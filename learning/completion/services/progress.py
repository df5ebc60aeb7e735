"""Progress: how far each enrolment is through its workshop's required lessons (for My learning
and the workshop page), and per module."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager

from learning.completion.models import LessonCompletion
from learning.completion.services.engine import RuleValues, Status, gather_facts, statuses_from
from learning.enrolment.services.mylearning import Progress
from learning.platform.extensions import db
from learning.workshops.models import Edition, Enrolment, Lesson, Module, Workshop


def _progress_url(slug: str, lesson_id: int | None) -> str | None:
    if lesson_id is None:
        return None
    from flask import url_for

    return url_for("workshops.lesson", slug=slug, lesson_id=lesson_id)


def progress_for(enrolments: Sequence[Enrolment]) -> dict[int, Progress]:
    """Progress of each enrolment (any workshops) in a fixed number of queries."""
    if not enrolments:
        return {}
    # Columns, not objects: progress needs the workshops' slugs and the lessons' ids, kinds
    # and order only.
    editions = {
        edition_id: (workshop_id, slug)
        for edition_id, workshop_id, slug in db.session.execute(
            select(Edition.id, Edition.workshop_id, Workshop.slug)
            .join(Workshop, Edition.workshop_id == Workshop.id)
            .where(Edition.id.in_({en.edition_id for en in enrolments}))
        )
    }
    workshop_ids = {workshop_id for workshop_id, _slug in editions.values()}
    lessons_by_workshop: dict[int, list[Any]] = defaultdict(list)
    for row in db.session.execute(
        select(Lesson.id, Lesson.kind, Lesson.required, Lesson.starts_at, Module.workshop_id)
        .join(Module, Lesson.module_id == Module.id)
        .where(Module.workshop_id.in_(workshop_ids))
        .order_by(Module.workshop_id, Module.position, Module.id, Lesson.position, Lesson.id)
    ):
        lessons_by_workshop[row.workshop_id].append(row)
    result: dict[int, Progress] = {}
    by_workshop: dict[int, list[Enrolment]] = defaultdict(list)
    for enrolment in enrolments:
        by_workshop[editions[enrolment.edition_id][0]].append(enrolment)
    facts = gather_facts(
        enrolments,
        by_workshop,
        [lesson for group in lessons_by_workshop.values() for lesson in group],
    )
    for workshop_id, group in by_workshop.items():
        slug = editions[group[0].edition_id][1]
        lessons = lessons_by_workshop[workshop_id]
        found = statuses_from(group, RuleValues(), lessons, facts)
        for enrolment in group:
            result[enrolment.id] = _progress(slug, lessons, found[enrolment.id])
    return result


def latest_active_enrolment(user_id: int) -> Enrolment | None:
    """The person's active enrolment they worked in last (their latest lesson completion, or
    when they enrolled), in a workshop that is not a draft; with its edition and workshop."""
    last = (
        select(func.max(LessonCompletion.completed_at))
        .where(LessonCompletion.enrolment_id == Enrolment.id)
        .scalar_subquery()
    )
    return db.session.scalar(
        select(Enrolment)
        .join(Enrolment.edition)
        .join(Edition.workshop)
        .where(
            Enrolment.user_id == user_id,
            Enrolment.state == "active",
            Workshop.status != "draft",
        )
        .options(contains_eager(Enrolment.edition).contains_eager(Edition.workshop))
        .order_by(func.coalesce(last, Enrolment.created_at).desc(), Enrolment.id.desc())
        .limit(1)
    )


def progress_of(workshop: Workshop, lessons: list[Lesson], current: Status) -> Progress:
    """Progress from a Status already computed (lessons in curriculum order)."""
    return _progress(workshop.slug, lessons, current)


def _progress(slug: str, lessons: Sequence[Any], current: Status) -> Progress:
    total = len(current.required)
    done = current.required_done
    percent = 100 if total == 0 else (100 * done) // total
    required = set(current.required)
    following = next(
        (lesson for lesson in lessons if lesson.id in required and lesson.id not in current.done),
        None,
    ) or next((lesson for lesson in lessons if lesson.id not in current.done), None)
    lesson_id = following.id if following else None
    return Progress(done, total, percent, _progress_url(slug, lesson_id), lesson_id)


@dataclass
class ModuleProgress:
    """Required lessons done in one module."""

    done: int
    total: int

    @property
    def percent(self) -> int:
        """Whole percent, 100 only when everything is done."""
        return 100 if self.total == 0 else (100 * self.done) // self.total


def module_progress(modules: Sequence[Module], current: Status) -> dict[int, ModuleProgress]:
    """Progress per module, from a Status already computed."""
    required = set(current.required)
    out = {}
    for module in modules:
        mine = [lesson.id for lesson in module.lessons if lesson.id in required]
        out[module.id] = ModuleProgress(sum(1 for i in mine if i in current.done), len(mine))
    return out
