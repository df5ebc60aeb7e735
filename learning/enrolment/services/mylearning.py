"""My learning: a person's enrolments, and the progress the features above fill in
(learning/platform/slots.py MY_LEARNING_PROGRESS and MY_LEARNING_CERTIFICATES)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from learning.accounts.models import User
from learning.platform.extensions import db
from learning.platform.slots import MY_LEARNING_CERTIFICATES, MY_LEARNING_PROGRESS
from learning.workshops.models import Edition, Enrolment, Workshop


@dataclass(frozen=True)
class Progress:
    """How far a person is in an edition; the completion feature computes it."""

    done: int
    total: int
    percent: int
    continue_url: str | None = None
    # The lesson ``continue_url`` opens.
    continue_lesson_id: int | None = None


def progress_for(enrolments: list[Enrolment]) -> dict[int, Progress]:
    """Progress per enrolment id (MY_LEARNING_PROGRESS); empty when nobody fills the slot."""
    provider = MY_LEARNING_PROGRESS.get()
    if provider is None or not enrolments:
        return {}
    return provider(enrolments)


def certificates_for(enrolments: list[Enrolment]) -> dict[int, Any]:
    """Certificates per enrolment id (MY_LEARNING_CERTIFICATES); empty when nobody fills the
    slot."""
    provider = MY_LEARNING_CERTIFICATES.get()
    return provider(enrolments) if provider is not None else {}


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
