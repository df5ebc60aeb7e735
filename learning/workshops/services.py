"""Workshop operations: authoring, curriculum order, materials, catalogue queries, access.

Functions add and flush; the route commits (one transaction per request). Domain rules that
refuse an operation raise WorkshopError with a ``code`` the web layer words for people.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from learning.accounts.models import User, UserRole
from learning.audit import services as audit
from learning.language.content import languages
from learning.language.taxonomy import AUDIENCES, THEMES
from learning.language.text import normalise
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.storage.filenames import clean_filename
from learning.storage.models import StoredFile
from learning.workshops.models import (
    FORMATS,
    LESSON_KINDS,
    Edition,
    Enrolment,
    Lesson,
    LessonTranslation,
    Material,
    MaterialVersion,
    Module,
    ModuleTranslation,
    Workshop,
    WorkshopTag,
    WorkshopTranslation,
    workshop_trainers,
)

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SLUG_MAX = 80
RESERVED_SLUGS = frozenset({"new", "mine"})
ACCESS_STATES = ("active", "completed")


class WorkshopError(Exception):
    """A domain rule refused the operation; ``code`` names which."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


# Who may do what ----------------------------------------------------------------------------


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


def can_follow(user: Any, workshop: Workshop) -> bool:
    """Lessons and materials: enrolled participants, the workshop's trainers, admins."""
    return can_edit(user, workshop) or (workshop.status != "draft" and is_enrolled(user, workshop))


def is_trainer(user: Any) -> bool:
    """Whether ``user`` may create workshops (trainer role, or admin)."""
    return _authenticated(user) and user.has_role("trainer")


# Text helpers ---------------------------------------------------------------------------------


def escape_like(term: str) -> str:
    """A LIKE pattern fragment that matches ``term`` literally."""
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def slugify(text: str) -> str:
    """A URL slug from a title: "Periodismo de datos" -> "periodismo-de-datos"."""
    return "-".join(re.findall(r"[a-z0-9]+", normalise(text)))[:SLUG_MAX].strip("-")


@dataclass
class Texts:
    """The translatable fields given for one language (empty strings mean "not given")."""

    title: str = ""
    summary: str = ""
    description: str = ""
    body: str = ""

    @property
    def given(self) -> bool:
        """Whether anything was written for this language."""
        return any(v.strip() for v in (self.title, self.summary, self.description, self.body))


def _clean_texts(texts: dict[str, Texts]) -> dict[str, Texts]:
    """Keep the known languages that have content; each needs a title.

    Raises WorkshopError("no_language") when none has content, ("title_missing:<lang>")
    when one has content but no title.
    """
    kept = {}
    for language in languages():
        given = texts.get(language)
        if given is None or not given.given:
            continue
        if not given.title.strip():
            raise WorkshopError(f"title_missing:{language}")
        kept[language] = given
    if not kept:
        raise WorkshopError("no_language")
    return kept


def _sync_translations(rows: list[Any], texts: dict[str, Texts], make: Any, fields: tuple) -> None:
    """Make ``rows`` (a translations collection) hold exactly ``texts``' languages."""
    by_language = {row.language: row for row in rows}
    for language, row in by_language.items():
        if language not in texts:
            rows.remove(row)
    for language, given in texts.items():
        row = by_language.get(language)
        if row is None:
            row = make(language=language)
            rows.append(row)
        for name in fields:
            setattr(row, name, getattr(given, name).strip())


# Workshops ------------------------------------------------------------------------------------


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
    texts = _clean_texts(data.texts)
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
    _sync_translations(
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


# Catalogue --------------------------------------------------------------------------------------


@dataclass
class Filters:
    """Catalogue filters; empty strings mean "any"."""

    q: str = ""
    theme: str = ""
    audience: str = ""
    format: str = ""
    language: str = ""


def invalid_filters(filters: Filters) -> list[str]:
    """The names of filters whose value is not one we know."""
    bad = []
    if filters.theme and filters.theme not in THEMES:
        bad.append("theme")
    if filters.audience and filters.audience not in AUDIENCES:
        bad.append("audience")
    if filters.format and filters.format not in FORMATS:
        bad.append("format")
    if filters.language and filters.language not in languages():
        bad.append("language")
    return bad


def catalogue_query(filters: Filters) -> Select[Any]:
    """Published workshops matching ``filters`` (unknown values are ignored), newest first,
    with what the cards show loaded eagerly."""
    query = (
        select(Workshop)
        .where(Workshop.status == "published")
        .options(selectinload(Workshop.editions))
        .order_by(Workshop.published_at.desc(), Workshop.id.desc())
    )
    for facet, value, known in (
        ("theme", filters.theme, THEMES),
        ("audience", filters.audience, AUDIENCES),
        ("language", filters.language, languages()),
    ):
        if value and value in known:
            query = query.where(
                Workshop.tags.any((WorkshopTag.facet == facet) & (WorkshopTag.value == value))
            )
    if filters.format in FORMATS:
        query = query.where(Workshop.format == filters.format)
    for term in normalise(filters.q[:200]).split()[:10]:
        query = query.where(Workshop.search_text.like(f"%{escape_like(term)}%", escape="\\"))
    return query


def upcoming_editions(workshop: Workshop, today: date | None = None) -> list[Edition]:
    """Editions that start after today and are open or closed (not drafts, not cancelled)."""
    today = today or utcnow().date()
    return [e for e in workshop.editions if e.starts_on > today and e.status in ("open", "closed")]


# Curriculum -------------------------------------------------------------------------------------


def _renumber(items: list[Any]) -> None:
    for position, item in enumerate(sorted(items, key=lambda item: item.position)):
        item.position = position


def _move(items: list[Any], item: Any, direction: str) -> None:
    """Swap ``item`` with its neighbour. Raises WorkshopError("cannot_move") past the ends or
    for an unknown direction."""
    _renumber(items)
    index = items.index(item)
    target = index - 1 if direction == "up" else index + 1 if direction == "down" else -1
    if not 0 <= target < len(items):
        raise WorkshopError("cannot_move")
    # Only the positions change: reassigning items of an ORM collection would orphan them.
    items[index].position, items[target].position = target, index
    db.session.flush()


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
    texts = _clean_texts(data.texts)
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
    _sync_translations(module.translations, texts, ModuleTranslation, ("title", "summary"))
    workshop.updated_at = utcnow()
    db.session.flush()
    return module


def move_module(module: Module, direction: str) -> None:
    """Move a module up or down. Raises WorkshopError("cannot_move")."""
    _move(module.workshop.modules, module, direction)


def _files_of(materials: Iterable[Material]) -> list[StoredFile]:
    return [version.file for material in materials for version in material.versions]


def _forget_files(files: list[StoredFile]) -> None:
    """Delete stored-file rows once nothing points at them; their objects become unreferenced
    and ``flask storage gc`` removes them."""
    db.session.flush()
    for file in files:
        db.session.delete(file)
    db.session.flush()


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
    files = _files_of(set(materials))
    for material in set(materials):
        if material in workshop.materials:
            workshop.materials.remove(material)
    workshop.modules.remove(module)
    _renumber(workshop.modules)
    workshop.updated_at = utcnow()
    _forget_files(files)


@dataclass
class LessonData:
    """What the lesson form gives; fields that do not apply to the kind are ignored."""

    kind: str
    texts: dict[str, Texts]
    estimated_minutes: int = 15
    required: bool = True
    url: str = ""
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    timezone: str = ""
    place: str = ""
    meeting_url: str = ""
    has_file: bool = False


def _check_url(url: str) -> str | None:
    url = (url or "").strip()
    if not url:
        return None
    # A path on this site is fine too: "/research/12" links a research output as the reading.
    on_site = re.match(r"/research/\d+(/v/\d+)?/?$", url)
    if not on_site and (not re.match(r"https?://[^\s/]+", url, re.IGNORECASE) or len(url) > 500):
        raise WorkshopError("bad_url")
    return url


def check_lesson(
    module: Module, lesson: Lesson | None, data: LessonData
) -> tuple[dict[str, Texts], str | None, str | None]:
    """Check ``data`` without writing; returns (texts, url, meeting_url).

    Raises WorkshopError: bad_kind, no_language, title_missing:<lang>, bad_minutes, bad_url,
    live_times_missing, live_ends_before_start, bad_timezone, video_missing, reading_missing.
    """
    from learning.language.timezones import is_timezone

    if data.kind not in LESSON_KINDS:
        raise WorkshopError("bad_kind")
    texts = _clean_texts(data.texts)
    if not 0 <= data.estimated_minutes <= 10000:
        raise WorkshopError("bad_minutes")
    url = _check_url(data.url) if data.kind in ("video", "reading") else None
    has_material = data.has_file or bool(lesson is not None and lesson.materials)
    if data.kind == "video" and not (url or has_material):
        raise WorkshopError("video_missing")
    if data.kind == "reading" and not (url or has_material):
        raise WorkshopError("reading_missing")
    meeting_url = None
    if data.kind == "live":
        if data.starts_at is None or data.ends_at is None:
            raise WorkshopError("live_times_missing")
        if not is_timezone(data.timezone or ""):
            raise WorkshopError("bad_timezone")
        if data.ends_at <= data.starts_at:
            raise WorkshopError("live_ends_before_start")
        meeting_url = _check_url(data.meeting_url)
    return texts, url, meeting_url


def save_lesson(module: Module, lesson: Lesson | None, data: LessonData) -> Lesson:
    """Create (appended at the end of ``module``) or update a lesson.

    Raises WorkshopError as ``check_lesson`` does.
    """
    texts, url, meeting_url = check_lesson(module, lesson, data)
    if lesson is None:
        lesson = Lesson(kind=data.kind, position=len(module.lessons))
        module.lessons.append(lesson)
    lesson.kind = data.kind
    lesson.estimated_minutes = data.estimated_minutes
    lesson.required = data.required
    lesson.url = url
    if data.kind == "live":
        lesson.starts_at, lesson.ends_at = data.starts_at, data.ends_at
        lesson.timezone = data.timezone
        lesson.place = data.place.strip()[:300] or None
        lesson.meeting_url = meeting_url
    else:
        lesson.starts_at = lesson.ends_at = None
        lesson.timezone = lesson.place = lesson.meeting_url = None
    _sync_translations(lesson.translations, texts, LessonTranslation, ("title", "body"))
    module.workshop.updated_at = utcnow()
    db.session.flush()
    return lesson


def move_lesson(lesson: Lesson, direction: str) -> None:
    """Move a lesson up or down within its module. Raises WorkshopError("cannot_move")."""
    _move(lesson.module.lessons, lesson, direction)


def move_lesson_to_module(lesson: Lesson, target: Module) -> None:
    """Move a lesson to the end of another module of the same workshop.

    Raises WorkshopError("other_workshop") when ``target`` belongs to another workshop.
    """
    source = lesson.module
    if target.workshop_id != source.workshop_id:
        raise WorkshopError("other_workshop")
    if target is source:
        return
    # Load both collections before the move: a flush in between would see an orphan.
    with db.session.no_autoflush:
        position = len(target.lessons)
        materials = list(lesson.materials)
        source.lessons.remove(lesson)
        lesson.position = position
        target.lessons.append(lesson)
        _renumber(source.lessons)
        for material in materials:
            material.module_id = target.id
    db.session.flush()


def delete_lesson(lesson: Lesson) -> None:
    """Delete a lesson and its materials; the rest of the module closes ranks."""
    audit.record("content.deleted", target_type="lesson", target_id=lesson.id)
    module = lesson.module
    files = _files_of(lesson.materials)
    for material in list(lesson.materials):
        if material in module.workshop.materials:
            module.workshop.materials.remove(material)
    module.lessons.remove(lesson)
    _renumber(module.lessons)
    _forget_files(files)


def find_module(workshop: Workshop, module_id: int) -> Module | None:
    """The module of ``workshop`` with this id, or None."""
    return db.session.scalar(
        select(Module).where(Module.id == module_id, Module.workshop_id == workshop.id)
    )


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


# Materials ----------------------------------------------------------------------------------


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
    files = _files_of([material])
    material.workshop.materials.remove(material)
    _forget_files(files)


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


# The ZIP of all materials -----------------------------------------------------------------------


class _Pipe:
    """A write-only file object whose bytes are collected and handed out chunk by chunk."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.chunks.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        """Nothing is buffered here."""

    def drain(self) -> Iterator[bytes]:
        chunks, self.chunks = self.chunks, []
        yield from chunks


def zip_entries(materials: Iterable[Material]) -> list[tuple[str, StoredFile]]:
    """(name inside the zip, file) for each material's current version: cleaned, unique."""
    entries = []
    seen: set[str] = set()
    for material in materials:
        version = material.current
        if version is None or not version.file.is_available:
            continue
        name = clean_filename(version.file.original_name)
        stem, dot, extension = name.rpartition(".")
        if not dot:
            stem, extension = name, ""
        candidate, n = name, 1
        while candidate.casefold() in seen:
            n += 1
            candidate = f"{stem} ({n}).{extension}" if extension else f"{stem} ({n})"
        seen.add(candidate.casefold())
        entries.append((candidate, version.file))
    return entries


def stream_zip(storage: Any, entries: list[tuple[str, str, int, datetime]]) -> Iterator[bytes]:
    """Yield a ZIP (stored, not compressed) of (name, key, size, time) entries, reading each
    object in chunks: memory stays bounded by the chunk size whatever the total."""
    pipe = _Pipe()
    with zipfile.ZipFile(pipe, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as archive:
        for name, key, size, when in entries:
            info = zipfile.ZipInfo(name, date_time=when.timetuple()[:6])
            info.compress_type = zipfile.ZIP_STORED
            info.file_size = size
            with archive.open(info, "w", force_zip64=size >= 2**31) as member:
                for chunk in storage.iter_range(key):
                    member.write(chunk)
                    yield from pipe.drain()
            yield from pipe.drain()
    yield from pipe.drain()
