"""Registrations: places and the waitlist, approval, changing answers, withdrawing, and the
lists organisers read. Every change of places first takes the event's lock
(``common.lock_event``), so 30 people registering at once for 10 places give exactly 10
registrations and a waitlist in the order the lock was granted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import joinedload

from learning.accounts.models import User
from learning.events.models import HOLDING, Event, EventRegistration, EventSpeaker, EventStar
from learning.events.services.agenda import forget_stars
from learning.events.services.common import EventError, lock_event
from learning.events.services.notices import Notice, notice_for
from learning.events.services.places import forget as forget_places
from learning.events.services.questions import forget_answers
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db

MAX_NEEDS = 1000


@dataclass
class Answers:
    """What a person answers when registering (and may change later)."""

    consent_list: bool = False
    consent_photos: bool = False
    consent_news: bool = False
    accessibility: str = ""


def _apply(registration: EventRegistration, answers: Answers) -> None:
    needs = (answers.accessibility or "").strip()
    if len(needs) > MAX_NEEDS:
        raise EventError("too_long", limit=MAX_NEEDS)
    registration.consent_list = bool(answers.consent_list)
    registration.consent_photos = bool(answers.consent_photos)
    registration.consent_news = bool(answers.consent_news)
    registration.accessibility = needs


def registered_count(event_id: int) -> int:
    """How many people hold a place: those registered and those offered one (until they
    accept or their deadline passes)."""
    return (
        db.session.scalar(
            select(func.count(EventRegistration.id)).where(
                EventRegistration.event_id == event_id,
                (EventRegistration.state == "registered")
                | (
                    (EventRegistration.state == "waitlisted")
                    & EventRegistration.offer_expires_at.is_not(None)
                ),
            )
        )
        or 0
    )


def places_left(event: Event, taken: int | None = None) -> int | None:
    """Free places, or None when the event has no capacity limit."""
    if event.capacity is None:
        return None
    if taken is None:
        taken = registered_count(event.id)
    return max(0, event.capacity - taken)


def _next_position(event_id: int) -> int:
    last = db.session.scalar(
        select(func.max(EventRegistration.position)).where(EventRegistration.event_id == event_id)
    )
    return (last or 0) + 1


def check_window(event: Event, now: datetime | None = None) -> None:
    """Raise EventError("not_open"|"not_open_yet"|"registration_closed") unless people may
    register for ``event`` now."""
    now = now or utcnow()
    if event.status != "published":
        raise EventError("not_open")
    if event.registration_opens_at and now < event.registration_opens_at:
        raise EventError("not_open_yet", when=event.registration_opens_at)
    if event.registration_closes_at and now >= event.registration_closes_at:
        raise EventError("registration_closed")
    if now >= event.ends_at:
        raise EventError("registration_closed")


def find(event_id: int, user_id: int) -> EventRegistration | None:
    """The registration of one person for one event, read afresh."""
    return db.session.scalar(
        select(EventRegistration)
        .where(EventRegistration.event_id == event_id, EventRegistration.user_id == user_id)
        .execution_options(populate_existing=True)
    )


def mine(user: Any, event: Event) -> EventRegistration | None:
    """The signed-in person's registration for ``event``, if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    return find(event.id, user.id)


def _state_for(event: Event) -> str:
    if event.requires_approval:
        return "pending"
    free = places_left(event)
    return "registered" if free is None or free > 0 else "waitlisted"


def _place(registration: EventRegistration, state: str) -> None:
    # The position first: its query flushes, and a waitlisted row needs one.
    position = _next_position(registration.event_id) if state == "waitlisted" else None
    registration.state, registration.position = state, position
    registration.offer_expires_at = None
    registration.updated_at = utcnow()


def holds_place(registration: EventRegistration) -> bool:
    """Whether the registration keeps a place from others (registered, or offered one)."""
    return registration.state == "registered" or registration.offer_expires_at is not None


def register(
    user: User, event: Event, answers: Answers, *, now: datetime | None = None
) -> tuple[EventRegistration, list[Notice]]:
    """Register ``user``: a place if one is free, else the end of the waitlist; pending when
    the event asks for approval. Registering again after withdrawing reuses the row (at the
    back of the queue). Raises EventError: not_open, not_open_yet, registration_closed,
    already_registered, too_long."""
    event = lock_event(event.id)
    check_window(event, now)
    registration = find(event.id, user.id)
    if registration is not None and registration.state in HOLDING:
        raise EventError("already_registered")
    state = _state_for(event)
    position = _next_position(event.id) if state == "waitlisted" else None
    stamp = utcnow()
    if registration is None:
        registration = EventRegistration(event_id=event.id, user_id=user.id)
    registration.state, registration.position = state, position
    registration.created_at = registration.updated_at = stamp
    registration.decided_by_id = None
    _apply(registration, answers)
    db.session.add(registration)
    db.session.flush()
    return registration, [notice_for(registration.state, user, event, registration)]


def change_answers(registration: EventRegistration, answers: Answers) -> None:
    """Change consents and needs of a registration that is not withdrawn.

    Raises EventError("not_registered"|"too_long")."""
    if registration.state not in HOLDING:
        raise EventError("not_registered")
    _apply(registration, answers)
    registration.updated_at = utcnow()
    db.session.flush()


def fill_places(event_id: int, *, now: datetime | None = None) -> list[Notice]:
    """Offer free places to the first people on the waitlist not yet offered one (takes the
    event's lock): each holds the place for the event's ``offer_hours`` and is told by e-mail;
    accepting is services/offers.py."""
    event = lock_event(event_id)
    if event.status != "published":
        return []
    query = (
        select(EventRegistration)
        .where(
            EventRegistration.event_id == event.id,
            EventRegistration.state == "waitlisted",
            EventRegistration.offer_expires_at.is_(None),
        )
        .order_by(EventRegistration.position, EventRegistration.id)
        .options(joinedload(EventRegistration.user))
    )
    free = places_left(event)
    if free is not None:
        if free <= 0:
            return []
        query = query.limit(free)
    notices = []
    deadline = (now or utcnow()) + timedelta(hours=event.offer_hours)
    for registration in db.session.scalars(query).all():
        registration.offer_expires_at = deadline
        registration.updated_at = utcnow()
        notices.append(notice_for("offered", registration.user, event, registration))
    db.session.flush()
    return notices


def withdraw(registration: EventRegistration) -> list[Notice]:
    """Leave the event (and the sessions starred on it); a freed place (held or offered) is
    offered at once to the first person on the waitlist. Raises EventError("not_registered")."""
    lock_event(registration.event_id)
    db.session.refresh(registration)
    if registration.state not in HOLDING:
        raise EventError("not_registered")
    held = holds_place(registration)
    _place(registration, "withdrawn")
    forget_stars(registration.user_id, registration.event_id)
    forget_places(registration.user_id, registration.event_id)
    db.session.flush()
    return fill_places(registration.event_id) if held else []


def decide(registration: EventRegistration, *, by: User, accept: bool) -> list[Notice]:
    """An organiser accepts a pending request (a place if one is free, else the waitlist) or
    declines it (withdrawn). Raises EventError("not_pending")."""
    event = lock_event(registration.event_id)
    db.session.refresh(registration)
    if registration.state != "pending":
        raise EventError("not_pending")
    registration.decided_by_id = by.id
    if not accept:
        _place(registration, "withdrawn")
        db.session.flush()
        return [notice_for("declined", registration.user, event, registration)]
    free = places_left(event)
    _place(registration, "registered" if free is None or free > 0 else "waitlisted")
    db.session.flush()
    return [notice_for(registration.state, registration.user, event, registration)]


def waitlist_rank(registration: EventRegistration) -> int | None:
    """The person's place in the waitlist queue (1 = next), or None when not waitlisted."""
    if registration.state != "waitlisted" or registration.position is None:
        return None
    ahead = db.session.scalar(
        select(func.count(EventRegistration.id)).where(
            EventRegistration.event_id == registration.event_id,
            EventRegistration.state == "waitlisted",
            EventRegistration.position < registration.position,
        )
    )
    return (ahead or 0) + 1


def roster(event: Event) -> list[EventRegistration]:
    """Every registration of ``event`` with its person: registered, pending, the waitlist in
    order, then withdrawn."""
    order = {"registered": 0, "pending": 1, "waitlisted": 2, "withdrawn": 3}
    rows = db.session.scalars(
        select(EventRegistration)
        .where(EventRegistration.event_id == event.id)
        .options(joinedload(EventRegistration.user))
        .order_by(EventRegistration.position, EventRegistration.created_at, EventRegistration.id)
    ).all()
    return sorted(rows, key=lambda r: order[r.state])


def state_counts(event: Event) -> dict[str, int]:
    """How many registrations are in each state."""
    rows = db.session.execute(
        select(EventRegistration.state, func.count(EventRegistration.id))
        .where(EventRegistration.event_id == event.id)
        .group_by(EventRegistration.state)
    )
    return dict(rows.all())


def people_to_tell(event_id: int) -> list[EventRegistration]:
    """Everyone registered, waitlisted or waiting for approval, with their person."""
    return list(
        db.session.scalars(
            select(EventRegistration)
            .where(EventRegistration.event_id == event_id, EventRegistration.state.in_(HOLDING))
            .options(joinedload(EventRegistration.user))
            .order_by(EventRegistration.id)
        )
    )


def forget_person(user: User) -> None:
    """A person deletes their account (the accounts.deleting slot): their registrations stay,
    anonymous, for the figures, but their needs, consents, answers and personal agenda go, and
    so do their places among the speakers of agendas (with their bios)."""
    forget_answers(user.id)
    for speaker in db.session.scalars(select(EventSpeaker).where(EventSpeaker.user_id == user.id)):
        db.session.delete(speaker)
    db.session.execute(
        update(EventRegistration)
        .where(EventRegistration.user_id == user.id)
        .values(accessibility="", consent_list=False, consent_photos=False, consent_news=False)
        .execution_options(synchronize_session=False, owner=user.id)
    )
    db.session.execute(
        delete(EventStar)
        .where(EventStar.user_id == user.id)
        .execution_options(synchronize_session=False, owner=user.id)
    )
