"""What the API's resources read and how each row is shown (plain dicts matching the schemas
of learning/api/spec.py). Only what the public pages show goes out: published workshops and
their editions, public events, certificates by their code, and a caller's own records."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import url_for
from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from learning.accounts.models import User
from learning.completion.models import Certificate
from learning.completion.services.certify import find_certificate
from learning.enrolment.services.mylearning import progress_for
from learning.events.models import Event, EventRegistration
from learning.platform.extensions import db
from learning.workshops.models import Edition, Enrolment, Workshop

PUBLIC_WORKSHOP_STATES = ("published", "archived")


def _when(value: datetime | date | None) -> str | None:
    return value.isoformat() if value is not None else None


def page(query: Select[Any], column: Any, after: int, limit: int) -> tuple[list[Any], bool]:
    """Keyset page: rows of ``query`` with ``column`` above ``after``, ascending; and whether
    more follow."""
    rows = list(db.session.scalars(query.where(column > after).order_by(column).limit(limit + 1)))
    return rows[:limit], len(rows) > limit


# Workshops ------------------------------------------------------------------------------------


def workshops_query() -> Select[Any]:
    """Published and archived workshops, with their public editions loaded."""
    return (
        select(Workshop)
        .where(Workshop.status.in_(PUBLIC_WORKSHOP_STATES))
        .options(selectinload(Workshop.editions))
    )


def workshop(workshop_id: int) -> Workshop | None:
    """The public workshop with this id, or None."""
    return db.session.scalar(workshops_query().where(Workshop.id == workshop_id))


def edition_data(edition: Edition) -> dict[str, Any]:
    """An edition as the API shows it."""
    return {
        "id": edition.id,
        "workshop_id": edition.workshop_id,
        "name": edition.name,
        "starts_on": _when(edition.starts_on),
        "ends_on": _when(edition.ends_on),
        "timezone": edition.timezone,
        "status": edition.status,
        "enrolment_mode": edition.enrolment_mode,
        "capacity": edition.capacity,
        "country": edition.country,
        "place": edition.place,
    }


def workshop_data(row: Workshop, language: str) -> dict[str, Any]:
    """A workshop as the API shows it, its texts in ``language`` or the other one."""
    text = row.text(language)
    return {
        "id": row.id,
        "slug": row.slug,
        "status": row.status,
        "title": text.title if text else "",
        "summary": text.summary if text else "",
        "language": text.language if text else language,
        "format": row.format,
        "estimated_hours": row.estimated_hours,
        "themes": row.themes,
        "audiences": row.audiences,
        "teaching_languages": row.teaching_languages,
        "url": url_for("workshops.detail", slug=row.slug, _external=True),
        "editions": [
            edition_data(edition)
            for edition in sorted(row.editions, key=lambda e: (e.starts_on, e.id))
            if edition.status != "draft"
        ],
    }


# Events ---------------------------------------------------------------------------------------


def events_query() -> Select[Any]:
    """Events visitors see: published, cancelled and archived."""
    return select(Event).where(Event.status != "draft")


def event(event_id: int) -> Event | None:
    """The public event with this id, or None."""
    return db.session.scalar(events_query().where(Event.id == event_id))


def event_data(row: Event, language: str) -> dict[str, Any]:
    """An event as the API shows it."""
    text = row.text(language)
    return {
        "id": row.id,
        "kind": row.kind,
        "format": row.format,
        "status": row.status,
        "title": text.title if text else "",
        "summary": text.summary if text else "",
        "language": text.language if text else language,
        "starts_at": _when(row.starts_at),
        "ends_at": _when(row.ends_at),
        "timezone": row.timezone,
        "venue": row.venue,
        "themes": row.themes,
        "countries": row.countries,
        "capacity": row.capacity,
        "requires_approval": row.requires_approval,
        "registration_opens_at": _when(row.registration_opens_at),
        "registration_closes_at": _when(row.registration_closes_at),
        "url": url_for("events.detail", event_id=row.id, _external=True),
    }


def registration_data(row: EventRegistration) -> dict[str, Any]:
    """A person's own registration for an event."""
    return {
        "id": row.id,
        "event_id": row.event_id,
        "state": row.state,
        "waitlist_position": row.position,
        "created_at": _when(row.created_at),
        "updated_at": _when(row.updated_at),
    }


def registrations_query(user: User) -> Select[Any]:
    """The person's event registrations."""
    return select(EventRegistration).where(EventRegistration.user_id == user.id)


# Certificates and enrolments ------------------------------------------------------------------


def certificate(code: str) -> Certificate | None:
    """The certificate with ``code`` if its workshop is public; None otherwise."""
    found = find_certificate(code)
    if found is None or found.enrolment.edition.workshop.status not in PUBLIC_WORKSHOP_STATES:
        return None
    return found


def certificate_data(row: Certificate, language: str) -> dict[str, Any]:
    """What verifying a certificate shows: the same facts as its public page."""
    enrolment = row.enrolment
    workshop_row = enrolment.edition.workshop
    text = workshop_row.text(language)
    return {
        "code": row.code,
        "valid": not row.is_revoked,
        "issued_at": _when(row.issued_at),
        "revoked_at": _when(row.revoked_at),
        "participant": enrolment.user.name,
        "workshop_id": workshop_row.id,
        "workshop_title": text.title if text else "",
        "edition": enrolment.edition.name,
        "starts_on": _when(enrolment.edition.starts_on),
        "ends_on": _when(enrolment.edition.ends_on),
        "hours": workshop_row.estimated_hours,
        "url": url_for("completion.verify", code=row.code, _external=True),
    }


def enrolments_query(user: User) -> Select[Any]:
    """The person's enrolments, with edition and workshop loaded."""
    return (
        select(Enrolment)
        .where(Enrolment.user_id == user.id)
        .options(selectinload(Enrolment.edition).selectinload(Edition.workshop))
    )


def enrolments_data(rows: list[Enrolment], language: str) -> list[dict[str, Any]]:
    """The person's enrolments with their progress (one query for all of them)."""
    progress = progress_for(rows)
    shown = []
    for row in rows:
        text = row.edition.workshop.text(language)
        found = progress.get(row.id)
        shown.append(
            {
                "id": row.id,
                "state": row.state,
                "edition": edition_data(row.edition),
                "workshop_id": row.edition.workshop_id,
                "workshop_title": text.title if text else "",
                "created_at": _when(row.created_at),
                "progress": (
                    {"done": found.done, "total": found.total, "percent": found.percent}
                    if found is not None
                    else None
                ),
            }
        )
    return shown
