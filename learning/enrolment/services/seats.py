"""Seats and places: counting free seats, enrolling, withdrawing, approving, rejecting and
moving people, the waitlist that fills a freed seat at once, and invitations that become
enrolments once the invited address is proven."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload
from werkzeug.security import check_password_hash

from learning.accounts.models import User
from learning.enrolment.models import EnrolmentInvitation
from learning.enrolment.services.common import (
    HOLDING_STATES,
    WITHDRAWABLE,
    EnrolmentError,
    lock_edition,
)
from learning.enrolment.services.notices import Notice, notice_for
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.workshops.models import SEAT_STATES, Edition, Enrolment, Workshop

# Seats -------------------------------------------------------------------------------------


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


def fill_seats(edition: Edition) -> list[Notice]:
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
        notices.append(notice_for("promoted", enrolment.user, edition))
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
    edition = lock_edition(edition.id)
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
        notices.append(notice_for("enrolled", user, edition))
    elif state == "waitlisted":
        notices.append(notice_for("waitlisted", user, edition))
    db.session.flush()
    return enrolment, notices


def withdraw(enrolment: Enrolment, *, by: User | None = None, note: str = "") -> list[Notice]:
    """Leave an edition (or, ``by`` a trainer, remove someone); a freed seat goes at once to the
    first person on the waitlist. Raises EnrolmentError("not_enrolled")."""
    edition = lock_edition(enrolment.edition_id)
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
    return fill_seats(edition) if held_seat else []


def approve(enrolment: Enrolment, *, by: User, note: str = "") -> list[Notice]:
    """Accept a pending request: active if a seat is free, else waitlisted.

    Raises EnrolmentError("not_pending")."""
    edition = lock_edition(enrolment.edition_id)
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
        notice_for(
            "approved",
            enrolment.user,
            edition,
            note=enrolment.decision_note or "",
            waitlisted=enrolment.state == "waitlisted",
        )
    ]


def reject(enrolment: Enrolment, *, by: User, note: str = "") -> list[Notice]:
    """Decline a pending (or waitlisted) request. Raises EnrolmentError("not_pending")."""
    edition = lock_edition(enrolment.edition_id)
    db.session.refresh(enrolment)
    if enrolment.state not in ("pending", "waitlisted"):
        raise EnrolmentError("not_pending")
    enrolment.state = "rejected"
    enrolment.updated_at = utcnow()
    enrolment.decided_by_id = by.id
    enrolment.decision_note = note.strip()[:1000] or None
    db.session.flush()
    return [notice_for("rejected", enrolment.user, edition, note=enrolment.decision_note or "")]


def move(enrolment: Enrolment, target: Edition, *, by: User) -> list[Notice]:
    """Move a person to another edition of the same workshop (capacity applies there; the seat
    they leave goes to the waitlist). Raises EnrolmentError: bad_target, not_enrolled,
    already_in_target, edition_closed."""
    source_id = enrolment.edition_id
    if target.id == source_id or target.workshop_id != enrolment.edition.workshop_id:
        raise EnrolmentError("bad_target")
    # Both editions locked, always in id order, so two opposite moves cannot deadlock.
    locked = {e_id: lock_edition(e_id) for e_id in sorted((source_id, target.id))}
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
    notices = [notice_for("enrolled" if state == "active" else "waitlisted", moved.user, target)]
    if held_seat:
        notices += fill_seats(source)
    return notices


def my_enrolment(user: Any, edition: Edition) -> Enrolment | None:
    """The signed-in person's enrolment in ``edition``, if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    return _find(edition.id, user.id)


def my_states(user: Any, editions: Iterable[Edition]) -> dict[int, str]:
    """The signed-in person's state in each of ``editions`` they have a row in (one query);
    empty for visitors."""
    ids = [e.id for e in editions]
    if not ids or not getattr(user, "is_authenticated", False):
        return {}
    rows = db.session.execute(
        select(Enrolment.edition_id, Enrolment.state).where(
            Enrolment.edition_id.in_(ids), Enrolment.user_id == user.id
        )
    )
    return {edition_id: state for edition_id, state in rows}


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
