"""What stays after an event: slides, recordings and reports, attached to the event or one of
its sessions, each a link or a file in storage (kind ``event-material``), public or for the
people registered only, as the organiser chooses.

Who may open one (the storage FILE_ACCESS rule for files; the event page for links): a public
material, whoever sees the event; a registered-only one, the people with a place and who runs
the event (visitors are asked to sign in, others refused).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from learning.events.after_models import MATERIAL_ACCESS, MATERIAL_KINDS
from learning.events.models import Event, EventMaterial, EventSession
from learning.events.services.common import EventError, can_manage, can_see, check_url
from learning.events.services.registrations import mine
from learning.platform.extensions import db
from learning.storage import services as storage
from learning.storage.models import StoredFile

FILE_KIND = "event-material"
# Slides, reports and recordings: documents, presentations, audio and video (no images only).
ALLOWED = frozenset({"pdf", "pptx", "odp", "docx", "odt", "mp3", "mp4"})


@dataclass
class MaterialData:
    """What the materials form gives."""

    kind: str
    title: str
    access: str = "public"
    session: str | None = None
    url: str = ""


def check(event: Event, data: MaterialData, *, has_file: bool) -> EventSession | None:
    """Check the form's values; returns the session named, if any.

    Raises EventError("bad_material_kind"|"bad_material_access"|"material_title"|
    "bad_session"|"bad_url"|"link_or_file")."""
    if data.kind not in MATERIAL_KINDS:
        raise EventError("bad_material_kind")
    if data.access not in MATERIAL_ACCESS:
        raise EventError("bad_material_access")
    title = " ".join((data.title or "").split())
    if not title or len(title) > 200:
        raise EventError("material_title")
    session = None
    if (data.session or "").strip():
        try:
            session = db.session.get(EventSession, int(str(data.session)))
        except ValueError as exc:
            raise EventError("bad_session") from exc
        if session is None or session.event_id != event.id:
            raise EventError("bad_session")
    url = check_url(data.url or "")
    if bool(url) == has_file:
        raise EventError("link_or_file")
    return session


def add(event: Event, data: MaterialData, file: StoredFile | None, by: Any) -> EventMaterial:
    """Attach a material (check first with ``check``)."""
    session = check(event, data, has_file=file is not None)
    row = EventMaterial(
        event_id=event.id,
        session_id=session.id if session else None,
        kind=data.kind,
        title=" ".join(data.title.split()),
        url=check_url(data.url or "") or None,
        file_id=file.id if file else None,
        access=data.access,
        created_by_id=getattr(by, "id", None),
    )
    db.session.add(row)
    db.session.flush()
    return row


def remove(material: EventMaterial) -> None:
    """Take a material away (its file goes with it: the row holds it)."""
    db.session.delete(material)


def of_event(event: Event) -> list[EventMaterial]:
    """The event's materials, the event's own first, then by session and title."""
    return list(
        db.session.scalars(
            select(EventMaterial)
            .where(EventMaterial.event_id == event.id)
            .options(selectinload(EventMaterial.file))
            .order_by(
                EventMaterial.session_id.is_not(None),
                EventMaterial.session_id,
                EventMaterial.kind,
                EventMaterial.title,
            )  # fmt: skip
        )
    )


def may_open(user: Any, event: Event, material: EventMaterial) -> bool:
    """Whether ``user`` may open ``material``."""
    if not can_see(user, event):
        return False
    if material.access == "public" or can_manage(user, event):
        return True
    registration = mine(user, event)
    return registration is not None and registration.state == "registered"


def file_access(user: Any, file: StoredFile) -> str:
    """The storage FILE_ACCESS rule for ``event-material`` files."""
    material = db.session.scalar(select(EventMaterial).where(EventMaterial.file_id == file.id))
    if material is None:
        return storage.ALLOW if getattr(user, "is_admin", False) else storage.HIDE
    event = db.session.get(Event, material.event_id)
    if event is None or not can_see(user, event):
        return storage.HIDE
    if may_open(user, event, material):
        return storage.ALLOW
    return storage.DENY if getattr(user, "is_authenticated", False) else storage.LOGIN
