"""The e-mails events send: operations return ``Notice`` objects and the caller hands them to
``deliver`` once the transaction is committed (or, for a cancellation, the job queue does).
Each goes in the recipient's language (templates/mail/events_<what>.txt)."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from learning.accounts.models import User
from learning.enrolment.services.notices import _link
from learning.events.models import Event, EventRegistration
from learning.events.services.tickets import ticket_code
from learning.language.i18n import session_time
from learning.platform.mail import MailError, send_mail

log = logging.getLogger(__name__)

# What happened -> the mail template (templates/mail/events_<name>.txt).
TEMPLATES = {
    "registered": "registered",
    "promoted": "registered",
    "waitlisted": "waitlisted",
    "pending": "pending",
    "declined": "declined",
    "cancelled": "cancelled",
    "offered": "offered",
    "offer_expired": "offer_expired",
    "message": "message",
}


@dataclass
class Notice:
    """An e-mail to send once the transaction is committed."""

    what: str
    to: str
    name: str
    language: str
    event: Event
    registration_id: int | None = None
    # A place offered from the waitlist: the deadline to accept it.
    until: datetime | None = None
    # An organiser's message: its subject, body and author (services/mailing.py).
    extra: dict[str, str] = field(default_factory=dict)


def notice_for(
    what: str, user: User, event: Event, registration: EventRegistration | None = None
) -> Notice:
    """The ``what`` e-mail about ``event`` for ``user``, in their language."""
    return Notice(
        what,
        user.email,
        user.name,
        user.preferred_language,
        event,
        registration.id if registration is not None else None,
        registration.offer_expires_at if registration is not None else None,
    )


def deliver(notices: Iterable[Notice]) -> int:
    """Send the notices in each recipient's language; a failing server is logged, not raised.
    Returns how many were handed over."""
    sent = 0
    for notice in notices:
        event = notice.event
        text = event.text(notice.language)
        ticket = (
            ticket_code(notice.registration_id, event.id)
            if notice.what in ("registered", "promoted") and notice.registration_id
            else ""
        )
        try:
            send_mail(
                notice.to,
                f"events_{TEMPLATES[notice.what]}",
                language=notice.language,
                name=notice.name,
                title=text.title if text else "",
                when=session_time(event.starts_at, event.timezone, notice.language),
                venue=event.venue or "",
                event_link=_link("events.detail", event_id=event.id),
                ticket=ticket,
                ticket_link=_link("events.my_ticket", event_id=event.id) if ticket else "",
                promoted=notice.what == "promoted",
                offer_hours=event.offer_hours,
                **notice.extra,
                until=(
                    session_time(notice.until, event.timezone, notice.language)
                    if notice.until
                    else ""
                ),
                registration_link=(
                    _link("events.registration", registration_id=notice.registration_id)
                    if notice.registration_id
                    else ""
                ),
            )
        except MailError as exc:
            log.warning("event mail %s to %s not sent: %s", notice.what, notice.to, exc)
            continue
        sent += 1
    return sent
