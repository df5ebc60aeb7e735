"""Organisers write to an event's people: everyone registered, on the waitlist, or checked in
(at the door or online). The job queue sends one e-mail per person, in the organiser's words
and the person's language for the frame (jobs.py); this module says who is written to."""

from __future__ import annotations

from sqlalchemy import select

from learning.accounts.models import User
from learning.events.models import Event, EventAttendance, EventRegistration
from learning.platform.extensions import db

AUDIENCES = ("registered", "waitlisted", "checked_in")
SUBJECT_MAX = 150
BODY_MAX = 5000


def recipients(event: Event, audience: str) -> list[int]:
    """The ids of the active accounts ``audience`` names, each once, in a stable order.
    Raises KeyError for an unknown audience."""
    if audience not in AUDIENCES:
        raise KeyError(audience)
    if audience == "checked_in":
        query = (
            select(User.id)
            .join(EventAttendance, EventAttendance.user_id == User.id)
            .where(EventAttendance.event_id == event.id)
        )
    else:
        query = (
            select(User.id)
            .join(EventRegistration, EventRegistration.user_id == User.id)
            .where(EventRegistration.event_id == event.id, EventRegistration.state == audience)
        )
    return list(db.session.scalars(query.where(User.active.is_(True)).distinct().order_by(User.id)))


def audience_sizes(event: Event) -> dict[str, int]:
    """How many people each audience reaches now."""
    return {name: len(recipients(event, name)) for name in AUDIENCES}
