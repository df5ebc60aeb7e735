"""What the events pages share: loading an event as the reader may see or run it, the
organisers-only check, and committing before the e-mails go out."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from learning.events.models import Event
from learning.events.services.common import can_manage, can_see, is_organiser
from learning.events.services.notices import Notice, deliver
from learning.platform.extensions import db
from learning.workshops.access import sign_in


def visible_event(event_id: int) -> Event:
    """The event if this person may see it: 404 for a draft they do not run."""
    event = db.session.get(Event, event_id)
    if event is None or not can_see(current_user, event):
        abort(404)
    return event


def managed_event(event_id: int) -> Event:
    """The event if this person runs it: 404 as ``visible_event``, sign-in, else 403."""
    event = visible_event(event_id)
    if not current_user.is_authenticated:
        sign_in()
    if not can_manage(current_user, event):
        abort(403)
    return event


def organiser_only() -> None:
    """Organisers go on; visitors sign in first; anyone else gets a 403."""
    if not current_user.is_authenticated:
        sign_in()
    if not is_organiser(current_user):
        abort(403)


def signed_in_only() -> None:
    """Visitors are sent to sign in first."""
    if not current_user.is_authenticated:
        sign_in()


def commit_and_send(notices: list[Notice]) -> None:
    """Commit the request's changes, then send their e-mails."""
    db.session.commit()
    deliver(notices)
