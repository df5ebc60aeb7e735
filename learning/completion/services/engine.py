"""The completion engine and rule: where each enrolment stands against its workshop's rule
(required lessons, quiz average, attendance share), granting the completion and its certificate
when the rule is met (never taking one away), and setting the rule."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from learning.accounts.models import User
from learning.completion.models import (
    ATTENDED,
    Attendance,
    Completion,
    CompletionRule,
    LessonCompletion,
    QuizAttempt,
    QuizSettings,
)
from learning.completion.services.certify import issue_certificate
from learning.completion.services.common import (
    ACCESS_STATES,
    CompletionError,
    curriculum_lessons,
    insert_ignoring_duplicates,
    session_starts,
)
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.workshops.models import Edition, Enrolment, Lesson, Workshop


@dataclass
class Status:
    """Where one enrolment stands against its workshop's rule, with the reasons."""

    required: list[int]
    done: set[int]
    quiz_average: int | None
    attendance_share: int | None
    min_quiz_average: int | None
    min_attendance_share: int | None
    completion: Completion | None = None

    @property
    def lessons_met(self) -> bool:
        """Every required lesson done."""
        return all(lesson_id in self.done for lesson_id in self.required)

    @property
    def quiz_met(self) -> bool:
        """The quiz average reaches the minimum (or there is no minimum, or no quiz)."""
        if self.min_quiz_average is None or self.quiz_average is None:
            return True
        return self.quiz_average >= self.min_quiz_average

    @property
    def attendance_met(self) -> bool:
        """The attendance share reaches the minimum (or none is set, or nothing was marked)."""
        if self.min_attendance_share is None or self.attendance_share is None:
            return True
        return self.attendance_share >= self.min_attendance_share

    @property
    def met(self) -> bool:
        """The rule is met."""
        return self.lessons_met and self.quiz_met and self.attendance_met

    @property
    def required_done(self) -> int:
        """How many required lessons are done."""
        return sum(1 for lesson_id in self.required if lesson_id in self.done)


@dataclass
class RuleValues:
    """A completion rule's thresholds (percentages; None = not required)."""

    min_quiz_average: int | None = None
    min_attendance_share: int | None = None

    def snapshot(self) -> dict[str, Any]:
        """What a completion records about the rule it met."""
        return {
            "required_lessons": True,
            "min_quiz_average": self.min_quiz_average,
            "min_attendance_share": self.min_attendance_share,
        }


def rule_for(workshop: Workshop) -> CompletionRule | None:
    """The workshop's completion rule row (None: required lessons only)."""
    return db.session.scalar(
        select(CompletionRule).where(CompletionRule.workshop_id == workshop.id)
    )


def rule_values(rule: CompletionRule | None) -> RuleValues:
    if rule is None:
        return RuleValues()
    return RuleValues(rule.min_quiz_average, rule.min_attendance_share)


def quiz_roles(workshop: Workshop) -> dict[int, QuizSettings]:
    """The quiz settings of the workshop, by lesson id."""
    rows = db.session.scalars(select(QuizSettings).where(QuizSettings.workshop_id == workshop.id))
    return {row.lesson_id: row for row in rows}


@dataclass
class Facts:
    """What statuses() reads about a set of enrolments, fetched once for all of them."""

    done: dict[int, set[int]]
    best: dict[tuple[int, int], int]
    marks: dict[tuple[int, int], str]
    completions: dict[int, Completion]
    roles: dict[int, QuizSettings]
    starts: dict[tuple[int, int], datetime | None]


def gather_facts(
    enrolments: Sequence[Enrolment], workshop_ids: Iterable[int], lessons: Iterable[Lesson]
) -> Facts:
    """Completions, best quiz scores, attendance, workshop completions, quiz roles and session
    dates of ``enrolments`` (in any workshops) in a fixed number of queries."""
    ids = [e.id for e in enrolments]
    done: dict[int, set[int]] = defaultdict(set)
    for enrolment_id, lesson_id in db.session.execute(
        select(LessonCompletion.enrolment_id, LessonCompletion.lesson_id).where(
            LessonCompletion.enrolment_id.in_(ids)
        )
    ):
        done[enrolment_id].add(lesson_id)
    best: dict[tuple[int, int], int] = {
        (e, lesson): score
        for e, lesson, score in db.session.execute(
            select(QuizAttempt.enrolment_id, QuizAttempt.lesson_id, func.max(QuizAttempt.score))
            .where(QuizAttempt.enrolment_id.in_(ids))
            .group_by(QuizAttempt.enrolment_id, QuizAttempt.lesson_id)
        )
    }
    marks: dict[tuple[int, int], str] = {
        (e, lesson): status
        for e, lesson, status in db.session.execute(
            select(Attendance.enrolment_id, Attendance.lesson_id, Attendance.status).where(
                Attendance.enrolment_id.in_(ids)
            )
        )
    }
    completions = {
        c.enrolment_id: c
        for c in db.session.scalars(select(Completion).where(Completion.enrolment_id.in_(ids)))
    }
    roles = {
        row.lesson_id: row
        for row in db.session.scalars(
            select(QuizSettings).where(QuizSettings.workshop_id.in_(set(workshop_ids)))
        )
    }
    live = [lesson for lesson in lessons if lesson.kind == "live"]
    starts = session_starts([e.edition_id for e in enrolments], live)
    return Facts(done, best, marks, completions, roles, starts)


def statuses(
    workshop: Workshop,
    enrolments: Sequence[Enrolment],
    *,
    values: RuleValues | None = None,
    lessons: list[Lesson] | None = None,
    facts: Facts | None = None,
) -> dict[int, Status]:
    """Where each enrolment stands (a fixed number of queries whatever their number)."""
    if lessons is None:
        lessons = curriculum_lessons(workshop)
    if values is None:
        values = rule_values(rule_for(workshop))
    if not enrolments:
        return {}
    if facts is None:
        facts = gather_facts(enrolments, [workshop.id], lessons)
    return statuses_from(enrolments, values, lessons, facts)


def statuses_from(
    enrolments: Sequence[Enrolment], values: RuleValues, lessons: Sequence[Any], facts: Facts
) -> dict[int, Status]:
    """``statuses`` once everything is loaded; ``lessons`` need ``id``, ``kind`` and
    ``required`` only (lessons or rows)."""
    done, best, marks = facts.done, facts.best, facts.marks
    completions, roles, starts = facts.completions, facts.roles, facts.starts
    # The pre-test measures what people knew before: it does not count towards the average.
    counted_quizzes = [
        lesson
        for lesson in lessons
        if lesson.kind == "quiz" and getattr(roles.get(lesson.id), "role", None) != "pre"
    ]
    live = [lesson for lesson in lessons if lesson.kind == "live"]
    result = {}
    for enrolment in enrolments:
        before_enrolment = set()
        attended = marked = 0
        for lesson in live:
            start = starts.get((enrolment.edition_id, lesson.id))
            mark = marks.get((enrolment.id, lesson.id))
            if start is not None and start < enrolment.created_at and mark is None:
                before_enrolment.add(lesson.id)  # held before they enrolled: not theirs to miss
                continue
            if mark == "excused":
                before_enrolment.add(lesson.id)
                continue
            if mark is not None:
                marked += 1
                attended += mark in ATTENDED
        required = [
            lesson.id for lesson in lessons if lesson.required and lesson.id not in before_enrolment
        ]
        quiz_average = None
        if counted_quizzes:
            scores = [best.get((enrolment.id, lesson.id), 0) for lesson in counted_quizzes]
            quiz_average = round(sum(scores) / len(scores))
        result[enrolment.id] = Status(
            required=required,
            done=done[enrolment.id],
            quiz_average=quiz_average,
            attendance_share=round(100 * attended / marked) if marked else None,
            min_quiz_average=values.min_quiz_average,
            min_attendance_share=values.min_attendance_share,
            completion=completions.get(enrolment.id),
        )
    return result


def status(enrolment: Enrolment) -> Status:
    """Where one enrolment stands."""
    workshop = enrolment.edition.workshop
    return statuses(workshop, [enrolment])[enrolment.id]


def _grant(enrolment: Enrolment, values: RuleValues) -> None:
    insert_ignoring_duplicates(
        Completion,
        ("enrolment_id",),
        {"enrolment_id": enrolment.id, "completed_at": utcnow(), "rule": values.snapshot()},
    )
    enrolment.state = "completed"
    issue_certificate(enrolment)
    db.session.flush()


def evaluate(enrolment: Enrolment, *, current: Status | None = None) -> bool:
    """Grant the workshop's completion (and its certificate) when the rule is met; True when
    the enrolment is completed. Never takes a completion away; idempotent."""
    if enrolment.state not in ACCESS_STATES:
        return False
    workshop = enrolment.edition.workshop
    values = rule_values(rule_for(workshop))
    current = current or statuses(workshop, [enrolment], values=values)[enrolment.id]
    if current.completion is not None:
        if enrolment.state != "completed":
            enrolment.state = "completed"
            db.session.flush()
        return True
    if not current.met:
        return False
    _grant(enrolment, values)
    return True


def workshop_enrolments(workshop: Workshop, *, edition: Edition | None = None) -> list[Enrolment]:
    """Active and completed enrolments of the workshop (or one edition), people loaded."""
    query = (
        select(Enrolment)
        .join(Edition, Enrolment.edition_id == Edition.id)
        .where(Edition.workshop_id == workshop.id, Enrolment.state.in_(ACCESS_STATES))
        .options(selectinload(Enrolment.user), selectinload(Enrolment.edition))
        .order_by(Enrolment.id)
    )
    if edition is not None:
        query = query.where(Enrolment.edition_id == edition.id)
    return list(db.session.scalars(query))


def evaluate_all(workshop: Workshop) -> int:
    """Evaluate every enrolment of the workshop; returns how many were newly completed."""
    enrolments = workshop_enrolments(workshop)
    values = rule_values(rule_for(workshop))
    found = statuses(workshop, enrolments, values=values)
    granted = 0
    for enrolment in enrolments:
        current = found[enrolment.id]
        if current.completion is None and current.met:
            _grant(enrolment, values)
            granted += 1
    return granted


# The completion rule -------------------------------------------------------------------------


def check_rule(min_quiz_average: int | None, min_attendance_share: int | None) -> RuleValues:
    """Raises CompletionError("bad_threshold") unless both are None or 0..100."""
    for value in (min_quiz_average, min_attendance_share):
        if value is not None and not 0 <= value <= 100:
            raise CompletionError("bad_threshold")
    return RuleValues(min_quiz_average, min_attendance_share)


def would_lose(workshop: Workshop, values: RuleValues) -> list[Enrolment]:
    """People already completed who would not meet ``values`` (they keep their completion)."""
    enrolments = workshop_enrolments(workshop)
    found = statuses(workshop, enrolments, values=values)
    return [e for e in enrolments if found[e.id].completion is not None and not found[e.id].met]


def save_rule(workshop: Workshop, values: RuleValues, *, by: User) -> int:
    """Set the workshop's rule and evaluate everyone; returns how many were newly completed.

    Raises CompletionError("bad_threshold").
    """
    check_rule(values.min_quiz_average, values.min_attendance_share)
    rule = rule_for(workshop)
    if rule is None:
        rule = CompletionRule(workshop_id=workshop.id)
        db.session.add(rule)
    rule.min_quiz_average = values.min_quiz_average
    rule.min_attendance_share = values.min_attendance_share
    rule.updated_at = utcnow()
    rule.updated_by_id = by.id
    db.session.flush()
    return evaluate_all(workshop)
