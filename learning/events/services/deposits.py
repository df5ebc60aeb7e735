"""After the event, into the research exchange: who runs an event deposits one of its slides or
reports as a research output in draft (type ``presentation`` or ``research_report``), through
the research feature's own deposit service, linked back to the event; the output's page then
says which event it comes from (feature.py fills research's OUTPUT_PANELS).

The material's file is copied into a new stored file of kind ``research`` (row first, as every
upload): the research output's files are frozen once published, while the event's material
stays the organisers' to remove.
"""

from __future__ import annotations

import shutil
import tempfile
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from learning.events.models import Event, EventMaterial
from learning.events.services.common import EventError, can_manage, can_see
from learning.language.content import languages
from learning.platform.extensions import db
from learning.platform.settings import programme
from learning.research.models import ResearchOutput
from learning.research.services import deposit
from learning.research.services.common import RESEARCH_EXTENSIONS, ResearchError, programme_today
from learning.storage import services as storage
from learning.storage.base import StorageError
from learning.storage.models import StoredFile
from learning.storage.store import get_storage

# What a material becomes in the research exchange.
OUTPUT_TYPES = {"slides": "presentation", "report": "research_report"}
SPOOL = 8 * 1024 * 1024


def check(user: Any, event: Event, material: EventMaterial) -> str:
    """The research output type ``material`` would become. Raises EventError:
    not_found (not an organiser of the event), not_depositable (a recording),
    deposit_needs_file (a link), already_deposited."""
    if not can_manage(user, event) or material.event_id != event.id:
        raise EventError("not_found")
    if material.kind not in OUTPUT_TYPES:
        raise EventError("not_depositable")
    if material.file is None or not material.file.is_available:
        raise EventError("deposit_needs_file")
    if material.file.extension not in RESEARCH_EXTENSIONS:
        raise EventError("deposit_refused")
    if material.output_id is not None:
        raise EventError("already_deposited")
    return OUTPUT_TYPES[material.kind]


def copy_file(material: EventMaterial, by: Any) -> StoredFile:
    """The material's bytes as a new ``research`` stored file (available, not committed).
    Raises EventError("deposit_refused") when the copy cannot be made."""
    source = material.file
    assert source is not None  # noqa: S101 - check() ran first
    try:
        with (
            get_storage().open(source.key) as stream,
            tempfile.SpooledTemporaryFile(max_size=SPOOL) as spool,
        ):
            shutil.copyfileobj(stream, spool)
            spool.seek(0)
            return storage.store_upload(
                spool,
                source.original_name,
                kind="research",
                uploader_id=by.id,
                allowed=RESEARCH_EXTENSIONS,
            )
    except (storage.UploadRefused, StorageError, OSError, ValueError) as exc:
        raise EventError("deposit_refused") from exc


def deposit_material(
    user: Any, event: Event, material: EventMaterial, file: StoredFile
) -> ResearchOutput:
    """A research output in draft, owned by ``user``, from ``material`` with ``file`` (its
    copy, ``copy_file``); the material remembers it. Raises EventError (as ``check``, or
    deposit_refused when the research exchange refuses it)."""
    output_type = check(user, event, material)
    texts = {}
    for row in event.translations:
        about = row.summary.strip() or row.title
        texts[row.language] = (material.title, about)
    if not texts:
        texts[languages()[0]] = (material.title, material.title)
    speakers = []
    if material.session_id is not None:
        session = next((s for s in event.sessions if s.id == material.session_id), None)
        speakers = list(session.speakers) if session is not None else []
    creators = [
        deposit.CreatorData(name=s.shown_name, affiliation=s.affiliation or None)
        for s in speakers
        if s.shown_name
    ] or [deposit.CreatorData(name=user.name, affiliation=user.organisation or None)]
    data = deposit.VersionData(
        output_type=output_type,
        organisation=programme().name,
        publication_date=event.starts_at.astimezone(ZoneInfo(event.timezone)).date(),
        texts=texts,
        creators=creators,
        languages=sorted(texts),
        themes=event.themes,
        countries=event.countries,
    )
    try:
        output = deposit.create_output(
            user, data, access="public", embargo_until=None, files=[file], today=programme_today()
        )
    except ResearchError as exc:
        raise EventError("deposit_refused") from exc
    material.output_id = output.id
    db.session.flush()
    return output


def event_of_output(viewer: Any, output_id: int) -> Event | None:
    """The event a research output was deposited from, when ``viewer`` may see it."""
    event = db.session.scalar(
        select(Event)
        .join(EventMaterial, EventMaterial.event_id == Event.id)
        .where(EventMaterial.output_id == output_id)
        .limit(1)
    )
    return event if event is not None and can_see(viewer, event) else None
