"""What events show on other features' pages, through their slots: "From the event" on a
research output deposited from an event's material (research's OUTPUT_PANELS), and a person's
certificates of attendance on My learning (enrolment's MY_LEARNING_PANELS)."""

from __future__ import annotations

from typing import Any

from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from learning.events.models import Event, EventCertificate
from learning.events.services.deposits import event_of_output
from learning.language.i18n import session_time
from learning.platform.extensions import db
from learning.platform.slots import Panel


def from_event(output_id: int) -> dict[str, Any]:
    """The event an output was deposited from, when the reader may see it."""
    event = event_of_output(current_user, output_id)
    return {"event": event, "text": event.text()} if event is not None else {}


def my_certificates() -> dict[str, Any]:
    """The reader's certificates of attendance, newest event first (revoked ones too, said
    so); empty when they have none."""
    if not current_user.is_authenticated:
        return {}
    found = list(
        db.session.scalars(
            select(EventCertificate)
            .join(Event, Event.id == EventCertificate.event_id)
            .where(EventCertificate.user_id == current_user.id)
            .options(selectinload(EventCertificate.event))
            .order_by(Event.starts_at.desc(), EventCertificate.id)
        )
    )
    return {"certificates": found, "session_time": session_time} if found else {}


FROM_EVENT = Panel("events.from_event", "events/_from_event.html", from_event)
MY_CERTIFICATES = Panel("events.my_certificates", "events/_my_certificates.html", my_certificates)
