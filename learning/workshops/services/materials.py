"""Materials: files attached to a workshop, a module or a lesson, in versions."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from learning.accounts.models import User
from learning.audit import services as audit
from learning.language.content import languages
from learning.platform.extensions import db
from learning.storage import services as storage
from learning.storage.models import StoredFile
from learning.workshops.models import Lesson, Material, MaterialVersion, Module, Workshop
from learning.workshops.services.common import WorkshopError, files_of, forget_files
from learning.workshops.services.permissions import can_follow, can_see


def add_material(
    workshop: Workshop,
    file: StoredFile,
    *,
    title: str,
    language: str,
    description: str = "",
    module: Module | None = None,
    lesson: Lesson | None = None,
    uploader: User | None = None,
) -> Material:
    """Attach an uploaded file to the workshop, one module or one lesson.

    Raises WorkshopError: bad_language, title_missing:material, other_workshop.
    """
    if language not in languages():
        raise WorkshopError("bad_language")
    if not title.strip():
        raise WorkshopError("title_missing:material")
    if lesson is not None:
        module = lesson.module
    if module is not None and module.workshop_id != workshop.id:
        raise WorkshopError("other_workshop")
    with db.session.no_autoflush:
        material = Material(
            title=title.strip()[:200], language=language, description=description.strip()
        )
        db.session.add(material)
        material.workshop = workshop
        material.module = module
        material.lesson = lesson
        material.versions.append(
            MaterialVersion(number=1, file=file, uploaded_by_id=uploader.id if uploader else None)
        )
    db.session.flush()
    return material


def replace_material(material: Material, file: StoredFile, *, uploader: User | None) -> None:
    """Add a new version of the material's file; earlier versions are kept."""
    number = max((v.number for v in material.versions), default=0) + 1
    material.versions.insert(
        0,
        MaterialVersion(number=number, file=file, uploaded_by_id=uploader.id if uploader else None),
    )
    db.session.flush()


def delete_material(material: Material) -> None:
    """Delete a material and every version of its file."""
    audit.record("content.deleted", target_type="material", target_id=material.id)
    files = files_of([material])
    material.workshop.materials.remove(material)
    forget_files(files)


def workshop_materials(workshop: Workshop) -> list[Material]:
    """Every material of the workshop, versions and files loaded."""
    return list(
        db.session.scalars(
            select(Material).where(Material.workshop_id == workshop.id).order_by(Material.id)
        )
    )


def file_owner(file: StoredFile) -> tuple[Workshop | None, str]:
    """The workshop a stored file belongs to and how ("material" or "cover")."""
    if file.kind == "material":
        workshop = db.session.scalar(
            select(Workshop)
            .join(Material, Material.workshop_id == Workshop.id)
            .join(MaterialVersion, MaterialVersion.material_id == Material.id)
            .where(MaterialVersion.file_id == file.id)
        )
        return workshop, "material"
    workshop = db.session.scalar(select(Workshop).where(Workshop.cover_file_id == file.id))
    return workshop, "cover"


def file_access(user: Any, file: StoredFile) -> str:
    """Who may download a material or a cover (the storage feature's FILE_ACCESS rule):
    materials are for enrolled participants, trainers and admins; covers for whoever sees the
    workshop."""
    workshop, how = file_owner(file)
    if workshop is None:
        return storage.ALLOW if getattr(user, "is_admin", False) else storage.HIDE
    if not can_see(user, workshop):
        return storage.HIDE
    if how == "cover" or can_follow(user, workshop):
        return storage.ALLOW
    if not getattr(user, "is_authenticated", False):
        return storage.LOGIN
    return storage.DENY
