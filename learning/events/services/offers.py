"""Waitlist offers: when a place frees, the first person waiting is offered it
(``registrations.fill_places``) and holds it until ``offer_expires_at``. They accept on their
registration page; if they do not in time, the scheduled job (jobs.py, every 15 minutes) takes
the place back, tells them, and offers it to the next person."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from learning.events.models import EventRegistration
from learning.events.services.common import EventError, lock_event
from learning.events.services.notices import Notice, notice_for
from learning.events.services.registrations import fill_places
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db


def has_offer(registration: EventRegistration) -> bool:
    """Whether the person was offered a place they have not taken yet."""
    return registration.state == "waitlisted" and registration.offer_expires_at is not None


def accept(registration: EventRegistration, *, now: datetime | None = None) -> list[Notice]:
    """Take the place offered. Raises EventError: offer_taken (accepted already), no_offer,
    offer_expired (after the deadline, even before the job has passed it on), not_open."""
    event = lock_event(registration.event_id)
    db.session.refresh(registration)
    if registration.state == "registered":
        raise EventError("offer_taken")
    deadline = registration.offer_expires_at
    if registration.state != "waitlisted" or deadline is None:
        raise EventError("no_offer")
    if event.status != "published":
        raise EventError("not_open")
    if (now or utcnow()) >= deadline:
        raise EventError("offer_expired")
    registration.state, registration.position = "registered", None
    registration.offer_expires_at = None
    registration.updated_at = utcnow()
    db.session.flush()
    return [notice_for("promoted", registration.user, event, registration)]


def expired_events(now: datetime | None = None) -> list[int]:
    """The events with an offer whose deadline has passed."""
    return list(
        db.session.scalars(
            select(EventRegistration.event_id)
            .where(
                EventRegistration.state == "waitlisted",
                EventRegistration.offer_expires_at <= (now or utcnow()),
            )
            .distinct()
            .order_by(EventRegistration.event_id)
        )
    )


def expire(event_id: int, *, now: datetime | None = None) -> list[Notice]:
    """For one event: the offers past their deadline go back (those people leave the
    waitlist and are told), and the places are offered to the next people waiting."""
    now = now or utcnow()
    event = lock_event(event_id)
    rows = db.session.scalars(
        select(EventRegistration)
        .where(
            EventRegistration.event_id == event_id,
            EventRegistration.state == "waitlisted",
            EventRegistration.offer_expires_at <= now,
        )
        .options(joinedload(EventRegistration.user))
        .order_by(EventRegistration.position)
    ).all()
    notices = []
    for registration in rows:
        registration.state, registration.position = "withdrawn", None
        registration.offer_expires_at = None
        registration.updated_at = now
        notices.append(notice_for("offer_expired", registration.user, event, registration))
    db.session.flush()
    return notices + fill_places(event_id, now=now)
