"""Lessons: checking and saving each kind, moving and deleting them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from learning.audit import services as audit
from learning.language.timezones import is_timezone
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.workshops.models import LESSON_KINDS, Lesson, LessonTranslation, Module
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
    if data.kind not in LESSON_KINDS:
        raise WorkshopError("bad_kind")
    texts = clean_texts(data.texts)
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
    sync_translations(lesson.translations, texts, LessonTranslation, ("title", "body"))
    module.workshop.updated_at = utcnow()
    db.session.flush()
    return lesson


def move_lesson(lesson: Lesson, direction: str) -> None:
    """Move a lesson up or down within its module. Raises WorkshopError("cannot_move")."""
    move(lesson.module.lessons, lesson, direction)


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
        renumber(source.lessons)
        for material in materials:
            material.module_id = target.id
    db.session.flush()


def delete_lesson(lesson: Lesson) -> None:
    """Delete a lesson and its materials; the rest of the module closes ranks."""
    audit.record("content.deleted", target_type="lesson", target_id=lesson.id)
    module = lesson.module
    files = files_of(lesson.materials)
    for material in list(lesson.materials):
        if material in module.workshop.materials:
            module.workshop.materials.remove(material)
    module.lessons.remove(lesson)
    renumber(module.lessons)
    forget_files(files)
