"""Workshop fixtures: a workshop with a curriculum, materials and a cover, and one person of
each kind the permission table knows."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest

from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.storage.services import store_upload
from learning.storage.store import IMAGE_EXTENSIONS
from learning.workshops.models import Edition, Enrolment, Workshop
from learning.workshops.services.authoring import (
    WorkshopData,
    archive,
    publish,
    save_workshop,
    set_cover,
)
from learning.workshops.services.common import Texts
from learning.workshops.services.curriculum import ModuleData, save_module
from learning.workshops.services.lessons import LessonData, save_lesson
from learning.workshops.services.materials import add_material

PDF = b"%PDF-1.7\n" + b"x" * 3000 + b"\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def texts(es: str | None = None, en: str | None = None, **more: Any) -> dict[str, Texts]:
    """Texts per language: texts("Título", "Title", body=("cuerpo", "body"))."""
    out = {}
    for index, (language, title) in enumerate((("es", es), ("en", en))):
        if title is not None:
            extra = {k: v[index] for k, v in more.items() if v[index] is not None}
            out[language] = Texts(title=title, **extra)
    return out


def stored(content: bytes = PDF, name: str = "guide.pdf", kind: str = "material") -> Any:
    allowed = IMAGE_EXTENSIONS if kind == "cover" else None
    kwargs = {"allowed": allowed} if allowed else {}
    return store_upload(io.BytesIO(content), name, kind=kind, uploader_id=None, **kwargs)


@dataclass
class World:
    """A workshop (two modules: lessons A and B, then C), a material, a cover, and people."""

    workshop: Workshop
    modules: list[Any]
    lessons: list[Any]
    material: Any
    cover: Any
    users: dict[str, Any] = field(default_factory=dict)

    @property
    def slug(self) -> str:
        return self.workshop.slug


def make_workshop(
    trainer: Any,
    *,
    slug: str = "datos",
    status: str = "published",
    title: tuple[str | None, str | None] = ("Periodismo de datos", "Data journalism"),
    themes: tuple[str, ...] = ("democracy",),
    audiences: tuple[str, ...] = ("journalists",),
    format: str = "online",
    languages: tuple[str, ...] = ("es",),
    summary: tuple[str | None, str | None] = (None, None),
    description: tuple[str | None, str | None] = (None, None),
) -> Workshop:
    workshop = save_workshop(
        None,
        WorkshopData(
            slug=slug,
            texts=texts(*title, summary=summary, description=description),
            themes=list(themes),
            audiences=list(audiences),
            teaching_languages=list(languages),
            format=format,
            estimated_hours=6,
            trainer_ids=[trainer.id],
        ),
        author=trainer,
    )
    module = save_module(workshop, None, ModuleData(texts=texts("Módulo", "Module")))
    save_lesson(module, None, LessonData(kind="text", texts=texts("Lección", "Lesson")))
    if status == "published":
        publish(workshop)
    elif status == "archived":
        archive(workshop)
    return workshop


@pytest.fixture
def people(app, make_user) -> dict[str, Any]:
    return {
        "visitor": None,
        "participant": make_user(name="Pablo Participante"),
        "enrolled": make_user(name="Elena Enrolled"),
        "other_trainer": make_user(roles=["trainer"], name="Otra Facilitadora"),
        "trainer": make_user(roles=["trainer"], name="Tomás Facilitador"),
        "admin": make_user(roles=["admin"], name="Ada Admin"),
    }


def enrol_in_new_edition(user: Any, workshop: Workshop, state: str = "active") -> Edition:
    """Enrol ``user`` (``state``) in a new edition of ``workshop`` running now; returns it."""
    today = utcnow().date()
    edition = Edition(
        workshop=workshop,
        name="Cohort",
        starts_on=today - timedelta(days=1),
        ends_on=today + timedelta(days=30),
    )
    db.session.add(edition)
    db.session.add(Enrolment(edition=edition, user_id=user.id, state=state))
    db.session.flush()
    return edition


@pytest.fixture
def build(app, people):
    """build(status="published") -> World, committed."""

    def factory(status: str = "published") -> World:
        material_file = stored()
        cover_file = stored(PNG, "cover.png", kind="cover")
        trainer = people["trainer"]
        workshop = save_workshop(
            None,
            WorkshopData(
                slug="datos",
                texts=texts("Periodismo de datos", "Data journalism"),
                themes=["democracy"],
                audiences=["journalists"],
                teaching_languages=["es", "en"],
                format="online",
                estimated_hours=6,
                trainer_ids=[trainer.id],
            ),
            author=trainer,
        )
        set_cover(workshop, cover_file)
        first = save_module(workshop, None, ModuleData(texts=texts("Uno", "One")))
        second = save_module(workshop, None, ModuleData(texts=texts("Dos", "Two")))
        lessons = [
            save_lesson(module, None, LessonData(kind="text", texts=texts(name, name)))
            for module, name in ((first, "A"), (first, "B"), (second, "C"))
        ]
        material = add_material(
            workshop, material_file, title="Guía", language="es", uploader=trainer
        )
        if status == "published":
            publish(workshop)
        enrol_in_new_edition(people["enrolled"], workshop)
        db.session.commit()
        return World(workshop, [first, second], lessons, material, cover_file, people)

    return factory
