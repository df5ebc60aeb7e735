"""Workshops: the catalogue entry, its curriculum (modules and lessons), materials, and the
minimal editions and enrolments the enrolment feature builds on (those two are in
learning/workshops/editions.py, imported here: import every workshops model from this module).

Translatable texts live in ``*_translations`` tables (one row per language), so a third
language is a configuration change, not a schema change.
"""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning.accounts.models import User
from learning.language.content import Localised, choose
from learning.platform import cache
from learning.platform.dbtypes import UTCDateTime, utcnow
from learning.platform.extensions import db
from learning.storage.models import StoredFile
from learning.workshops.editions import (  # noqa: F401 - part of the workshops' models
    EDITION_STATUSES,
    ENROLMENT_MODES,
    ENROLMENT_STATES,
    SEAT_STATES,
    Edition,
    Enrolment,
)

FORMATS = {"online": _l("Online"), "in-person": _l("In person"), "hybrid": _l("Hybrid")}
# Contexts: Spanish agrees in gender ("taller publicado", "publicación publicada").
STATUSES = {
    "draft": lazy_pgettext("workshop state", "draft"),
    "published": lazy_pgettext("workshop state", "published"),
    "archived": lazy_pgettext("workshop state", "archived"),
}
LESSON_KINDS = {
    "text": _l("Text"),
    "video": _l("Video"),
    "reading": _l("Reading"),
    "quiz": _l("Quiz"),
    "live": _l("Live session"),
}
FACETS = ("theme", "audience", "language")


def _in(column: str, values: object) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"  # type: ignore[attr-defined]


workshop_trainers = Table(
    "workshop_trainers",
    db.metadata,
    Column("workshop_id", ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Workshop(db.Model):
    """A workshop in the catalogue: texts per language, taxonomy, format, trainers, curriculum."""

    __tablename__ = "workshops"
    __table_args__ = (
        CheckConstraint(_in("format", FORMATS), name="format_known"),
        CheckConstraint(_in("status", STATUSES), name="status_known"),
        CheckConstraint("estimated_hours >= 0 AND estimated_hours <= 1000", name="hours_range"),
        Index("ix_workshops_status_published", "status", "published_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    format: Mapped[str] = mapped_column(String(16), default="online")
    estimated_hours: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    cover_file_id: Mapped[int | None] = mapped_column(
        ForeignKey("stored_files.id", ondelete="SET NULL"), index=True
    )
    # Lower-cased, accent-free title/summary/description in every language, for LIKE search.
    search_text: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    translations: Mapped[list[WorkshopTranslation]] = relationship(
        back_populates="workshop", cascade="all, delete-orphan", lazy="selectin"
    )
    tags: Mapped[list[WorkshopTag]] = relationship(
        back_populates="workshop", cascade="all, delete-orphan", lazy="selectin"
    )
    trainers: Mapped[list[User]] = relationship(secondary=workshop_trainers, order_by=User.name)
    modules: Mapped[list[Module]] = relationship(
        back_populates="workshop",
        cascade="all, delete-orphan",
        order_by="Module.position",
        foreign_keys="Module.workshop_id",
    )
    materials: Mapped[list[Material]] = relationship(
        back_populates="workshop", cascade="all, delete-orphan", order_by="Material.id"
    )
    editions: Mapped[list[Edition]] = relationship(
        back_populates="workshop", cascade="all, delete-orphan", order_by="Edition.starts_on"
    )
    cover: Mapped[StoredFile | None] = relationship(foreign_keys=[cover_file_id])

    def text(self, language: str | None = None) -> Localised[WorkshopTranslation] | None:
        """The texts in the reader's language, or another one (``.fallback`` says so)."""
        return choose(self.translations, language)

    @property
    def trainer_ids(self) -> frozenset[int]:
        """The ids of the workshop's trainers."""
        return frozenset(trainer.id for trainer in self.trainers)

    def translation(self, language: str) -> WorkshopTranslation | None:
        """The translation in exactly ``language``, if there is one."""
        return next((t for t in self.translations if t.language == language), None)

    def _facet(self, facet: str) -> list[str]:
        return sorted(tag.value for tag in self.tags if tag.facet == facet)

    @property
    def themes(self) -> list[str]:
        """Theme keys (taxonomy.THEMES)."""
        return self._facet("theme")

    @property
    def audiences(self) -> list[str]:
        """Audience keys (taxonomy.AUDIENCES)."""
        return self._facet("audience")

    @property
    def teaching_languages(self) -> list[str]:
        """Codes of the languages the workshop is taught in."""
        return self._facet("language")

    @property
    def is_published(self) -> bool:
        """Whether the workshop is in the catalogue."""
        return self.status == "published"

    def __repr__(self) -> str:
        return f"<Workshop {self.id} {self.slug} {self.status}>"


class WorkshopTranslation(db.Model):
    """A workshop's title, summary and description in one language."""

    __tablename__ = "workshop_translations"
    __table_args__ = (UniqueConstraint("workshop_id", "language"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(5))
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(500), default="")
    description: Mapped[str] = mapped_column(Text, default="")

    workshop: Mapped[Workshop] = relationship(back_populates="translations")


class WorkshopTag(db.Model):
    """One theme, audience or teaching language of a workshop (values from the taxonomy)."""

    __tablename__ = "workshop_tags"
    __table_args__ = (
        UniqueConstraint("workshop_id", "facet", "value"),
        CheckConstraint(_in("facet", FACETS), name="facet_known"),
        Index("ix_workshop_tags_facet_value", "facet", "value"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    facet: Mapped[str] = mapped_column(String(16))
    value: Mapped[str] = mapped_column(String(32))

    workshop: Mapped[Workshop] = relationship(back_populates="tags")


class Module(db.Model):
    """An ordered part of a curriculum; may open on a date and follow a prerequisite module."""

    __tablename__ = "modules"
    __table_args__ = (
        CheckConstraint("position >= 0", name="position_positive"),
        CheckConstraint("prerequisite_id IS NULL OR prerequisite_id <> id", name="not_own_prereq"),
        Index("ix_modules_workshop_position", "workshop_id", "position"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    release_on: Mapped[date | None] = mapped_column(Date)
    prerequisite_id: Mapped[int | None] = mapped_column(
        ForeignKey("modules.id", ondelete="SET NULL"), index=True
    )

    workshop: Mapped[Workshop] = relationship(back_populates="modules", foreign_keys=[workshop_id])
    translations: Mapped[list[ModuleTranslation]] = relationship(
        back_populates="module", cascade="all, delete-orphan", lazy="selectin"
    )
    lessons: Mapped[list[Lesson]] = relationship(
        back_populates="module", cascade="all, delete-orphan", order_by="Lesson.position"
    )
    prerequisite: Mapped[Module | None] = relationship(remote_side=[id])

    def text(self, language: str | None = None) -> Localised[ModuleTranslation] | None:
        """The module's texts in the reader's language or a fallback."""
        return choose(self.translations, language)

    def translation(self, language: str) -> ModuleTranslation | None:
        """The translation in exactly ``language``, if there is one."""
        return next((t for t in self.translations if t.language == language), None)


class ModuleTranslation(db.Model):
    """A module's title and summary in one language."""

    __tablename__ = "module_translations"
    __table_args__ = (UniqueConstraint("module_id", "language"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(5))
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")

    module: Mapped[Module] = relationship(back_populates="translations")


class Lesson(db.Model):
    """One lesson: text, video, reading, quiz or live session."""

    __tablename__ = "lessons"
    __table_args__ = (
        CheckConstraint(_in("kind", LESSON_KINDS), name="kind_known"),
        CheckConstraint("position >= 0", name="position_positive"),
        CheckConstraint(
            "estimated_minutes >= 0 AND estimated_minutes <= 10000", name="minutes_range"
        ),
        CheckConstraint(
            "kind <> 'live' OR (starts_at IS NOT NULL AND ends_at IS NOT NULL "
            "AND ends_at > starts_at AND timezone IS NOT NULL)",
            name="live_times",
        ),
        Index("ix_lessons_module_position", "module_id", "position"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(16))
    estimated_minutes: Mapped[int] = mapped_column(Integer, default=15)
    required: Mapped[bool] = mapped_column(Boolean, default=True)
    # Video or reading given as a link (a research output's page, a video platform).
    url: Mapped[str | None] = mapped_column(String(500))
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    timezone: Mapped[str | None] = mapped_column(String(64))
    place: Mapped[str | None] = mapped_column(String(300))
    meeting_url: Mapped[str | None] = mapped_column(String(500))

    module: Mapped[Module] = relationship(back_populates="lessons")
    translations: Mapped[list[LessonTranslation]] = relationship(
        back_populates="lesson", cascade="all, delete-orphan", lazy="selectin"
    )
    # A video or reading lesson's uploaded file is a material attached to the lesson.
    materials: Mapped[list[Material]] = relationship(
        back_populates="lesson", cascade="all, delete-orphan", order_by="Material.id"
    )

    def text(self, language: str | None = None) -> Localised[LessonTranslation] | None:
        """The lesson's texts in the reader's language or a fallback."""
        return choose(self.translations, language)

    def translation(self, language: str) -> LessonTranslation | None:
        """The translation in exactly ``language``, if there is one."""
        return next((t for t in self.translations if t.language == language), None)


class LessonTranslation(db.Model):
    """A lesson's title and body (Markdown) in one language."""

    __tablename__ = "lesson_translations"
    __table_args__ = (UniqueConstraint("lesson_id", "language"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(5))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")

    lesson: Mapped[Lesson] = relationship(back_populates="translations")


class Material(db.Model):
    """A file for participants, attached to a workshop, one of its modules or one lesson.

    Replacing the file adds a version; earlier versions are kept.
    """

    __tablename__ = "materials"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshops.id", ondelete="CASCADE"), index=True
    )
    module_id: Mapped[int | None] = mapped_column(
        ForeignKey("modules.id", ondelete="CASCADE"), index=True
    )
    lesson_id: Mapped[int | None] = mapped_column(
        ForeignKey("lessons.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(5))
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    workshop: Mapped[Workshop] = relationship(back_populates="materials")
    module: Mapped[Module | None] = relationship()
    lesson: Mapped[Lesson | None] = relationship(back_populates="materials")
    versions: Mapped[list[MaterialVersion]] = relationship(
        back_populates="material",
        cascade="all, delete-orphan",
        order_by="MaterialVersion.number.desc()",
        lazy="selectin",
    )

    @property
    def current(self) -> MaterialVersion | None:
        """The newest version."""
        return self.versions[0] if self.versions else None


class MaterialVersion(db.Model):
    """One uploaded file of a material; the highest number is the current one."""

    __tablename__ = "material_versions"
    __table_args__ = (
        UniqueConstraint("material_id", "number"),
        CheckConstraint("number >= 1", name="number_positive"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    material_id: Mapped[int] = mapped_column(ForeignKey("materials.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    file_id: Mapped[int] = mapped_column(
        ForeignKey("stored_files.id", ondelete="CASCADE"), unique=True
    )
    uploaded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    material: Mapped[Material] = relationship(back_populates="versions")
    file: Mapped[StoredFile] = relationship(lazy="joined")
    uploaded_by: Mapped[User | None] = relationship()


# Cached pages made from these tables (learning/platform/cache.py); features above add theirs.
cache.watch(
    "workshops",
    Workshop, WorkshopTranslation, WorkshopTag, workshop_trainers, Module, ModuleTranslation,
    Lesson, LessonTranslation, Material, MaterialVersion, Edition, Enrolment,
)  # fmt: skip
# A person's enrolments renew their own kept pages and their edition's (roster, report).
cache.watch_people(Enrolment, group="edition_id")
