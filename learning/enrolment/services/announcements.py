"""Announcements: a trainer writes once to the people of an edition; the job queue sends one
e-mail per person, in the announcement's words and the person's language for the frame."""

from __future__ import annotations

from sqlalchemy import select

from learning.accounts.models import User
from learning.platform.extensions import db
from learning.workshops.models import Edition, Enrolment

# Who an announcement reaches: "participants" (in the edition now or finished it) or
# "everyone" (also the waitlist and those waiting for approval).
AUDIENCES = {
    "participants": ("active", "completed"),
    "everyone": ("active", "completed", "waitlisted", "pending"),
}
SUBJECT_MAX = 150
BODY_MAX = 5000


def recipients(edition: Edition, audience: str) -> list[tuple[int, str, str, str]]:
    """(user id, e-mail, name, language) of the active accounts ``audience`` names, in the
    order of enrolment. Raises KeyError for an unknown audience."""
    states = AUDIENCES[audience]
    return [
        tuple(row)
        for row in db.session.execute(
            select(User.id, User.email, User.name, User.preferred_language)
            .join(Enrolment, Enrolment.user_id == User.id)
            .where(
                Enrolment.edition_id == edition.id,
                Enrolment.state.in_(states),
                User.active.is_(True),
            )
            .order_by(Enrolment.created_at, Enrolment.id)
        )
    ]


def audience_sizes(edition: Edition) -> dict[str, int]:
    """How many people each audience reaches now."""
    return {name: len(recipients(edition, name)) for name in AUDIENCES}
