"""Marking lessons: what an enrolment has completed, and a participant's own marks on text,
video and reading lessons (quizzes complete by passing, live sessions by attendance)."""

from __future__ import annotations

from sqlalchemy import select

from learning.completion.models import LessonCompletion
from learning.completion.services.common import (
    MARKABLE_KINDS,
    CompletionError,
    complete_lesson,
    delete_completion,
)
from learning.completion.services.engine import evaluate
from learning.platform.extensions import db
from learning.workshops.models import Enrolment, Lesson


def completed_lesson_ids(enrolment: Enrolment) -> set[int]:
    """The lessons this enrolment has completed."""
    return set(
        db.session.scalars(
            select(LessonCompletion.lesson_id).where(LessonCompletion.enrolment_id == enrolment.id)
        )
    )


def lesson_completion(enrolment: Enrolment, lesson: Lesson) -> LessonCompletion | None:
    """The completion of ``lesson`` by ``enrolment``, if any."""
    return db.session.scalar(
        select(LessonCompletion).where(
            LessonCompletion.enrolment_id == enrolment.id,
            LessonCompletion.lesson_id == lesson.id,
        )
    )


def mark_complete(enrolment: Enrolment, lesson: Lesson) -> bool:
    """Mark a text, video or reading lesson as done (again is harmless); evaluates the workshop.

    Returns whether the workshop is completed. Raises CompletionError("not_markable") for
    quizzes and live sessions.
    """
    if lesson.kind not in MARKABLE_KINDS:
        raise CompletionError("not_markable")
    complete_lesson(enrolment, lesson, "manual")
    return evaluate(enrolment)


def undo_complete(enrolment: Enrolment, lesson: Lesson) -> None:
    """Take back a manual mark. A workshop completion already granted stays.

    Raises CompletionError("not_markable") for quizzes and live sessions.
    """
    if lesson.kind not in MARKABLE_KINDS:
        raise CompletionError("not_markable")
    delete_completion(enrolment, lesson, "manual")
