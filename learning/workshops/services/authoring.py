"""Authoring a workshop: its texts, taxonomy, trainers and cover, and its publication."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from learning.accounts.models import User, UserRole
from learning.language.content import languages
from learning.language.taxonomy import AUDIENCES, THEMES
from learning.language.text import normalise
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.storage.models import StoredFile
from learning.workshops.models import (
    FORMATS,
    Workshop,
    WorkshopTag,
    WorkshopTranslation,
    workshop_trainers,
)
from learning.workshops.services.common import (
    RESERVED_SLUGS,
    SLUG,
    SLUG_MAX,
    Texts,
    WorkshopError,
    clean_texts,
    slugify,
    sync_translations,
)


@dataclass
class WorkshopData:
    """Everything the workshop form gives."""

    slug: str
    texts: dict[str, Texts]
    themes: list[str] = field(default_factory=list)
    audiences: list[str] = field(default_factory=list)
    teaching_languages: list[str] = field(default_factory=list)
    format: str = "online"
    estimated_hours: int = 0
    trainer_ids: list[int] = field(default_factory=list)


def trainer_candidates() -> list[User]:
    """People who may be chosen as a workshop's trainers (trainer role), by name."""
    return list(
        db.session.scalars(
            select(User)
            .where(User.active.is_(True), User.role_rows.any(UserRole.role == "trainer"))
            .order_by(User.name)
        )
    )


def slug_taken(slug: str, *, except_id: int | None = None) -> bool:
    """Whether another workshop already uses ``slug``."""
    query = select(func.count(Workshop.id)).where(Workshop.slug == slug)
    if except_id is not None:
        query = query.where(Workshop.id != except_id)
    return (db.session.scalar(query) or 0) > 0


def check_workshop(
    workshop: Workshop | None, data: WorkshopData, *, author: User
) -> tuple[dict[str, Texts], str, list[User]]:
    """Check ``data`` without writing; returns (texts, slug, trainers).

    Raises WorkshopError: no_language, title_missing:<lang>, bad_slug, slug_taken,
    bad_format, bad_theme, bad_audience, bad_language, bad_hours, bad_trainer, no_trainer.
    """
    texts = clean_texts(data.texts)
    slug = (data.slug or "").strip().lower() or slugify(next(iter(texts.values())).title)
    if not SLUG.fullmatch(slug) or len(slug) > SLUG_MAX or slug in RESERVED_SLUGS:
        raise WorkshopError("bad_slug")
    if slug_taken(slug, except_id=workshop.id if workshop else None):
        raise WorkshopError("slug_taken")
    if data.format not in FORMATS:
        raise WorkshopError("bad_format")
    if not set(data.themes) <= set(THEMES):
        raise WorkshopError("bad_theme")
    if not set(data.audiences) <= set(AUDIENCES):
        raise WorkshopError("bad_audience")
    if not set(data.teaching_languages) <= set(languages()):
        raise WorkshopError("bad_language")
    if not 0 <= data.estimated_hours <= 1000:
        raise WorkshopError("bad_hours")
    candidates = {user.id: user for user in trainer_candidates()}
    if not set(data.trainer_ids) <= set(candidates):
        raise WorkshopError("bad_trainer")
    trainers = [candidates[i] for i in dict.fromkeys(data.trainer_ids)]
    if not trainers:
        if workshop is None and author.id in candidates:
            trainers = [candidates[author.id]]
        else:
            raise WorkshopError("no_trainer")
    return texts, slug, trainers


def save_workshop(workshop: Workshop | None, data: WorkshopData, *, author: User) -> Workshop:
    """Create (``workshop`` None, as a draft) or update a workshop from ``data``.

    Raises WorkshopError as ``check_workshop`` does.
    """
    texts, slug, trainers = check_workshop(workshop, data, author=author)
    if workshop is None:
        workshop = Workshop(status="draft", created_by_id=author.id)
        db.session.add(workshop)
    workshop.slug = slug
    workshop.format = data.format
    workshop.estimated_hours = data.estimated_hours
    workshop.updated_at = utcnow()
    workshop.trainers = trainers
    sync_translations(
        workshop.translations, texts, WorkshopTranslation, ("title", "summary", "description")
    )
    wanted = {
        *(("theme", v) for v in data.themes),
        *(("audience", v) for v in data.audiences),
        *(("language", v) for v in data.teaching_languages),
    }
    for tag in list(workshop.tags):
        if (tag.facet, tag.value) not in wanted:
            workshop.tags.remove(tag)
    have = {(tag.facet, tag.value) for tag in workshop.tags}
    for facet, value in sorted(wanted - have):
        workshop.tags.append(WorkshopTag(facet=facet, value=value))
    workshop.search_text = search_text_for(workshop.translations)
    db.session.flush()
    return workshop


def search_text_for(translations: Iterable[WorkshopTranslation]) -> str:
    """The normalised text catalogue search looks in: every language's title, summary and
    description."""
    parts = []
    for row in translations:
        parts.extend((row.title or "", row.summary or "", row.description or ""))
    return normalise(" ".join(parts))


def set_cover(workshop: Workshop, file: StoredFile | None) -> None:
    """Set or remove the cover image; the previous image's row goes (its object is then
    unreferenced and ``flask storage gc`` removes it)."""
    old = workshop.cover
    workshop.cover = file
    if old is not None and old is not file:
        db.session.delete(old)
    db.session.flush()


def publish(workshop: Workshop) -> None:
    """Put the workshop in the catalogue. Raises WorkshopError("empty_curriculum") when it has
    no lesson yet."""
    if not any(module.lessons for module in workshop.modules):
        raise WorkshopError("empty_curriculum")
    workshop.status = "published"
    workshop.published_at = workshop.published_at or utcnow()
    db.session.flush()


def unpublish(workshop: Workshop) -> None:
    """Take the workshop out of the catalogue, back to draft."""
    workshop.status = "draft"
    db.session.flush()


def archive(workshop: Workshop) -> None:
    """Keep the workshop's page but take it out of the catalogue."""
    workshop.status = "archived"
    db.session.flush()


def my_workshops(user: User) -> Select[Any]:
    """The workshops ``user`` may author (all of them for admins), newest change first."""
    query = select(Workshop).options(selectinload(Workshop.trainers))
    if not user.is_admin:
        query = query.where(
            Workshop.id.in_(
                select(workshop_trainers.c.workshop_id).where(
                    workshop_trainers.c.user_id == user.id
                )
            )
        )
    return query.order_by(Workshop.updated_at.desc(), Workshop.id.desc())
