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


@dataclass(frozen=True)
class LessonPlace:
    """Where a lesson sits in its workshop (from a loaded curriculum): its module, its number
    among all the lessons, and the lessons before and after it."""

    modules: list[Module]
    module: Module
    number: int
    total: int
    previous: Lesson | None
    following: Lesson | None
    # The module of each lesson, by lesson id (whether the next one is open yet, for one).
    module_of: dict[int, Module]


def lesson_place(modules: list[Module], lesson_id: int) -> LessonPlace:
    """The place of lesson ``lesson_id`` in ``modules`` (as ``load_curriculum`` gives them).

    Raises ValueError when the lesson is not in them."""
    module_of = {lesson.id: module for module in modules for lesson in module.lessons}
    sequence = [lesson for module in modules for lesson in module.lessons]
    index = next((i for i, item in enumerate(sequence) if item.id == lesson_id), None)
    if index is None:
        raise ValueError(f"lesson {lesson_id} is not in this curriculum")
    return LessonPlace(
        modules=modules,
        module=module_of[lesson_id],
        number=index + 1,
        total=len(sequence),
        previous=sequence[index - 1] if index > 0 else None,
        following=sequence[index + 1] if index + 1 < len(sequence) else None,
        module_of=module_of,
    )
