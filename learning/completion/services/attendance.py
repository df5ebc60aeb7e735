"""Attendance: who a live session is for in an edition, and the trainers' marks (present, late,
absent, excused), which complete the session lesson or take that completion back."""

from __future__ import annotations

from sqlalchemy import select

from learning.accounts.models import User
from learning.completion.models import ATTENDANCE, ATTENDED, Attendance
from learning.completion.services.common import (
    CompletionError,
    complete_lesson,
    delete_completion,
    session_start,
)
from learning.completion.services.engine import evaluate, workshop_enrolments
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.workshops.models import Edition, Enrolment, Lesson


def roster(edition: Edition, lesson: Lesson) -> list[Enrolment]:
    """Who the session is for: active or completed enrolments that existed when it started."""
    start = session_start(edition, lesson)
    people = [e for e in workshop_enrolments(edition.workshop, edition=edition)]
    if start is not None:
        people = [e for e in people if e.created_at <= start]
    return sorted(people, key=lambda e: (e.user.name.casefold(), e.id))


def attendance_marks(edition: Edition, lesson: Lesson) -> dict[int, Attendance]:
    """The marks of one session, by enrolment id."""
    rows = db.session.scalars(
        select(Attendance).where(
            Attendance.edition_id == edition.id, Attendance.lesson_id == lesson.id
        )
    )
    return {row.enrolment_id: row for row in rows}


def mark_attendance(edition: Edition, lesson: Lesson, marks: dict[int, str], *, by: User) -> int:
    """Record present/late/absent/excused for people of the roster; returns how many changed.

    Present or late completes the session lesson; absent or excused takes back a completion
    that came from attendance (a corrected mark). Raises CompletionError: not_live,
    other_edition, not_enrolled, bad_status. Nothing is written when one mark is wrong.
    """
    if lesson.kind != "live":
        raise CompletionError("not_live")
    if lesson.module.workshop_id != edition.workshop_id:
        raise CompletionError("other_edition")
    people = {e.id: e for e in roster(edition, lesson)}
    for enrolment_id, value in marks.items():
        if enrolment_id not in people:
            raise CompletionError("not_enrolled")
        if value not in ATTENDANCE:
            raise CompletionError("bad_status")
    existing = attendance_marks(edition, lesson)
    changed = 0
    now = utcnow()
    for enrolment_id, value in marks.items():
        row = existing.get(enrolment_id)
        if row is not None and row.status == value:
            continue
        if row is None:
            row = Attendance(
                edition_id=edition.id,
                lesson_id=lesson.id,
                enrolment_id=enrolment_id,
                status=value,
                marked_by_id=by.id,
                marked_at=now,
            )
            db.session.add(row)
        row.status, row.marked_by_id, row.marked_at = value, by.id, now
        changed += 1
        enrolment = people[enrolment_id]
        db.session.flush()
        if value in ATTENDED:
            complete_lesson(enrolment, lesson, "attendance")
        else:
            delete_completion(enrolment, lesson, "attendance")
        evaluate(enrolment)
    return changed
