"""Who may do what with a workshop: author it, see it, follow its lessons."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from learning.platform.extensions import db
from learning.workshops.models import Edition, Enrolment, Workshop

ACCESS_STATES = ("active", "completed")
# A place asked for and not yet given: the lessons stay closed, and the pages say why.
WAITING_STATES = ("pending", "waitlisted")


def _authenticated(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def can_edit(user: Any, workshop: Workshop) -> bool:
    """Admins and the workshop's own trainers (holding the trainer role) may author it."""
    if not _authenticated(user):
        return False
    if user.is_admin:
        return True
    # Only people holding the trainer role author (taking the role away ends it): the
    # participants who read most pages cost no query here.
    if not user.has_role("trainer"):
        return False
    return user.id in workshop.trainer_ids


def can_see(user: Any, workshop: Workshop) -> bool:
    """Published and archived workshops are public; drafts only for those who may edit them."""
    return workshop.status != "draft" or can_edit(user, workshop)


def is_enrolled(user: Any, workshop: Workshop) -> bool:
    """Whether ``user`` holds an active or completed enrolment in an edition of ``workshop``."""
    if not _authenticated(user):
        return False
    found = db.session.scalar(
        select(Enrolment.id)
        .join(Edition, Enrolment.edition_id == Edition.id)
        .where(
            Edition.workshop_id == workshop.id,
            Enrolment.user_id == user.id,
            Enrolment.state.in_(ACCESS_STATES),
        )
        .limit(1)
    )
    return found is not None


def waiting_state(user: Any, workshop_id: int) -> str | None:
    """ "pending" or "waitlisted" when ``user`` waits for a place in an edition of the
    workshop (pending first), else None."""
    if not _authenticated(user):
        return None
    states = set(
        db.session.scalars(
            select(Enrolment.state)
            .join(Edition, Enrolment.edition_id == Edition.id)
            .where(
                Edition.workshop_id == workshop_id,
                Enrolment.user_id == user.id,
                Enrolment.state.in_(WAITING_STATES),
            )
        )
    )
    return next((state for state in WAITING_STATES if state in states), None)


def can_follow(user: Any, workshop: Workshop) -> bool:
    """Lessons and materials: enrolled participants, the workshop's trainers, admins."""
    return can_edit(user, workshop) or (workshop.status != "draft" and is_enrolled(user, workshop))


def is_trainer(user: Any) -> bool:
    """Whether ``user`` may create workshops (trainer role, or admin)."""
    return _authenticated(user) and user.has_role("trainer")
