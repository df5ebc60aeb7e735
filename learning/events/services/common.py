"""What the event services share: the error rules raise, who organises events, the event lock
that keeps capacity under simultaneous requests, and the checks of links and texts."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select, update

from learning.events.models import Event
from learning.platform.extensions import db


class EventError(Exception):
    """A rule refused the operation; ``code`` names which."""

    def __init__(self, code: str, **detail: Any) -> None:
        super().__init__(code)
        self.code = code
        self.detail = detail


def _authenticated(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def is_organiser(user: Any) -> bool:
    """Whether ``user`` may create events: administrators, event organisers (the organiser
    role the administrators grant) and trainers."""
    return _authenticated(user) and user.has_role("trainer", "organiser")


def can_manage(user: Any, event: Event) -> bool:
    """Administrators run every event; other organisers run the events they created."""
    if not is_organiser(user):
        return False
    return bool(user.is_admin or event.created_by_id == user.id)


def can_see(user: Any, event: Event) -> bool:
    """Published, cancelled and archived events are public; drafts only for who runs them."""
    return event.is_public or can_manage(user, event)


def lock_event(event_id: int) -> Event:
    """The event row, locked until the transaction ends, read afresh.

    PostgreSQL: SELECT … FOR UPDATE, a row lock. SQLite has no row locks and reads outside a
    transaction until the first write, so there an UPDATE of the row takes the database's
    write lock first (concurrent writers wait for it: busy_timeout). The UPDATE goes on the
    session's connection, not through the session: taking a lock changes nothing a page shows,
    so it renews no cache generation. Raises EventError("not_found") when the event is gone."""
    if db.session.get_bind().dialect.name == "sqlite":
        table = Event.__table__
        db.session.connection().execute(
            update(table)
            .where(table.c.id == event_id)
            .values(registrations_serial=table.c.registrations_serial + 1)
        )
    event = db.session.execute(
        select(Event)
        .where(Event.id == event_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).scalar_one_or_none()
    if event is None:
        raise EventError("not_found")
    return event


def check_url(value: str) -> str:
    """A web link as given, or "" for none. Raises EventError("bad_url") unless it is an
    http(s) address with a host."""
    value = (value or "").strip()
    if not value:
        return ""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(value) > 500:
        raise EventError("bad_url")
    return value
