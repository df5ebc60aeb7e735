"""The curriculum: modules in order, and loading a workshop's modules and lessons."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from learning.audit import services as audit
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.workshops.models import (
    Lesson,
    LessonTranslation,
    Material,
    Module,
    ModuleTranslation,
    Workshop,
)
from learning.workshops.services.common import (
    Texts,
    WorkshopError,
    clean_texts,
    files_of,
    forget_files,
    move,
    renumber,
    sync_translations,
)


@dataclass
class ModuleData:
    """What the module form gives."""

    texts: dict[str, Texts]
    release_on: date | None = None
    prerequisite_id: int | None = None


def save_module(workshop: Workshop, module: Module | None, data: ModuleData) -> Module:
    """Create (appended at the end) or update a module.

    Raises WorkshopError: no_language, title_missing:<lang>, bad_prerequisite.
    """
    texts = clean_texts(data.texts)
    prerequisite = None
    if data.prerequisite_id is not None:
        prerequisite = next((m for m in workshop.modules if m.id == data.prerequisite_id), None)
        if prerequisite is None or prerequisite is module:
            raise WorkshopError("bad_prerequisite")
    if module is None:
        module = Module(position=len(workshop.modules))
        workshop.modules.append(module)
    module.release_on = data.release_on
    module.prerequisite = prerequisite
    sync_translations(module.translations, texts, ModuleTranslation, ("title", "summary"))
    workshop.updated_at = utcnow()
    db.session.flush()
    return module


def move_module(module: Module, direction: str) -> None:
    """Move a module up or down. Raises WorkshopError("cannot_move")."""
    move(module.workshop.modules, module, direction)


def delete_module(module: Module) -> None:
    """Delete a module, its lessons and their materials; the rest close ranks."""
    audit.record("content.deleted", target_type="module", target_id=module.id)
    workshop = module.workshop
    materials = db.session.scalars(select(Material).where(Material.module_id == module.id)).all()
    lesson_ids = [lesson.id for lesson in module.lessons]
    if lesson_ids:
        materials = [
            *materials,
            *db.session.scalars(select(Material).where(Material.lesson_id.in_(lesson_ids))),
        ]
    for other in workshop.modules:
        if other.prerequisite_id == module.id:
            other.prerequisite = None
    files = files_of(set(materials))
    for material in set(materials):
        if material in workshop.materials:
            workshop.materials.remove(material)
    workshop.modules.remove(module)
    renumber(workshop.modules)
    workshop.updated_at = utcnow()
    forget_files(files)


def find_lesson(workshop: Workshop, lesson_id: int) -> Lesson | None:
    """The lesson of ``workshop`` with this id, or None."""
    return db.session.scalar(
        select(Lesson)
        .join(Module, Lesson.module_id == Module.id)
        .where(Lesson.id == lesson_id, Module.workshop_id == workshop.id)
    )


def load_curriculum(workshop: Workshop, *, outline: bool = False) -> list[Module]:
    """The workshop's modules with their lessons (and translations) in a fixed number of
    queries. ``outline``: what an outline shows (lesson titles, no bodies, no materials)."""
    lessons = selectinload(Module.lessons)
    if outline:
        options = [
            lessons.selectinload(Lesson.translations).load_only(
                LessonTranslation.language, LessonTranslation.title
            )
        ]
    else:
        options = [
            lessons.selectinload(Lesson.translations),
            lessons.selectinload(Lesson.materials),
        ]
    return list(
        db.session.scalars(
            select(Module)
            .where(Module.workshop_id == workshop.id)
            .options(*options, selectinload(Module.prerequisite))
            .order_by(Module.position)
        )
    )
