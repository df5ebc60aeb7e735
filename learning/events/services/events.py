"""Running an event: creating and editing it (texts, taxonomy, place, time zone, registration
window, capacity), its cover, and publishing, cancelling and archiving it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from learning.accounts.models import User
from learning.events.models import FORMATS, KINDS, Event, EventTag, EventTranslation
from learning.events.services.common import EventError, can_see, check_url
from learning.events.services.notices import Notice
from learning.events.services.registrations import fill_places
from learning.jobs.models import Job
from learning.jobs.services import submit
from learning.language.taxonomy import THEMES, is_country
from learning.language.text import normalise
from learning.language.timezones import from_wall_clock, is_timezone
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.storage import services as storage
from learning.storage.models import StoredFile
from learning.workshops.services.common import Texts, WorkshopError, clean_texts, sync_translations

CANCEL_JOB = "events.cancelled"
MAX_CAPACITY = 100_000
DEFAULT_OFFER_HOURS, MAX_OFFER_HOURS = 48, 336


@dataclass
class EventData:
    """Everything the event form gives; times are wall-clock times in ``timezone``."""

    texts: dict[str, Texts]
    kind: str = "forum"
    format: str = "in-person"
    themes: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    timezone: str = ""
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    venue: str = ""
    address: str = ""
    online_url: str = ""
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    capacity: int | None = None
    requires_approval: bool = False
    offer_hours: int | None = None


def _texts(given: dict[str, Texts]) -> dict[str, Texts]:
    try:
        return clean_texts(given)
    except WorkshopError as exc:
        raise EventError(exc.code) from exc


def check_event(data: EventData) -> tuple[dict[str, Texts], dict[str, Any]]:
    """Check ``data`` without writing; returns (texts, column values with UTC times).

    Raises EventError: no_language, title_missing:<lang>, bad_kind, bad_format, bad_theme,
    bad_country, bad_timezone, times_missing, times_order, window_order, bad_capacity,
    venue_missing, bad_url, bad_offer_hours.
    """
    texts = _texts(data.texts)
    if data.kind not in KINDS:
        raise EventError("bad_kind")
    if data.format not in FORMATS:
        raise EventError("bad_format")
    if not set(data.themes) <= set(THEMES):
        raise EventError("bad_theme")
    if not all(is_country(code) for code in data.countries):
        raise EventError("bad_country")
    if not data.timezone or not is_timezone(data.timezone):
        raise EventError("bad_timezone")
    starts = from_wall_clock(data.starts_at, data.timezone)
    ends = from_wall_clock(data.ends_at, data.timezone)
    if starts is None or ends is None:
        raise EventError("times_missing")
    if ends <= starts:
        raise EventError("times_order")
    opens = from_wall_clock(data.opens_at, data.timezone)
    closes = from_wall_clock(data.closes_at, data.timezone)
    if opens is not None and closes is not None and closes <= opens:
        raise EventError("window_order")
    if data.capacity is not None and not 1 <= data.capacity <= MAX_CAPACITY:
        raise EventError("bad_capacity")
    if data.offer_hours is not None and not 1 <= data.offer_hours <= MAX_OFFER_HOURS:
        raise EventError("bad_offer_hours")
    venue = data.venue.strip()[:200]
    if data.format != "online" and not venue:
        raise EventError("venue_missing")
    values = {
        "kind": data.kind,
        "format": data.format,
        "timezone": data.timezone,
        "starts_at": starts,
        "ends_at": ends,
        "venue": venue or None,
        "address": data.address.strip()[:300] or None,
        "online_url": check_url(data.online_url) or None,
        "registration_opens_at": opens,
        "registration_closes_at": closes,
        "capacity": data.capacity,
        "requires_approval": bool(data.requires_approval),
        "offer_hours": data.offer_hours or DEFAULT_OFFER_HOURS,
    }
    return texts, values


def save_event(event: Event | None, data: EventData, *, author: User) -> tuple[Event, list[Notice]]:
    """Create (``event`` None, as a draft) or update an event from ``data``; more places
    are offered to people on the waitlist (their e-mails are returned).

    Raises EventError as ``check_event`` does.
    """
    texts, values = check_event(data)
    if event is None:
        event = Event(status="draft", created_by_id=author.id)
        db.session.add(event)
    for name, value in values.items():
        setattr(event, name, value)
    event.updated_at = utcnow()
    sync_translations(
        event.translations, texts, EventTranslation, ("title", "summary", "description")
    )
    wanted = {*(("theme", v) for v in data.themes), *(("country", v) for v in data.countries)}
    for tag in list(event.tags):
        if (tag.facet, tag.value) not in wanted:
            event.tags.remove(tag)
    have = {(tag.facet, tag.value) for tag in event.tags}
    for facet, value in sorted(wanted - have):
        event.tags.append(EventTag(facet=facet, value=value))
    event.search_text = normalise(
        " ".join(f"{row.title} {row.summary} {row.description}" for row in event.translations)
    )
    db.session.flush()
    notices = fill_places(event.id) if event.status == "published" else []
    return event, notices


def set_cover(event: Event, file: StoredFile | None) -> None:
    """Set or remove the cover image; the previous image's row goes (``flask storage gc``
    removes its object)."""
    old = event.cover
    event.cover = file
    if old is not None and old is not file:
        db.session.delete(old)
    db.session.flush()


def cover_access(user: Any, file: StoredFile) -> str:
    """Who may download an event's cover (the storage FILE_ACCESS rule): whoever sees the
    event; a cover no event uses is for admins only."""
    event = db.session.scalar(select(Event).where(Event.cover_file_id == file.id))
    if event is None:
        return storage.ALLOW if getattr(user, "is_admin", False) else storage.HIDE
    return storage.ALLOW if can_see(user, event) else storage.HIDE


def publish(event: Event) -> None:
    """Put a draft (or archived) event on the public list. Raises EventError("not_draft") for
    a cancelled event."""
    if event.status == "cancelled":
        raise EventError("not_draft")
    event.status = "published"
    event.published_at = event.published_at or utcnow()
    db.session.flush()


def archive(event: Event) -> None:
    """Keep the event's page but take it off the lists."""
    event.status = "archived"
    db.session.flush()


def cancel(event: Event, *, by: User) -> Job:
    """Cancel the event and queue the e-mail to everyone registered, waitlisted or waiting for
    approval (the job runs after the commit). Raises EventError("already_cancelled"), and
    jobs.queue.QueueUnavailable when the queue cannot be reached (nothing is written)."""
    if event.status == "cancelled":
        raise EventError("already_cancelled")
    job = submit(CANCEL_JOB, owner=by, params={"event_id": event.id})
    event.status = "cancelled"
    event.updated_at = utcnow()
    db.session.flush()
    return job


def managed_events(user: User) -> Select[Any]:
    """The events ``user`` runs (every event for admins), soonest first, drafts included."""
    query = select(Event).options(selectinload(Event.translations))
    if not user.is_admin:
        query = query.where(Event.created_by_id == user.id)
    return query.order_by(Event.starts_at.desc(), Event.id.desc())
