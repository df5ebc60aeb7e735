"""The completion report of an edition: participants × lessons, the funnel, the survey's
results and the knowledge gain between the pre-test and the post-test."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from learning.accounts.models import User
from learning.completion.models import Completion, LessonCompletion, QuizAttempt
from learning.completion.services.common import ACCESS_STATES
from learning.completion.services.engine import (
    RuleValues,
    Status,
    gather_facts,
    quiz_roles,
    rule_for,
    rule_values,
    statuses,
    statuses_from,
)
from learning.completion.services.survey import SurveySummary, survey_summary
from learning.platform.extensions import db
from learning.workshops.models import (
    Edition,
    Enrolment,
    Lesson,
    LessonTranslation,
    Module,
    Workshop,
)


@dataclass
class ReportRow:
    """One participant of the report."""

    enrolment_id: int
    name: str
    email: str
    status: Status
    percent: int


@dataclass
class Report:
    """An edition's completion report: the funnel, survey and knowledge gain of everyone, the
    rows of one page (or of everyone)."""

    lessons: list[Lesson]
    rows: list[ReportRow]
    total: int
    funnel: list[tuple[str, int]]
    survey: SurveySummary
    knowledge: tuple[int | None, int | None, int]


def edition_report(edition: Edition, *, page: int | None = None, per_page: int = 50) -> Report:
    """Participants × lessons, the funnel, survey results and knowledge gain for an edition.

    Participants are sorted by name; ``page`` (from 1) keeps the rows of that page only, and
    only those rows are worked out. The funnel counts everyone, in SQL where it can.
    """
    workshop = edition.workshop
    lessons = report_lessons(workshop)
    # Columns, not objects: everyone is needed for the order and the counts.
    people = db.session.execute(
        select(Enrolment.id, Enrolment.edition_id, Enrolment.created_at, User.name, User.email)
        .join(User, Enrolment.user_id == User.id)
        .join(Edition, Enrolment.edition_id == Edition.id)
        .where(
            Edition.workshop_id == workshop.id,
            Enrolment.edition_id == edition.id,
            Enrolment.state.in_(ACCESS_STATES),
        )
    ).all()
    people.sort(key=lambda p: (p.name.casefold(), p.id))
    shown = people if page is None else people[(page - 1) * per_page : page * per_page]
    values = rule_values(rule_for(workshop))
    found = (
        statuses_from(shown, values, lessons, gather_facts(shown, [workshop.id], lessons))
        if shown
        else {}
    )
    rows = []
    for person in shown:
        current = found[person.id]
        total = len(current.required)
        percent = 100 if total == 0 else (100 * current.required_done) // total
        rows.append(ReportRow(person.id, person.name, person.email, current, percent))
    return Report(
        lessons,
        rows,
        len(people),
        _funnel(edition, lessons, people),
        survey_summary(edition=edition),
        knowledge_gain(workshop, [p.id for p in people]),
    )


def report_lessons(workshop: Workshop) -> list[Lesson]:
    """The workshop's lessons in curriculum order with their titles (not their bodies, modules
    or materials): two queries."""
    return list(
        db.session.scalars(
            select(Lesson)
            .join(Module, Lesson.module_id == Module.id)
            .where(Module.workshop_id == workshop.id)
            .options(
                selectinload(Lesson.translations).load_only(
                    LessonTranslation.language, LessonTranslation.title
                )
            )
            .order_by(Module.position, Module.id, Lesson.position, Lesson.id)
        )
    )


def _funnel(
    edition: Edition, lessons: list[Lesson], people: Sequence[Any]
) -> list[tuple[str, int]]:
    """Enrolled, started (a lesson done), halfway (half the required lessons done, or
    completed) and completed, for everyone in ``people`` (active and completed enrolments of
    ``edition``)."""
    in_scope = (Enrolment.edition_id == edition.id) & Enrolment.state.in_(ACCESS_STATES)
    started = db.session.scalar(
        select(func.count(func.distinct(LessonCompletion.enrolment_id)))
        .join(Enrolment, LessonCompletion.enrolment_id == Enrolment.id)
        .where(in_scope)
    )
    completed = db.session.scalar(
        select(func.count(Completion.id))
        .join(Enrolment, Completion.enrolment_id == Enrolment.id)
        .where(in_scope)
    )
    required = [lesson.id for lesson in lessons if lesson.required]
    if any(lesson.required and lesson.kind == "live" for lesson in lessons):
        # Which live sessions count differs per person (held before they enrolled, excused):
        # work each status out.
        found = statuses(edition.workshop, people, values=RuleValues(), lessons=lessons)
        halfway = 0
        for current in found.values():
            total = len(current.required)
            if current.completion is not None or total == 0:
                halfway += 1
            elif (100 * current.required_done) // total >= 50:
                halfway += 1
    elif not required:
        halfway = len(people)
    else:
        done = (
            select(func.count(LessonCompletion.id))
            .where(
                LessonCompletion.enrolment_id == Enrolment.id,
                LessonCompletion.lesson_id.in_(required),
            )
            .scalar_subquery()
        )
        has_completion = (
            select(Completion.id).where(Completion.enrolment_id == Enrolment.id).exists()
        )
        # (100 * done) // total >= 50, in whole numbers: 2 * done >= total.
        halfway = db.session.scalar(
            select(func.count(Enrolment.id)).where(
                in_scope, has_completion | (2 * done >= len(required))
            )
        )
    return [
        ("enrolled", len(people)),
        ("started", started or 0),
        ("halfway", halfway or 0),
        ("completed", completed or 0),
    ]


def knowledge_gain(
    workshop: Workshop, enrolment_ids: list[int]
) -> tuple[int | None, int | None, int]:
    """(average pre-test score, average post-test score, people who took both): the first
    pre-test attempt against the best post-test attempt."""
    roles = {s.role: s.lesson_id for s in quiz_roles(workshop).values() if s.role}
    if "pre" not in roles or "post" not in roles or not enrolment_ids:
        return None, None, 0
    pre = {
        e: score
        for e, score, number in db.session.execute(
            select(QuizAttempt.enrolment_id, QuizAttempt.score, QuizAttempt.number).where(
                QuizAttempt.lesson_id == roles["pre"],
                QuizAttempt.enrolment_id.in_(enrolment_ids),
                QuizAttempt.number == 1,
            )
        )
    }
    post = dict(
        db.session.execute(
            select(QuizAttempt.enrolment_id, func.max(QuizAttempt.score))
            .where(
                QuizAttempt.lesson_id == roles["post"],
                QuizAttempt.enrolment_id.in_(enrolment_ids),
            )
            .group_by(QuizAttempt.enrolment_id)
        ).all()
    )
    both = [e for e in pre if e in post]
    if not both:
        return None, None, 0
    return (
        round(sum(pre[e] for e in both) / len(both)),
        round(sum(post[e] for e in both) / len(both)),
        len(both),
    )
