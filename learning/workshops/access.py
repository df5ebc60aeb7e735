"""Load a workshop for a route and check who may use it: one place for the workshops,
enrolment and completion features (404 for what a person may not see, sign-in for visitors,
403 for signed-in people without the right)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import NoReturn, TypeVar

from flask import abort, make_response, render_template
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import lazyload

from learning.language.content import Localised
from learning.language.i18n import current_language
from learning.platform import cache
from learning.platform.extensions import db, login_manager
from learning.workshops.models import Edition, Lesson, Workshop, workshop_trainers
from learning.workshops.services.common import SLUG, SLUG_MAX
from learning.workshops.services.curriculum import find_lesson
from learning.workshops.services.permissions import can_edit, can_follow, can_see, waiting_state

W = TypeVar("W")


def sign_in() -> NoReturn:
    """Send a visitor to the sign-in page (and back here afterwards)."""
    abort(login_manager.unauthorized())


def _slug_or_404(slug: str) -> None:
    """No query for what cannot be a slug (a NUL byte would even make PostgreSQL refuse it)."""
    if len(slug) > SLUG_MAX or not SLUG.fullmatch(slug):
        abort(404)


def visible(slug: str) -> Workshop:
    """The workshop at ``slug`` if this person may see it; 404 otherwise (drafts included)."""
    _slug_or_404(slug)
    # Tags load on first use: pages made from kept fragments do not show them.
    workshop = db.session.scalar(
        select(Workshop).where(Workshop.slug == slug).options(lazyload(Workshop.tags))
    )
    if workshop is None or not can_see(current_user, workshop):
        abort(404)
    return workshop


def editable(slug: str) -> Workshop:
    """The workshop if this person may author it: 404 if they may not see it, sign-in for
    visitors, 403 for others."""
    return _authors_only(visible(slug))


def _authors_only(workshop: W) -> W:
    if not current_user.is_authenticated:
        sign_in()
    if not can_edit(current_user, workshop):
        abort(403)
    return workshop


def followable(slug: str) -> Workshop:
    """The workshop if this person may follow its lessons and download its materials."""
    workshop = visible(slug)
    if not can_follow(current_user, workshop):
        refuse_follower(workshop.id, workshop.slug, workshop.text())
    return workshop


def refuse_follower(workshop_id: int, slug: str, text: Localised | None) -> NoReturn:
    """Why this person may not follow the workshop's lessons: sign-in for visitors; for those
    whose place waits (approval, waitlist) a page that says so (403); else a plain 403."""
    if not current_user.is_authenticated:
        sign_in()
    state = waiting_state(current_user, workshop_id)
    if state is None:
        abort(403)
    page = render_template("workshops/waiting.html", state=state, slug=slug, text=text)
    abort(make_response(page, 403))


def lesson(workshop: Workshop, lesson_id: int, kind: str | None = None) -> Lesson:
    """The workshop's lesson with this id (of ``kind``, when given); 404 otherwise."""
    found = find_lesson(workshop, lesson_id)
    if found is None or (kind is not None and found.kind != kind):
        abort(404)
    return found


# What the most read pages need to know before anything else, kept between requests ---------


@dataclass(frozen=True)
class Title:
    """A title in one language (what ``Localised`` wraps)."""

    language: str
    title: str


def _title(text: Localised | None) -> Localised | None:
    return Localised(Title(text.language, text.title), text.requested) if text else None


@dataclass(frozen=True)
class WorkshopFacts:
    """Who may see, follow or edit a workshop, and its title in the reader's language.

    Kept per language and per change of the workshops (no query on a kept page); anything
    else needs the workshop itself (``load()``).
    """

    id: int
    slug: str
    status: str
    trainer_ids: frozenset[int]
    text: Localised | None

    def load(self) -> Workshop:
        """The workshop itself (for what is made afresh)."""
        return db.session.get(Workshop, self.id)  # type: ignore[return-value]


@dataclass(frozen=True)
class LessonFacts:
    """What the lesson page needs before its kept parts: kind, module's opening day, title."""

    id: int
    kind: str
    release_on: date | None
    text: Localised | None

    def load(self) -> Lesson:
        """The lesson itself (for what is made afresh)."""
        return db.session.get(Lesson, self.id)  # type: ignore[return-value]


def facts_of(workshop: Workshop) -> WorkshopFacts:
    """The facts of a workshop already loaded."""
    trainer_ids = frozenset(
        db.session.scalars(
            select(workshop_trainers.c.user_id).where(
                workshop_trainers.c.workshop_id == workshop.id
            )
        )
    )
    return WorkshopFacts(
        workshop.id, workshop.slug, workshop.status, trainer_ids, _title(workshop.text())
    )


def _workshop_facts(slug: str) -> WorkshopFacts | None:
    workshop = db.session.scalar(
        select(Workshop).where(Workshop.slug == slug).options(lazyload(Workshop.tags))
    )
    if workshop is None:
        return None
    cache.hold(workshop)
    return facts_of(workshop)


def visible_facts(slug: str) -> WorkshopFacts:
    """``visible()`` from kept facts: 404 for what this person may not see."""
    _slug_or_404(slug)
    facts = cache.fragment(
        ("workshops",), ("workshop-facts", slug, current_language()), lambda: _workshop_facts(slug)
    )
    if facts is None or not can_see(current_user, facts):
        abort(404)
    return facts


def followable_facts(slug: str) -> WorkshopFacts:
    """``followable()`` from kept facts; whether a person follows a workshop is kept with
    their own records (an enrolment changing renews it)."""
    facts = visible_facts(slug)
    follows = can_edit(current_user, facts) or (
        current_user.is_authenticated
        and cache.fragment(
            ("workshops", *cache.person_kinds()),
            ("follows", facts.id),
            lambda: can_follow(current_user, facts),
        )
    )
    if not follows:
        refuse_follower(facts.id, facts.slug, facts.text)
    return facts


def _lesson_facts(workshop: WorkshopFacts, lesson_id: int) -> LessonFacts | None:
    found = find_lesson(workshop, lesson_id)  # type: ignore[arg-type]
    if found is None:
        return None
    cache.hold(found)
    return LessonFacts(found.id, found.kind, found.module.release_on, _title(found.text()))


def lesson_facts(workshop: WorkshopFacts, lesson_id: int) -> LessonFacts:
    """``lesson()`` from kept facts: 404 for a lesson not in the workshop."""
    found = cache.fragment(
        ("workshops",),
        ("lesson-facts", workshop.id, lesson_id, current_language()),
        lambda: _lesson_facts(workshop, lesson_id),
    )
    if found is None:
        abort(404)
    return found


@dataclass(frozen=True)
class EditionFacts:
    """Which workshop an edition belongs to, its name and status (kept like WorkshopFacts)."""

    id: int
    name: str
    status: str
    workshop_slug: str

    def load(self) -> Edition:
        """The edition itself (for what is made afresh)."""
        return db.session.get(Edition, self.id)  # type: ignore[return-value]


def edition_facts(edition_id: int) -> EditionFacts | None:
    """The kept facts of an edition, or None when there is no such edition."""

    def make() -> EditionFacts | None:
        edition = db.session.get(Edition, edition_id)
        if edition is None:
            return None
        cache.hold(edition)
        # The slug alone: visible_facts() loads (and holds) the workshop itself, once.
        slug = db.session.scalar(select(Workshop.slug).where(Workshop.id == edition.workshop_id))
        return EditionFacts(edition.id, edition.name, edition.status, slug)  # type: ignore[arg-type]

    return cache.fragment(("workshops",), ("edition-facts", edition_id), make)


def editable_facts(slug: str) -> WorkshopFacts:
    """``editable()`` from kept facts: 404, sign-in or 403 as it answers."""
    return _authors_only(visible_facts(slug))
