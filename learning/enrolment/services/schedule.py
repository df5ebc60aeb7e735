"""Live sessions per edition (each edition's own times for the workshop's live lessons) and the
reminders sent the day before."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from learning.enrolment.models import EditionSession, SessionReminder
from learning.enrolment.services.common import EnrolmentError
from learning.enrolment.services.notices import Notice, notice_for
from learning.language.i18n import session_time
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.workshops.models import Edition, Enrolment, Lesson, Module

# Live sessions per edition -----------------------------------------------------------------


def _live_lessons(workshop_ids: Iterable[int]) -> list[Lesson]:
    return list(
        db.session.scalars(
            select(Lesson)
            .join(Module, Lesson.module_id == Module.id)
            .where(Module.workshop_id.in_(list(workshop_ids)), Lesson.kind == "live")
            .options(selectinload(Lesson.translations), joinedload(Lesson.module))
            .order_by(Module.position, Lesson.position)
        )
    )


def ensure_sessions(edition: Edition) -> list[EditionSession]:
    """Give ``edition`` a session row for every live lesson that has none (lesson's times)."""
    have = set(
        db.session.scalars(
            select(EditionSession.lesson_id).where(EditionSession.edition_id == edition.id)
        )
    )
    added = []
    for lesson in _live_lessons([edition.workshop_id]):
        if lesson.id in have:
            continue
        row = _default_session(edition, lesson)
        db.session.add(row)
        added.append(row)
    db.session.flush()
    return added


def _default_session(edition: Edition, lesson: Lesson) -> EditionSession:
    return EditionSession(
        edition_id=edition.id,
        lesson_id=lesson.id,
        lesson=lesson,
        starts_at=lesson.starts_at,
        ends_at=lesson.ends_at,
        place=lesson.place,
        meeting_url=lesson.meeting_url,
    )


def sessions_for_editions(editions: Iterable[Edition]) -> dict[int, list[EditionSession]]:
    """The live sessions of each edition, ordered by start (two queries for any number).

    Lessons added after an edition was made appear with the lesson's own times (a row not yet
    saved: ``id`` is None) until ``ensure_sessions`` or a trainer's edit saves one.
    """
    editions = list(editions)
    if not editions:
        return {}
    lessons = _live_lessons({e.workshop_id for e in editions})
    rows = db.session.scalars(
        select(EditionSession).where(
            EditionSession.edition_id.in_([e.id for e in editions]),
            EditionSession.lesson_id.in_([lesson.id for lesson in lessons] or [-1]),
        )
    ).all()
    saved = {(row.edition_id, row.lesson_id): row for row in rows}
    out: dict[int, list[EditionSession]] = {}
    for edition in editions:
        items = []
        for lesson in lessons:
            if lesson.module.workshop_id != edition.workshop_id:
                continue
            row = saved.get((edition.id, lesson.id))
            if row is None:
                # Not added to the session: only shown, never flushed by accident.
                row = EditionSession(
                    edition_id=edition.id,
                    lesson_id=lesson.id,
                    starts_at=lesson.starts_at,
                    ends_at=lesson.ends_at,
                    place=lesson.place,
                    meeting_url=lesson.meeting_url,
                )
            set_committed_value(row, "lesson", lesson)
            items.append(row)
        items.sort(key=lambda s: (s.starts_at, s.lesson_id))
        out[edition.id] = items
    return out


def sessions_for(edition: Edition) -> list[EditionSession]:
    """The live sessions of ``edition``, ordered by start."""
    return sessions_for_editions([edition])[edition.id]


def update_session(
    edition: Edition,
    lesson: Lesson,
    *,
    starts_at: datetime | None,
    ends_at: datetime | None,
    place: str = "",
    meeting_url: str = "",
) -> EditionSession:
    """Set an edition's own times for a live session.

    Raises EnrolmentError: not_live, session_times, bad_url."""
    if lesson.kind != "live" or lesson.module.workshop_id != edition.workshop_id:
        raise EnrolmentError("not_live")
    if starts_at is None or ends_at is None or ends_at <= starts_at:
        raise EnrolmentError("session_times")
    meeting_url = (meeting_url or "").strip()
    if meeting_url and (
        not re.match(r"https?://[^\s/]+", meeting_url, re.IGNORECASE) or len(meeting_url) > 500
    ):
        raise EnrolmentError("bad_url")
    ensure_sessions(edition)
    row = db.session.scalar(
        select(EditionSession).where(
            EditionSession.edition_id == edition.id, EditionSession.lesson_id == lesson.id
        )
    )
    assert row is not None  # noqa: S101 - ensure_sessions just made it
    row.starts_at, row.ends_at = starts_at, ends_at
    row.place = place.strip()[:300] or None
    row.meeting_url = meeting_url or None
    db.session.flush()
    return row


def next_sessions(enrolments: list[Enrolment], now: datetime | None = None) -> dict[int, Any]:
    """The next live session (not yet ended) of each enrolment's edition: enrolment id ->
    EditionSession or None."""
    now = now or utcnow()
    sessions = sessions_for_editions({e.edition_id: e.edition for e in enrolments}.values())
    out = {}
    for enrolment in enrolments:
        upcoming = [s for s in sessions.get(enrolment.edition_id, []) if s.ends_at > now]
        out[enrolment.id] = upcoming[0] if upcoming else None
    return out


# Reminders -----------------------------------------------------------------------------------


def send_reminders(now: datetime | None = None, hours: int = 24) -> list[Notice]:
    """Log (and return as notices) a "tomorrow" reminder for every active participant of every
    session starting within ``hours``; each (session, person) only once, whatever the reruns.
    The caller commits, then delivers."""
    now = now or utcnow()
    horizon = now + timedelta(hours=hours)
    today = now.astimezone(UTC).date()
    for edition in db.session.scalars(
        select(Edition).where(Edition.status.in_(("open", "closed")), Edition.ends_on >= today)
    ):
        ensure_sessions(edition)
    rows = db.session.execute(
        select(EditionSession, Enrolment)
        .join(Enrolment, Enrolment.edition_id == EditionSession.edition_id)
        .join(Lesson, Lesson.id == EditionSession.lesson_id)
        .outerjoin(
            SessionReminder,
            (SessionReminder.edition_session_id == EditionSession.id)
            & (SessionReminder.user_id == Enrolment.user_id),
        )
        .where(
            EditionSession.starts_at > now,
            EditionSession.starts_at <= horizon,
            Enrolment.state == "active",
            Lesson.kind == "live",
            SessionReminder.id.is_(None),
        )
        .options(
            joinedload(Enrolment.user),
            joinedload(EditionSession.edition).joinedload(Edition.workshop),
            joinedload(EditionSession.lesson),
        )
    ).all()
    notices = []
    log_rows = []
    for session_row, enrolment in rows:
        user = enrolment.user
        if not user.active:
            continue
        log_rows.append({"edition_session_id": session_row.id, "user_id": user.id, "sent_at": now})
        lesson_text = session_row.lesson.text(user.preferred_language)
        notices.append(
            notice_for(
                "reminder",
                user,
                session_row.edition,
                lesson_title=lesson_text.title if lesson_text else "",
                when=session_time(
                    session_row.starts_at, session_row.edition.timezone, user.preferred_language
                ),
                place=session_row.place or session_row.edition.place or "",
                meeting_url=session_row.meeting_url or "",
            )
        )
    if log_rows:
        db.session.execute(insert(SessionReminder), log_rows)
    db.session.flush()
    return notices
