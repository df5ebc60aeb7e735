"""Enrolment operations: editions, seats, waitlists, approvals, keys, invitations, CSV imports,
calendars, reminders, and the progress hook the completion feature fills in.

Functions add and flush; the route commits (one transaction per request). Rules that refuse an
operation raise EnrolmentError with a ``code`` the web layer words for people. Operations that
should e-mail someone return ``Notice`` objects; the caller sends them with ``deliver`` after
the commit, so nobody is told about something that was rolled back.

Seats: ``active`` and ``completed`` enrolments hold a seat; ``pending`` requests (approval
mode) hold none: approving one activates it when a seat is free, else puts it on the waitlist.
Every operation that counts or frees seats first locks the edition row (SELECT … FOR UPDATE on
PostgreSQL; SQLite serialises writers anyway), so capacity holds under simultaneous requests.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale
from email_validator import EmailNotValidError, validate_email
from sqlalchemy import Select, func, insert, or_, select
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value
from werkzeug.security import check_password_hash, generate_password_hash

from learning.accounts.models import User
from learning.enrolment.calendars import CalendarEvent
from learning.language.i18n import session_time
from learning.language.taxonomy import SECTORS, is_country
from learning.language.text import normalise
from learning.language.timezones import is_timezone
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.web.csvutil import CsvProblem, read_table
from learning.web.pagination import Page
from learning.workshops.models import (
    EDITION_STATUSES,
    ENROLMENT_MODES,
    SEAT_STATES,
    Edition,
    Enrolment,
    Lesson,
    Module,
    Workshop,
)
from learning.workshops.services import can_edit

from .models import CalendarToken, EditionSession, EnrolmentInvitation, SessionReminder

log = logging.getLogger(__name__)

# States in which a person is "in" an edition (enrolling again is refused).
HOLDING_STATES = ("active", "completed", "pending", "waitlisted")
# States a person may withdraw from.
WITHDRAWABLE = ("active", "pending", "waitlisted")
MAX_IMPORT_ROWS = 20_000
KEY_MIN, KEY_MAX = 4, 128


class EnrolmentError(Exception):
    """A rule refused the operation; ``code`` names which."""

    def __init__(self, code: str, **detail: Any) -> None:
        super().__init__(code)
        self.code = code
        self.detail = detail


# E-mails ------------------------------------------------------------------------------------


@dataclass
class Notice:
    """An e-mail to send once the transaction is committed (templates/mail/enrolment_<event>)."""

    event: str
    to: str
    name: str
    language: str
    edition: Edition
    extra: dict[str, Any] = field(default_factory=dict)


def _notice(event: str, user: User, edition: Edition, **extra: Any) -> Notice:
    return Notice(event, user.email, user.name, user.preferred_language, edition, extra)


def _link(endpoint: str, **values: Any) -> str:
    """An absolute link when the app knows its address (requests; SERVER_NAME in the CLI)."""
    from flask import url_for

    try:
        return url_for(endpoint, _external=True, **values)
    except RuntimeError:
        return ""


def deliver(notices: Iterable[Notice]) -> int:
    """Send the notices in each recipient's language; a failing server is logged, not raised.

    Returns how many were handed over.
    """
    from learning.platform.mail import MailError, send_mail

    sent = 0
    links = {
        "my_learning": _link("enrolment.my_learning"),
        "register": _link("accounts.register"),
        "sign_in": _link("accounts.login"),
    }
    for notice in notices:
        edition = notice.edition
        text = edition.workshop.text(notice.language)
        try:
            send_mail(
                notice.to,
                f"enrolment_{notice.event}",
                language=notice.language,
                name=notice.name,
                edition=edition,
                workshop_title=text.title if text else edition.workshop.slug,
                edition_link=_link("enrolment.edition", edition_id=edition.id),
                links=links,
                dates=_date_range(edition, notice.language),
                **notice.extra,
            )
        except MailError as exc:
            log.warning("enrolment mail %s to %s not sent: %s", notice.event, notice.to, exc)
            continue
        sent += 1
    return sent


def _date_range(edition: Edition, language: str) -> str:
    from babel.dates import format_date

    start = format_date(edition.starts_on, "medium", locale=language)
    end = format_date(edition.ends_on, "medium", locale=language)
    return start if edition.starts_on == edition.ends_on else f"{start} – {end}"


# Who may ---------------------------------------------------------------------------------------


def can_manage(user: Any, edition: Edition) -> bool:
    """The workshop's trainers and admins run its editions."""
    return can_edit(user, edition.workshop)


# Seats -------------------------------------------------------------------------------------


def _lock(edition_id: int) -> Edition:
    """The edition row, locked until the transaction ends (a no-op on SQLite)."""
    return db.session.execute(
        select(Edition)
        .where(Edition.id == edition_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).scalar_one()


def seats_taken(edition_ids: Iterable[int]) -> dict[int, int]:
    """Seats held per edition (active and completed), in one query."""
    ids = list(edition_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(Enrolment.edition_id, func.count(Enrolment.id))
        .where(Enrolment.edition_id.in_(ids), Enrolment.state.in_(SEAT_STATES))
        .group_by(Enrolment.edition_id)
    )
    taken = dict.fromkeys(ids, 0)
    taken.update({edition_id: count for edition_id, count in rows})
    return taken


def seats_left(edition: Edition, taken: int | None = None) -> int | None:
    """Free seats, or None when the edition has no capacity limit."""
    if edition.capacity is None:
        return None
    if taken is None:
        taken = seats_taken([edition.id])[edition.id]
    return max(0, edition.capacity - taken)


def seats_left_for(workshops: Iterable[Workshop]) -> dict[int, int | None]:
    """Free seats of every edition of ``workshops`` (edition id -> seats or None): one query."""
    editions = [e for w in workshops for e in w.editions]
    taken = seats_taken(e.id for e in editions) if editions else _no_query()
    return {e.id: seats_left(e, taken.get(e.id, 0)) for e in editions}


def _no_query() -> dict[int, int]:
    # Keeps the catalogue's query count the same whether or not a page has editions.
    db.session.execute(select(func.count(Enrolment.id)).where(Enrolment.id == -1))
    return {}


def _fill_seats(edition: Edition) -> list[Notice]:
    """Promote the first people on the waitlist into free seats (the edition is locked)."""
    free = seats_left(edition)
    query = (
        select(Enrolment)
        .where(Enrolment.edition_id == edition.id, Enrolment.state == "waitlisted")
        .order_by(Enrolment.created_at, Enrolment.id)
        .options(joinedload(Enrolment.user))
    )
    if free is not None:
        if free <= 0:
            return []
        query = query.limit(free)
    notices = []
    now = utcnow()
    for enrolment in db.session.scalars(query):
        enrolment.state = "active"
        enrolment.updated_at = now
        notices.append(_notice("promoted", enrolment.user, edition))
    db.session.flush()
    return notices


# Enrol, withdraw, decide ---------------------------------------------------------------------


def _find(edition_id: int, user_id: int) -> Enrolment | None:
    return db.session.scalar(
        select(Enrolment)
        .where(Enrolment.edition_id == edition_id, Enrolment.user_id == user_id)
        .execution_options(populate_existing=True)
    )


def open_invitation(edition: Edition, email: str) -> EnrolmentInvitation | None:
    """The invitation of ``email`` to ``edition`` not yet turned into an enrolment."""
    return db.session.scalar(
        select(EnrolmentInvitation).where(
            EnrolmentInvitation.edition_id == edition.id,
            EnrolmentInvitation.email == email.strip().lower(),
            EnrolmentInvitation.accepted_at.is_(None),
        )
    )


def check_window(edition: Edition, now: datetime | None = None) -> None:
    """Raise EnrolmentError("edition_closed"|"not_open_yet"|"enrolment_closed") unless people
    may enrol in ``edition`` now."""
    now = now or utcnow()
    if edition.status != "open":
        raise EnrolmentError("edition_closed")
    if edition.enrolment_opens_at and now < edition.enrolment_opens_at:
        raise EnrolmentError("not_open_yet", when=edition.enrolment_opens_at)
    if edition.enrolment_closes_at and now >= edition.enrolment_closes_at:
        raise EnrolmentError("enrolment_closed")
    if edition.ends_on < now.astimezone(ZoneInfo(edition.timezone)).date():
        raise EnrolmentError("enrolment_closed")


def _place(edition: Edition, user: User, existing: Enrolment | None, state: str) -> Enrolment:
    now = utcnow()
    if existing is None:
        existing = Enrolment(edition_id=edition.id, user_id=user.id, state=state, created_at=now)
        db.session.add(existing)
    else:
        # Rejoining puts the person at the back of the queue.
        existing.state = state
        existing.created_at = now
        existing.decided_by_id = None
        existing.decision_note = None
    existing.updated_at = now
    db.session.flush()
    return existing


def enrol(
    user: User,
    edition: Edition,
    *,
    key: str | None = None,
    trusted: bool = False,
    now: datetime | None = None,
) -> tuple[Enrolment, list[Notice]]:
    """Enrol ``user``: active if a seat is free, else waitlisted; pending in approval mode.

    ``trusted`` (a trainer's import, a move, an invitation) skips the window, key and approval;
    an open invitation for the person's e-mail makes the request trusted too. Rejoining after
    withdrawing reuses the row. Raises EnrolmentError: edition_closed, not_open_yet,
    enrolment_closed, already_enrolled, was_rejected, key_missing, wrong_key, invitation_only.
    """
    edition = _lock(edition.id)
    invitation = open_invitation(edition, user.email)
    trusted = trusted or invitation is not None
    if trusted:
        if edition.status in ("cancelled",):
            raise EnrolmentError("edition_closed")
    else:
        check_window(edition, now)
    existing = _find(edition.id, user.id)
    if existing is not None and existing.state in HOLDING_STATES:
        raise EnrolmentError("already_enrolled", state=existing.state)
    if existing is not None and existing.state == "rejected" and not trusted:
        raise EnrolmentError("was_rejected")
    mode = edition.enrolment_mode
    if not trusted:
        if mode == "key":
            if not key:
                raise EnrolmentError("key_missing")
            if not edition.enrolment_key_hash or not check_password_hash(
                edition.enrolment_key_hash, key.strip()
            ):
                raise EnrolmentError("wrong_key")
        if mode == "invitation":
            raise EnrolmentError("invitation_only")
    if mode == "approval" and not trusted:
        state = "pending"
    else:
        free = seats_left(edition)
        state = "active" if free is None or free > 0 else "waitlisted"
    enrolment = _place(edition, user, existing, state)
    if invitation is not None:
        invitation.accepted_at = utcnow()
    notices = []
    if state == "active":
        notices.append(_notice("enrolled", user, edition))
    elif state == "waitlisted":
        notices.append(_notice("waitlisted", user, edition))
    db.session.flush()
    return enrolment, notices


def withdraw(enrolment: Enrolment, *, by: User | None = None, note: str = "") -> list[Notice]:
    """Leave an edition (or, ``by`` a trainer, remove someone); a freed seat goes at once to the
    first person on the waitlist. Raises EnrolmentError("not_enrolled")."""
    edition = _lock(enrolment.edition_id)
    db.session.refresh(enrolment)
    if enrolment.state not in WITHDRAWABLE:
        raise EnrolmentError("not_enrolled")
    held_seat = enrolment.state in SEAT_STATES
    enrolment.state = "withdrawn"
    enrolment.updated_at = utcnow()
    if by is not None:
        enrolment.decided_by_id = by.id
        enrolment.decision_note = note.strip()[:1000] or None
    db.session.flush()
    return _fill_seats(edition) if held_seat else []


def approve(enrolment: Enrolment, *, by: User, note: str = "") -> list[Notice]:
    """Accept a pending request: active if a seat is free, else waitlisted.

    Raises EnrolmentError("not_pending")."""
    edition = _lock(enrolment.edition_id)
    db.session.refresh(enrolment)
    if enrolment.state != "pending":
        raise EnrolmentError("not_pending")
    free = seats_left(edition)
    enrolment.state = "active" if free is None or free > 0 else "waitlisted"
    enrolment.updated_at = utcnow()
    enrolment.decided_by_id = by.id
    enrolment.decision_note = note.strip()[:1000] or None
    db.session.flush()
    return [
        _notice(
            "approved",
            enrolment.user,
            edition,
            note=enrolment.decision_note or "",
            waitlisted=enrolment.state == "waitlisted",
        )
    ]


def reject(enrolment: Enrolment, *, by: User, note: str = "") -> list[Notice]:
    """Decline a pending (or waitlisted) request. Raises EnrolmentError("not_pending")."""
    edition = _lock(enrolment.edition_id)
    db.session.refresh(enrolment)
    if enrolment.state not in ("pending", "waitlisted"):
        raise EnrolmentError("not_pending")
    enrolment.state = "rejected"
    enrolment.updated_at = utcnow()
    enrolment.decided_by_id = by.id
    enrolment.decision_note = note.strip()[:1000] or None
    db.session.flush()
    return [_notice("rejected", enrolment.user, edition, note=enrolment.decision_note or "")]


def move(enrolment: Enrolment, target: Edition, *, by: User) -> list[Notice]:
    """Move a person to another edition of the same workshop (capacity applies there; the seat
    they leave goes to the waitlist). Raises EnrolmentError: bad_target, not_enrolled,
    already_in_target, edition_closed."""
    source_id = enrolment.edition_id
    if target.id == source_id or target.workshop_id != enrolment.edition.workshop_id:
        raise EnrolmentError("bad_target")
    # Both editions locked, always in id order, so two opposite moves cannot deadlock.
    locked = {e_id: _lock(e_id) for e_id in sorted((source_id, target.id))}
    source, target = locked[source_id], locked[target.id]
    db.session.refresh(enrolment)
    if enrolment.state not in WITHDRAWABLE:
        raise EnrolmentError("not_enrolled")
    if target.status == "cancelled":
        raise EnrolmentError("edition_closed")
    existing = _find(target.id, enrolment.user_id)
    if existing is not None and existing.state in HOLDING_STATES:
        raise EnrolmentError("already_in_target")
    held_seat = enrolment.state in SEAT_STATES
    free = seats_left(target)
    state = "active" if free is None or free > 0 else "waitlisted"
    moved = _place(target, enrolment.user, existing, state)
    moved.decided_by_id = by.id
    enrolment.state = "withdrawn"
    enrolment.updated_at = utcnow()
    enrolment.decided_by_id = by.id
    enrolment.decision_note = f"→ {target.name}"[:1000]
    db.session.flush()
    notices = [_notice("enrolled" if state == "active" else "waitlisted", moved.user, target)]
    if held_seat:
        notices += _fill_seats(source)
    return notices


def my_enrolment(user: Any, edition: Edition) -> Enrolment | None:
    """The signed-in person's enrolment in ``edition``, if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    return _find(edition.id, user.id)


# Editions ----------------------------------------------------------------------------------


@dataclass
class EditionData:
    """What the edition form gives; ``key`` empty keeps the current key."""

    name: str
    starts_on: date | None
    ends_on: date | None
    timezone: str = "America/Mexico_City"
    capacity: int | None = None
    status: str = "open"
    country: str = ""
    place: str = ""
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    mode: str = "open"
    key: str = ""


def check_edition(edition: Edition | None, data: EditionData) -> None:
    """Raise EnrolmentError: name_missing, dates_missing, dates_order, bad_timezone,
    bad_capacity, bad_status, bad_country, bad_mode, key_missing, key_length, window_order."""
    if not data.name.strip() or len(data.name.strip()) > 200:
        raise EnrolmentError("name_missing")
    if data.starts_on is None or data.ends_on is None:
        raise EnrolmentError("dates_missing")
    if data.ends_on < data.starts_on:
        raise EnrolmentError("dates_order")
    if not is_timezone(data.timezone):
        raise EnrolmentError("bad_timezone")
    if data.capacity is not None and not 1 <= data.capacity <= 100_000:
        raise EnrolmentError("bad_capacity")
    if data.status not in EDITION_STATUSES:
        raise EnrolmentError("bad_status")
    if data.country and not is_country(data.country):
        raise EnrolmentError("bad_country")
    if data.mode not in ENROLMENT_MODES:
        raise EnrolmentError("bad_mode")
    if data.mode == "key":
        if not data.key and not (edition and edition.enrolment_key_hash):
            raise EnrolmentError("key_missing")
        if data.key and not KEY_MIN <= len(data.key.strip()) <= KEY_MAX:
            raise EnrolmentError("key_length")
    if data.opens_at and data.closes_at and data.closes_at <= data.opens_at:
        raise EnrolmentError("window_order")


def save_edition(
    workshop: Workshop, edition: Edition | None, data: EditionData
) -> tuple[Edition, list[Notice]]:
    """Create or update an edition; a new one gets its live sessions from the lessons' times.
    More seats promote people from the waitlist at once. Raises EnrolmentError as
    ``check_edition`` does."""
    check_edition(edition, data)
    created = edition is None
    if edition is None:
        edition = Edition(workshop_id=workshop.id)
        db.session.add(edition)
    else:
        edition = _lock(edition.id)
    edition.name = data.name.strip()
    edition.starts_on, edition.ends_on = data.starts_on, data.ends_on  # type: ignore[assignment]
    edition.timezone = data.timezone
    edition.capacity = data.capacity
    edition.status = data.status
    edition.country = data.country or None
    edition.place = data.place.strip()[:300] or None
    edition.enrolment_opens_at = data.opens_at
    edition.enrolment_closes_at = data.closes_at
    edition.enrolment_mode = data.mode
    if data.mode == "key":
        if data.key:
            edition.enrolment_key_hash = generate_password_hash(data.key.strip())
    else:
        edition.enrolment_key_hash = None
    db.session.flush()
    if created:
        ensure_sessions(edition)
        return edition, []
    return edition, _fill_seats(edition)


def managed_editions(workshop: Workshop) -> list[Edition]:
    """Every edition of ``workshop``, newest first (drafts and cancelled included)."""
    return list(
        db.session.scalars(
            select(Edition)
            .where(Edition.workshop_id == workshop.id)
            .order_by(Edition.starts_on.desc(), Edition.id.desc())
        )
    )


def state_counts(edition: Edition) -> dict[str, int]:
    """How many enrolments ``edition`` has in each state."""
    rows = db.session.execute(
        select(Enrolment.state, func.count(Enrolment.id))
        .where(Enrolment.edition_id == edition.id)
        .group_by(Enrolment.state)
    )
    return dict(rows.all())


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
    import re

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


# My learning and progress --------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    """How far a person is in an edition; the completion feature computes it."""

    done: int
    total: int
    percent: int
    continue_url: str | None = None


ProgressProvider = Callable[[list[Enrolment]], dict[int, Progress]]
_progress_provider: list[ProgressProvider] = []


def register_progress_provider(provider: ProgressProvider) -> None:
    """Let the completion feature fill in progress: provider(enrolments) -> {enrolment id:
    Progress}. Registering again replaces the previous provider."""
    _progress_provider[:] = [provider]


def progress_for(enrolments: list[Enrolment]) -> dict[int, Progress]:
    """Progress per enrolment id; empty when no provider is registered."""
    if not _progress_provider or not enrolments:
        return {}
    return _progress_provider[0](enrolments)


MY_LEARNING_ORDER = ("active", "pending", "waitlisted", "completed", "withdrawn", "rejected")


def my_enrolments(user: User) -> list[Enrolment]:
    """Every enrolment of ``user`` with its edition and workshop (and the workshop's texts, not
    its tags), in two queries."""
    workshop = joinedload(Enrolment.edition).joinedload(Edition.workshop)
    return list(
        db.session.scalars(
            select(Enrolment)
            .where(Enrolment.user_id == user.id)
            .options(
                workshop.selectinload(Workshop.translations),
                workshop.lazyload(Workshop.tags),
            )
            .order_by(Enrolment.created_at.desc(), Enrolment.id.desc())
        ).unique()
    )


# Invitations -------------------------------------------------------------------------------


def has_open_invitations(user: User) -> bool:
    """Whether an invitation to ``user``'s address waits to be claimed."""
    found = db.session.scalar(
        select(EnrolmentInvitation.id)
        .where(
            EnrolmentInvitation.email == user.email.lower(),
            EnrolmentInvitation.accepted_at.is_(None),
        )
        .limit(1)
    )
    return found is not None


def claim_invitations(user: User) -> list[Notice]:
    """Turn the open invitations for ``user``'s confirmed e-mail into enrolments (capacity
    applies: a full edition puts them on the waitlist). Call it when someone confirms their
    e-mail or signs in; unconfirmed addresses claim nothing."""
    if user.confirmed_at is None or not user.active:
        return []
    invitations = db.session.scalars(
        select(EnrolmentInvitation)
        .where(
            EnrolmentInvitation.email == user.email.lower(),
            EnrolmentInvitation.accepted_at.is_(None),
        )
        .order_by(EnrolmentInvitation.id)
    ).all()
    notices: list[Notice] = []
    for invitation in invitations:
        edition = db.session.get(Edition, invitation.edition_id)
        if edition is None:
            continue
        try:
            _enrolment, sent = enrol(user, edition, trusted=True)
        except EnrolmentError as exc:
            if exc.code != "already_enrolled":
                continue
            sent = []
        invitation.accepted_at = utcnow()
        notices += sent
    db.session.flush()
    return notices


# Roster --------------------------------------------------------------------------------------


@cache
def _country_names() -> dict[str, str]:
    """Folded country names in Spanish and English (and codes) -> ISO code."""
    names: dict[str, str] = {}
    for language in ("es", "en"):
        for code, name in Locale.parse(language).territories.items():
            if is_country(code):
                names[normalise(name)] = code
                names[code.casefold()] = code
    return names


def country_code(value: str) -> str | None:
    """An ISO country code from a code or a name in Spanish or English ("México", "mexico",
    "MX"); None when unknown."""
    return _country_names().get(normalise(value.strip())) if value.strip() else None


def _roster_filter(query: Select[Any], edition: Edition, state: str, q: str) -> Select[Any]:
    """``query`` (over enrolments joined to their people) filtered by state and searched by
    name, e-mail, country (code or name) or organisation."""
    from learning.workshops.services import escape_like

    query = query.where(Enrolment.edition_id == edition.id)
    if state:
        query = query.where(Enrolment.state == state)
    q = q.strip()
    if q:
        pattern = f"%{escape_like(q.lower())}%"
        conditions = [
            func.lower(User.name).like(pattern, escape="\\"),
            User.email.like(pattern, escape="\\"),
            func.lower(User.organisation).like(pattern, escape="\\"),
        ]
        code = country_code(q)
        if code:
            conditions.append(User.country == code)
        query = query.where(or_(*conditions))
    return query


def roster_query(edition: Edition, *, state: str = "", q: str = "") -> Select[Any]:
    """The edition's enrolments, filtered by state and searched by name, e-mail, country (code
    or name) or organisation; oldest first (the waitlist order)."""
    query = (
        select(Enrolment)
        .join(User, Enrolment.user_id == User.id)
        .options(joinedload(Enrolment.user))
        .order_by(Enrolment.created_at, Enrolment.id)
    )
    return _roster_filter(query, edition, state, q)


def roster_page(
    edition: Edition, *, state: str = "", q: str = "", number: int = 1, per_page: int = 50
) -> Page:
    """One page of ``roster_query`` as rows of the columns the roster shows (id, state,
    created_at, name, email, country, organisation): two queries, no ORM objects."""
    joined = select(func.count(Enrolment.id)).join(User, Enrolment.user_id == User.id)
    total = db.session.scalar(_roster_filter(joined, edition, state, q)) or 0
    columns = select(
        Enrolment.id,
        Enrolment.state,
        Enrolment.created_at,
        User.name,
        User.email,
        User.country,
        User.organisation,
    ).join(User, Enrolment.user_id == User.id)
    rows = db.session.execute(
        _roster_filter(columns, edition, state, q)
        .order_by(Enrolment.created_at, Enrolment.id)
        .limit(per_page)
        .offset((number - 1) * per_page)
    ).all()
    return Page(items=list(rows), number=number, per_page=per_page, total=total)


def roster_rows(edition: Edition, *, state: str = "", q: str = "") -> Iterable[list[object]]:
    """Rows for the CSV export, read in batches."""
    query = roster_query(edition, state=state, q=q).execution_options(yield_per=500)
    for enrolment in db.session.scalars(query):
        user = enrolment.user
        yield [
            user.name,
            user.email,
            enrolment.state,
            user.country or "",
            user.organisation or "",
            user.sector or "",
            user.preferred_language,
            enrolment.created_at.isoformat(timespec="seconds"),
            enrolment.decision_note or "",
        ]


ROSTER_HEADER = (
    "name",
    "email",
    "state",
    "country",
    "organisation",
    "sector",
    "language",
    "since",
    "note",
)


# Bulk enrolment by CSV ---------------------------------------------------------------------

COLUMN_ALIASES = {
    "email": "email",
    "e-mail": "email",
    "correo": "email",
    "correo electrónico": "email",
    "correo electronico": "email",
    "name": "name",
    "nombre": "name",
    "country": "country",
    "país": "country",
    "pais": "country",
    "organisation": "organisation",
    "organization": "organisation",
    "organización": "organisation",
    "organizacion": "organisation",
    "sector": "sector",
    "language": "language",
    "idioma": "language",
}
REQUIRED_COLUMNS = ("email", "name")


@dataclass
class ImportRow:
    """One accepted row of an upload."""

    line: int
    email: str
    name: str
    country: str | None = None
    organisation: str | None = None
    sector: str | None = None
    language: str | None = None
    user_id: int | None = None
    enrolment: Enrolment | None = None  # a withdrawn or rejected enrolment that comes back


@dataclass
class Refusal:
    """A refused row: where, which column, the value, and why (a code with details)."""

    line: int
    column: str
    value: str
    reason: str
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass
class ImportPlan:
    """What confirming an upload would do."""

    rows: list[ImportRow]
    refused: list[Refusal]
    encoding: str
    delimiter: str
    total: int

    @property
    def to_enrol(self) -> int:
        """Rows of people who have an account."""
        return sum(1 for row in self.rows if row.user_id is not None)

    @property
    def to_invite(self) -> int:
        """Rows of e-mails without an account: they get an invitation."""
        return sum(1 for row in self.rows if row.user_id is None)


def _chunks(items: list[str], size: int = 500) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def plan_import(edition: Edition, data: bytes) -> ImportPlan:
    """Read and check an upload without writing anything.

    Raises EnrolmentError: csv_empty, csv_binary, csv_no_header, csv_missing_columns
    (detail ``columns``), csv_too_many_rows (detail ``limit``).
    """
    try:
        table = read_table(data)
    except CsvProblem as exc:
        raise EnrolmentError(f"csv_{exc.code}") from exc
    columns = [COLUMN_ALIASES.get(name, name) for name in table.header]
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise EnrolmentError("csv_missing_columns", columns=missing)
    if len(table.rows) > MAX_IMPORT_ROWS:
        raise EnrolmentError("csv_too_many_rows", limit=MAX_IMPORT_ROWS)
    rename = dict(zip(table.header, columns, strict=True))
    refused: list[Refusal] = []
    candidates: list[ImportRow] = []
    first_line: dict[str, int] = {}
    for line, raw in table.rows:
        values = {rename.get(k, k): v for k, v in raw.items()}
        row, problem = _check_row(line, values)
        if problem is not None:
            refused.append(problem)
            continue
        assert row is not None  # noqa: S101 - _check_row gives one or the other
        if row.email in first_line:
            refused.append(
                Refusal(
                    line, "email", row.email, "duplicate_in_file", {"first": first_line[row.email]}
                )
            )
            continue
        first_line[row.email] = line
        candidates.append(row)
    emails = [row.email for row in candidates]
    users: dict[str, int] = {}
    enrolments: dict[int, Enrolment] = {}
    invited: set[str] = set()
    for chunk in _chunks(emails):
        users.update(
            db.session.execute(select(User.email, User.id).where(User.email.in_(chunk))).all()
        )
        invited.update(
            db.session.scalars(
                select(EnrolmentInvitation.email).where(
                    EnrolmentInvitation.edition_id == edition.id,
                    EnrolmentInvitation.email.in_(chunk),
                )
            )
        )
    user_ids = list(users.values())
    for start in range(0, len(user_ids), 500):
        for enrolment in db.session.scalars(
            select(Enrolment).where(
                Enrolment.edition_id == edition.id,
                Enrolment.user_id.in_(user_ids[start : start + 500]),
            )
        ):
            enrolments[enrolment.user_id] = enrolment
    rows = []
    for row in candidates:
        row.user_id = users.get(row.email)
        existing = enrolments.get(row.user_id) if row.user_id is not None else None
        if existing is not None and existing.state in HOLDING_STATES:
            refused.append(
                Refusal(row.line, "email", row.email, "already_enrolled", {"state": existing.state})
            )
            continue
        if row.user_id is None and row.email in invited:
            refused.append(Refusal(row.line, "email", row.email, "already_invited"))
            continue
        row.enrolment = existing
        rows.append(row)
    refused.sort(key=lambda r: r.line)
    return ImportPlan(rows, refused, table.encoding, table.delimiter, len(table.rows))


def _check_row(line: int, values: dict[str, str]) -> tuple[ImportRow | None, Refusal | None]:
    raw_email = values.get("email", "")
    if not raw_email:
        return None, Refusal(line, "email", "", "email_missing")
    try:
        email = validate_email(raw_email, check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        return None, Refusal(line, "email", raw_email, "email_invalid")
    if len(email) > 254:
        return None, Refusal(line, "email", raw_email, "email_invalid")
    name = " ".join(values.get("name", "").split())
    if not name:
        return None, Refusal(line, "name", "", "name_missing")
    if len(name) > 200:
        return None, Refusal(line, "name", name[:40] + "…", "name_too_long")
    row = ImportRow(line=line, email=email, name=name)
    country = values.get("country", "")
    if country:
        row.country = country_code(country)
        if row.country is None:
            return None, Refusal(line, "country", country, "country_unknown")
    organisation = " ".join(values.get("organisation", "").split())
    if len(organisation) > 200:
        return None, Refusal(line, "organisation", organisation[:40] + "…", "too_long")
    row.organisation = organisation or None
    sector = values.get("sector", "").strip().lower()
    if sector:
        if sector not in SECTORS:
            return None, Refusal(line, "sector", values["sector"], "sector_unknown")
        row.sector = sector
    language = values.get("language", "").strip().lower()
    if language:
        if language not in ("es", "en"):
            return None, Refusal(line, "language", values["language"], "language_unknown")
        row.language = language
    return row, None


@dataclass
class ImportResult:
    """What confirming wrote."""

    enrolled: int = 0
    waitlisted: int = 0
    invited: int = 0
    refused: int = 0


def apply_import(
    edition: Edition, data: bytes, *, by: User, notify: bool = True
) -> tuple[ImportResult, list[Notice]]:
    """Check the upload again (under the edition's lock) and write every accepted row: people
    with an account are enrolled (active while seats last, in file order, then waitlisted),
    other e-mails invited. Bulk inserts, one transaction (the route commits).

    Raises EnrolmentError as ``plan_import`` does.
    """
    edition = _lock(edition.id)
    plan = plan_import(edition, data)
    result = ImportResult(refused=len(plan.refused))
    free = seats_left(edition)
    now = utcnow()
    new_enrolments = []
    invitations = []
    enrolled_ids: list[tuple[int, str]] = []
    for row in plan.rows:
        if row.user_id is None:
            invitations.append(
                {
                    "edition_id": edition.id,
                    "email": row.email,
                    "name": row.name,
                    "country": row.country,
                    "organisation": row.organisation,
                    "sector": row.sector,
                    "language": row.language or "es",
                    "invited_by_id": by.id,
                    "created_at": now,
                }
            )
            continue
        if free is None or free > 0:
            state = "active"
            result.enrolled += 1
            if free is not None:
                free -= 1
        else:
            state = "waitlisted"
            result.waitlisted += 1
        enrolled_ids.append((row.user_id, state))
        if row.enrolment is not None:
            row.enrolment.state = state
            row.enrolment.created_at = now
            row.enrolment.updated_at = now
            row.enrolment.decided_by_id = by.id
            row.enrolment.decision_note = None
        else:
            new_enrolments.append(
                {
                    "edition_id": edition.id,
                    "user_id": row.user_id,
                    "state": state,
                    "created_at": now,
                    "updated_at": now,
                    "decided_by_id": by.id,
                }
            )
    db.session.flush()
    if new_enrolments:
        db.session.execute(insert(Enrolment), new_enrolments)
    if invitations:
        db.session.execute(insert(EnrolmentInvitation), invitations)
    result.invited = len(invitations)
    if not notify:
        return result, []
    notices = []
    people = {}
    ids = [user_id for user_id, _state in enrolled_ids]
    for start in range(0, len(ids), 500):
        for user in db.session.scalars(select(User).where(User.id.in_(ids[start : start + 500]))):
            people[user.id] = user
    for user_id, state in enrolled_ids:
        user = people.get(user_id)
        if user is not None:
            notices.append(
                _notice("enrolled" if state == "active" else "waitlisted", user, edition)
            )
    for invitation in invitations:
        notices.append(
            Notice(
                "invited",
                invitation["email"],
                invitation["name"],
                invitation["language"],
                edition,
            )
        )
    return result, notices


# Calendars -----------------------------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_calendar_token(user: User) -> str:
    """A new secret for ``user``'s private calendar feed; any earlier link stops working."""
    token = secrets.token_urlsafe(32)
    row = db.session.get(CalendarToken, user.id)
    if row is None:
        row = CalendarToken(user_id=user.id)
        db.session.add(row)
    row.token_hash = _token_hash(token)
    row.created_at = utcnow()
    db.session.flush()
    return token


def calendar_token_row(user: User) -> CalendarToken | None:
    """Whether (and since when) ``user`` has a private calendar link."""
    return db.session.get(CalendarToken, user.id)


def revoke_calendar_token(user: User) -> None:
    """Turn the private calendar link off."""
    row = db.session.get(CalendarToken, user.id)
    if row is not None:
        db.session.delete(row)
        db.session.flush()


def user_for_calendar(token: str) -> User | None:
    """The active person whose private feed ``token`` opens, or None."""
    if not token or len(token) > 100:
        return None
    row = db.session.scalar(
        select(CalendarToken)
        .where(CalendarToken.token_hash == _token_hash(token))
        .options(joinedload(CalendarToken.user))
    )
    if row is None or not row.user.active:
        return None
    return row.user


def calendar_events(
    sessions: dict[int, list[EditionSession]], editions: Iterable[Edition], language: str
) -> list[CalendarEvent]:
    """Calendar entries for the sessions of ``editions`` with titles in ``language``."""
    events = []
    for edition in editions:
        workshop_text = edition.workshop.text(language)
        workshop_title = workshop_text.title if workshop_text else edition.workshop.slug
        for item in sessions.get(edition.id, []):
            lesson_text = item.lesson.text(language)
            title = lesson_text.title if lesson_text else ""
            events.append(
                CalendarEvent(
                    uid=f"edition-{edition.id}-lesson-{item.lesson_id}",
                    start=item.starts_at,
                    end=item.ends_at,
                    summary=f"{title} · {workshop_title} ({edition.name})",
                    description=item.meeting_url or "",
                    location=item.place or edition.place or "",
                    url=item.meeting_url or "",
                    timezone=edition.timezone,
                )
            )
    return events


def feed_editions(user: User) -> list[Edition]:
    """The editions whose sessions go in ``user``'s private feed: their active enrolments."""
    return list(
        db.session.scalars(
            select(Edition)
            .join(Enrolment, Enrolment.edition_id == Edition.id)
            .where(Enrolment.user_id == user.id, Enrolment.state == "active")
            .options(joinedload(Edition.workshop).selectinload(Workshop.translations))
        ).unique()
    )


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
            _notice(
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
