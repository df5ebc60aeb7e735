"""What the completion services share: the error rules raise, the states that give access to
a workshop, who follows a workshop (and whose actions are recorded), when a live session takes
place in an edition, and the idempotent inserts and deletes of lesson completions and other
once-only rows (safe under simultaneous requests)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import contains_eager

from learning.completion.models import LessonCompletion
from learning.enrolment.models import EditionSession
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.workshops.models import Edition, Enrolment, Lesson, Workshop
from learning.workshops.services.curriculum import load_curriculum
from learning.workshops.services.permissions import can_edit

ACCESS_STATES = ("active", "completed")
MARKABLE_KINDS = ("text", "video", "reading")


class CompletionError(Exception):
    """A rule refused the operation; ``code`` names which."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


# Who follows a workshop ---------------------------------------------------------------------


def participant_enrolment(user: Any, workshop: Workshop) -> Enrolment | None:
    """The active or completed enrolment of ``user`` in the workshop's most recent edition."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(
        select(Enrolment)
        .join(Edition, Enrolment.edition_id == Edition.id)
        .where(
            Edition.workshop_id == workshop.id,
            Enrolment.user_id == user.id,
            Enrolment.state.in_(ACCESS_STATES),
        )
        # The edition comes with the row it was joined on: no second query.
        .options(contains_eager(Enrolment.edition))
        .order_by(Edition.starts_on.desc(), Enrolment.id.desc())
        .limit(1)
    )


def recording_enrolment(user: Any, workshop: Workshop) -> Enrolment | None:
    """The enrolment whose progress ``user``'s actions record: None for the workshop's trainers
    and admins (they preview) and for people not enrolled."""
    if can_edit(user, workshop):
        return None
    return participant_enrolment(user, workshop)


def workshop_of(lesson: Lesson) -> Workshop:
    """The workshop a lesson belongs to."""
    return lesson.module.workshop


def curriculum_lessons(workshop: Workshop) -> list[Lesson]:
    """Every lesson of the workshop in curriculum order (two queries)."""
    return [lesson for module in load_curriculum(workshop) for lesson in module.lessons]


# Session dates -------------------------------------------------------------------------------


def session_starts(
    edition_ids: Iterable[int], lessons: Iterable[Lesson]
) -> dict[tuple[int, int], datetime | None]:
    """When each live lesson starts in each edition (one query): the edition's own date when
    the enrolment feature gives one, else the lesson's start time."""
    live = [lesson for lesson in lessons if lesson.kind == "live"]
    editions = list(dict.fromkeys(edition_ids))
    starts = {(e, lesson.id): lesson.starts_at for e in editions for lesson in live}
    if live and editions:
        rows = db.session.execute(
            select(
                EditionSession.edition_id, EditionSession.lesson_id, EditionSession.starts_at
            ).where(
                EditionSession.edition_id.in_(editions),
                EditionSession.lesson_id.in_([lesson.id for lesson in live]),
            )
        )
        for edition_id, lesson_id, start in rows:
            if start is not None:
                starts[(edition_id, lesson_id)] = start
    return starts


def session_start(edition: Edition, lesson: Lesson) -> datetime | None:
    """When ``lesson`` (live) takes place in ``edition``."""
    return session_starts([edition.id], [lesson]).get((edition.id, lesson.id))


# Idempotent inserts ----------------------------------------------------------------------------


def insert_ignoring_duplicates(model: Any, keys: Sequence[str], values: dict[str, Any]) -> bool:
    """Insert a row unless one with the same ``keys`` exists; True when this call inserted it.

    ON CONFLICT DO NOTHING: two concurrent requests never raise, exactly one row results.
    """
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(model).values(**values).on_conflict_do_nothing(index_elements=list(keys))
    # Whose records these are: that person's kept pages are renewed (learning/platform/cache.py).
    result = db.session.execute(statement.execution_options(owner=values["enrolment_id"]))
    return bool(result.rowcount)


def complete_lesson(enrolment: Enrolment, lesson: Lesson, source: str) -> bool:
    """Record that ``enrolment`` completed ``lesson`` by ``source`` (manual, quiz, attendance),
    once; True when this call recorded it."""
    return insert_ignoring_duplicates(
        LessonCompletion,
        ("enrolment_id", "lesson_id"),
        {
            "enrolment_id": enrolment.id,
            "lesson_id": lesson.id,
            "source": source,
            "completed_at": utcnow(),
        },
    )


def delete_completion(enrolment: Enrolment, lesson: Lesson, source: str) -> None:
    """Remove a lesson completion that came from ``source``; a single DELETE statement, so
    two concurrent undos are both harmless."""
    db.session.execute(
        delete(LessonCompletion)
        .where(
            LessonCompletion.enrolment_id == enrolment.id,
            LessonCompletion.lesson_id == lesson.id,
            LessonCompletion.source == source,
        )
        .execution_options(synchronize_session="fetch", owner=enrolment.id)
    )
