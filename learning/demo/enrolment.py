"""Demo editions: an open edition with live sessions, a full one with a waitlist, and one that
needs approval with a request waiting (builds on the workshops demo)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from sqlalchemy import select

from learning.accounts.models import User
from learning.enrolment.services import schedule
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.workshops.models import Edition, Enrolment, Workshop


def _workshop(slug: str) -> Workshop | None:
    return db.session.scalar(select(Workshop).where(Workshop.slug == slug))


def load(users: dict[str, User]) -> None:
    """Add the demo editions and enrolments; every edition gets its live-session rows."""
    today = utcnow().date()
    data = _workshop("periodismo-de-datos")
    climate = _workshop("accion-climatica-local")
    if data is None or climate is None:
        return
    full = Edition(
        workshop_id=data.id,
        name="2026 · 2 (intensiva / intensive)",
        starts_on=today + timedelta(days=60),
        ends_on=today + timedelta(days=64),
        capacity=2,
        country="GT",
        place="Ciudad de Guatemala, Centro Cultural de España",
    )
    db.session.add(full)
    db.session.flush()
    base = utcnow() - timedelta(days=3)
    for offset, (email, state) in enumerate(
        [
            ("graduate@demo.puente", "active"),
            ("learner@demo.puente", "active"),
            ("participant@demo.puente", "waitlisted"),
        ]
    ):
        db.session.add(
            Enrolment(
                edition_id=full.id,
                user_id=users[email].id,
                state=state,
                created_at=base + timedelta(hours=offset),
            )
        )
    # The climate workshop's Guatemala edition takes requests for the trainers to approve.
    approval = db.session.scalar(
        select(Edition).where(Edition.workshop_id == climate.id, Edition.name == "Guatemala 2026")
    )
    if approval is not None:
        approval.enrolment_mode = "approval"
        approval.country = "GT"
        approval.place = "Quetzaltenango, Casa de la Cultura"
        db.session.add(
            Enrolment(
                edition_id=approval.id,
                user_id=users["learner@demo.puente"].id,
                state="pending",
                created_at=base,
            )
        )
    db.session.flush()
    for edition in db.session.scalars(select(Edition).where(Edition.ends_on >= today)):
        schedule.ensure_sessions(edition)
    # The intensive edition meets on its second day, 17:00 in Guatemala (23:00 UTC).
    for item in schedule.sessions_for(full):
        starts = datetime.combine(full.starts_on + timedelta(days=1), time(23, 0), tzinfo=UTC)
        schedule.update_session(
            full,
            item.lesson,
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            place=full.place or "",
        )
