"""Planning editions: the form's data, its checks, saving, and the numbers of each edition."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from learning.enrolment.services.common import EnrolmentError, lock_edition
from learning.enrolment.services.notices import Notice
from learning.enrolment.services.schedule import ensure_sessions
from learning.enrolment.services.seats import fill_seats
from learning.language.taxonomy import is_country
from learning.language.timezones import is_timezone
from learning.platform.extensions import db
from learning.workshops.models import (
    EDITION_STATUSES,
    ENROLMENT_MODES,
    Edition,
    Enrolment,
    Workshop,
)

KEY_MIN, KEY_MAX = 4, 128


@dataclass
class EditionData:
    """What the edition form gives; ``key`` empty keeps the current key."""

    name: str
    starts_on: date | None
    ends_on: date | None
    timezone: str = "America/Mexico_City"
    capacity: int | None = None
    status: str = "open"
    country: str = ""
    place: str = ""
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    mode: str = "open"
    key: str = ""


def check_edition(edition: Edition | None, data: EditionData) -> None:
    """Raise EnrolmentError: name_missing, dates_missing, dates_order, bad_timezone,
    bad_capacity, bad_status, bad_country, bad_mode, key_missing, key_length, window_order."""
    if not data.name.strip() or len(data.name.strip()) > 200:
        raise EnrolmentError("name_missing")
    if data.starts_on is None or data.ends_on is None:
        raise EnrolmentError("dates_missing")
    if data.ends_on < data.starts_on:
        raise EnrolmentError("dates_order")
    if not is_timezone(data.timezone):
        raise EnrolmentError("bad_timezone")
    if data.capacity is not None and not 1 <= data.capacity <= 100_000:
        raise EnrolmentError("bad_capacity")
    if data.status not in EDITION_STATUSES:
        raise EnrolmentError("bad_status")
    if data.country and not is_country(data.country):
        raise EnrolmentError("bad_country")
    if data.mode not in ENROLMENT_MODES:
        raise EnrolmentError("bad_mode")
    if data.mode == "key":
        if not data.key and not (edition and edition.enrolment_key_hash):
            raise EnrolmentError("key_missing")
        if data.key and not KEY_MIN <= len(data.key.strip()) <= KEY_MAX:
            raise EnrolmentError("key_length")
    if data.opens_at and data.closes_at and data.closes_at <= data.opens_at:
        raise EnrolmentError("window_order")


def save_edition(
    workshop: Workshop, edition: Edition | None, data: EditionData
) -> tuple[Edition, list[Notice]]:
    """Create or update an edition; a new one gets its live sessions from the lessons' times.
    More seats promote people from the waitlist at once. Raises EnrolmentError as
    ``check_edition`` does."""
    check_edition(edition, data)
    created = edition is None
    if edition is None:
        edition = Edition(workshop_id=workshop.id)
        db.session.add(edition)
    else:
        edition = lock_edition(edition.id)
    edition.name = data.name.strip()
    edition.starts_on, edition.ends_on = data.starts_on, data.ends_on  # type: ignore[assignment]
    edition.timezone = data.timezone
    edition.capacity = data.capacity
    edition.status = data.status
    edition.country = data.country or None
    edition.place = data.place.strip()[:300] or None
    edition.enrolment_opens_at = data.opens_at
    edition.enrolment_closes_at = data.closes_at
    edition.enrolment_mode = data.mode
    if data.mode == "key":
        if data.key:
            edition.enrolment_key_hash = generate_password_hash(data.key.strip())
    else:
        edition.enrolment_key_hash = None
    db.session.flush()
    if created:
        ensure_sessions(edition)
        return edition, []
    return edition, fill_seats(edition)


def managed_editions(workshop: Workshop) -> list[Edition]:
    """Every edition of ``workshop``, newest first (drafts and cancelled included)."""
    return list(
        db.session.scalars(
            select(Edition)
            .where(Edition.workshop_id == workshop.id)
            .order_by(Edition.starts_on.desc(), Edition.id.desc())
        )
    )


def state_counts(edition: Edition) -> dict[str, int]:
    """How many enrolments ``edition`` has in each state."""
    rows = db.session.execute(
        select(Enrolment.state, func.count(Enrolment.id))
        .where(Enrolment.edition_id == edition.id)
        .group_by(Enrolment.state)
    )
    return dict(rows.all())
