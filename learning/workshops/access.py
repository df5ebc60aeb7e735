"""Load a workshop for a route and check who may use it: one place for the workshops,
enrolment and completion features (404 for what a person may not see, sign-in for visitors,
403 for signed-in people without the right)."""

from __future__ import annotations

from typing import NoReturn

from flask import abort
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import lazyload

from learning.extensions import db, login_manager
from learning.workshops import services
from learning.workshops.models import Lesson, Workshop


def sign_in() -> NoReturn:
    """Send a visitor to the sign-in page (and back here afterwards)."""
    abort(login_manager.unauthorized())


def visible(slug: str) -> Workshop:
    """The workshop at ``slug`` if this person may see it; 404 otherwise (drafts included)."""
    # Tags load on first use: pages made from kept fragments do not show them.
    workshop = db.session.scalar(
        select(Workshop).where(Workshop.slug == slug).options(lazyload(Workshop.tags))
    )
    if workshop is None or not services.can_see(current_user, workshop):
        abort(404)
    return workshop


def editable(slug: str) -> Workshop:
    """The workshop if this person may author it: 404 if they may not see it, sign-in for
    visitors, 403 for others."""
    workshop = visible(slug)
    if not current_user.is_authenticated:
        sign_in()
    if not services.can_edit(current_user, workshop):
        abort(403)
    return workshop


def followable(slug: str) -> Workshop:
    """The workshop if this person may follow its lessons and download its materials."""
    workshop = visible(slug)
    if not services.can_follow(current_user, workshop):
        if not current_user.is_authenticated:
            sign_in()
        abort(403)
    return workshop


def lesson(workshop: Workshop, lesson_id: int, kind: str | None = None) -> Lesson:
    """The workshop's lesson with this id (of ``kind``, when given); 404 otherwise."""
    found = services.find_lesson(workshop, lesson_id)
    if found is None or (kind is not None and found.kind != kind):
        abort(404)
    return found
