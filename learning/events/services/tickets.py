"""Tickets: a code signed with the app's secret (itsdangerous) that names one registration of
one event. The person's ticket page shows it as text and as a QR image; the door's check-in
(services/attendance.py) reads it back here."""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy.orm import joinedload

from learning.events.models import Event, EventRegistration
from learning.events.services.common import EventError
from learning.platform.extensions import db

_SALT = "puente.events.ticket"
MAX_CODE = 200


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def ticket_code(registration_id: int, event_id: int) -> str:
    """The signed code of a registration's ticket."""
    return str(_serializer().dumps([registration_id, event_id]))


def check_ticket(event: Event, code: str) -> EventRegistration:
    """The registration a ticket code names, for ``event``.

    Raises EventError("bad_ticket") for a forged, altered or other event's code, and
    ("ticket_not_valid") when the registration no longer holds a place."""
    code = (code or "").strip()
    if not code or len(code) > MAX_CODE:
        raise EventError("bad_ticket")
    try:
        found = _serializer().loads(code)
    except BadSignature as exc:
        raise EventError("bad_ticket") from exc
    if (
        not isinstance(found, list)
        or len(found) != 2
        or not all(isinstance(part, int) for part in found)
        or found[1] != event.id
    ):
        raise EventError("bad_ticket")
    registration = db.session.get(
        EventRegistration, found[0], options=[joinedload(EventRegistration.user)]
    )
    if registration is None or registration.event_id != event.id:
        raise EventError("bad_ticket")
    if registration.state != "registered":
        raise EventError("ticket_not_valid")
    return registration
