"""Webhook endpoints (register with a checked URL, disable, enable, delete: each audit-logged)
and ``emit``: an event becomes one pending delivery per subscribed endpoint, added to the
caller's transaction; when it commits, a ``webhooks.deliver`` job is queued to send them
(learning/webhooks/delivery.py). The platform's own changes are emitted by a session
listener (``listen``, learning/webhooks/events.py)."""

from __future__ import annotations

import ipaddress
import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from flask import current_app, has_app_context
from sqlalchemy import Result, event, select, update
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction, joinedload

from learning.accounts.models import User
from learning.audit.services import record
from learning.jobs import services as jobs
from learning.jobs.queue import QueueUnavailable
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.webhooks import events
from learning.webhooks.models import WebhookDelivery, WebhookEndpoint, new_secret

log = logging.getLogger(__name__)
DELIVER_JOB = "webhooks.deliver"
MAX_ENDPOINTS = 50
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
_COLLECTED = "puente.webhooks.events"
_MARKS = "puente.webhooks.savepoints"
_WAKE = "puente.webhooks.wake"


class WebhookError(Exception):
    """A rule refused the operation; ``code`` names which."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class NewEndpoint:
    """An endpoint just made and its signing secret, shown this once."""

    row: WebhookEndpoint
    secret: str


# Endpoints ---------------------------------------------------------------------------------


def check_url(url: str, *, allow_loopback: bool) -> str:
    """The URL, stripped, when a webhook may be sent to it: https (http only to this machine
    when ``allow_loopback``), a host name, no user or password in it, no private, link-local
    or reserved address. Raises WebhookError: bad_url, not_https, credentials, private."""
    url = (url or "").strip()
    if not url or len(url) > 500 or any(ch.isspace() for ch in url):
        raise WebhookError("bad_url")
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError as exc:
        raise WebhookError("bad_url") from exc
    if parts.scheme not in ("http", "https") or not host:
        raise WebhookError("bad_url")
    if parts.username is not None or parts.password is not None:
        raise WebhookError("credentials")
    loopback = host in LOOPBACK_NAMES
    if loopback and not allow_loopback:
        raise WebhookError("private")
    if parts.scheme == "http" and not loopback:
        raise WebhookError("not_https")
    if not loopback and not address_allowed(host):
        raise WebhookError("private")
    return url


def address_allowed(host: str) -> bool:
    """False for an address (or a name that is plainly local) a webhook must never reach:
    loopback, private, link-local, shared, reserved, multicast, unspecified."""
    lowered = host.lower().rstrip(".")
    if lowered == "localhost" or lowered.endswith((".localhost", ".local", ".internal")):
        return False
    try:
        address = ipaddress.ip_address(lowered)
    except ValueError:
        return True  # a name: its addresses are checked when sending
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def _allow_loopback() -> bool:
    return bool(current_app.config.get("WEBHOOKS_ALLOW_LOOPBACK"))


def create(owner: User, *, url: str, description: str, event_types: set[str]) -> NewEndpoint:
    """Register an endpoint (added, flushed, audit-logged). Raises WebhookError: bad_url,
    not_https, credentials, private, no_types, bad_type, long_description, too_many."""
    url = check_url(url, allow_loopback=_allow_loopback())
    description = (description or "").strip()
    if len(description) > 200:
        raise WebhookError("long_description")
    if not event_types:
        raise WebhookError("no_types")
    if not event_types <= set(events.EVENT_TYPES):
        raise WebhookError("bad_type")
    if len(db.session.scalars(select(WebhookEndpoint.id)).all()) >= MAX_ENDPOINTS:
        raise WebhookError("too_many")
    secret = new_secret()
    row = WebhookEndpoint(
        owner_id=owner.id,
        url=url,
        description=description,
        event_types=" ".join(sorted(event_types)),
        secret=secret,
    )
    db.session.add(row)
    db.session.flush()
    record("webhooks.endpoint_created", target_type="webhook_endpoint", target_id=row.id)
    return NewEndpoint(row, secret)


def listing() -> list[WebhookEndpoint]:
    """Every endpoint with its owner, newest first."""
    return list(
        db.session.scalars(
            select(WebhookEndpoint)
            .options(joinedload(WebhookEndpoint.owner))
            .order_by(WebhookEndpoint.created_at.desc(), WebhookEndpoint.id.desc())
        )
    )


def disable(endpoint: WebhookEndpoint, reason: str, *, by: User | None = None) -> bool:
    """Stop sending to ``endpoint`` (its pending deliveries wait); audit-logged. Returns
    False when it was already disabled."""
    if not endpoint.enabled:
        return False
    endpoint.disabled_at, endpoint.disabled_reason = utcnow(), reason
    record(
        "webhooks.endpoint_disabled",
        target_type="webhook_endpoint",
        target_id=endpoint.id,
        actor_id=by.id if by else None,
        reason=reason,
    )
    return True


def enable(endpoint: WebhookEndpoint, *, by: User) -> bool:
    """Send to ``endpoint`` again, its pending deliveries first; the staff member who does it
    owns it from now on. Audit-logged; returns False when it was not disabled."""
    if endpoint.enabled:
        return False
    endpoint.disabled_at = endpoint.disabled_reason = None
    endpoint.failures = 0
    endpoint.owner_id = by.id
    db.session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.endpoint_id == endpoint.id, WebhookDelivery.state == "pending")
        .values(next_attempt_at=utcnow())
    )
    record("webhooks.endpoint_enabled", target_type="webhook_endpoint", target_id=endpoint.id)
    wake()
    return True


def delete(endpoint: WebhookEndpoint) -> None:
    """Remove ``endpoint`` and its delivery log; audit-logged."""
    record(
        "webhooks.endpoint_deleted",
        target_type="webhook_endpoint",
        target_id=endpoint.id,
        url=urlsplit(endpoint.url).hostname,
    )
    db.session.delete(endpoint)


def forget_person(user: User) -> None:
    """A staff member deletes their account (the accounts.deleting slot): their endpoints are
    kept for the programme but disabled and left without an owner, until another staff member
    enables one (and owns it)."""
    for endpoint in db.session.scalars(
        select(WebhookEndpoint).where(WebhookEndpoint.owner_id == user.id)
    ):
        disable(endpoint, "owner_deleted")
        endpoint.owner_id = None


# Deliveries --------------------------------------------------------------------------------


def emit(event_type: str, payload: dict[str, Any], *, only: WebhookEndpoint | None = None) -> int:
    """Record a delivery of the event to each enabled endpoint that wants ``event_type`` (or
    to ``only``), in the caller's transaction; the job that sends them is queued when it
    commits. Returns how many deliveries were recorded."""
    if only is not None:
        targets = [only]
    else:
        targets = [
            row
            for row in db.session.scalars(
                select(WebhookEndpoint).where(WebhookEndpoint.disabled_at.is_(None))
            )
            if event_type in row.type_set
        ]
    now = utcnow()
    for endpoint in targets:
        db.session.add(
            WebhookDelivery(
                endpoint_id=endpoint.id,
                event_type=event_type,
                payload=payload,
                created_at=now,
                next_attempt_at=now,
            )
        )
    if targets:
        db.session.info[_WAKE] = True
    return len(targets)


def emit_all(found: list[events.Event]) -> None:
    """``emit`` each of ``found`` with one query for the endpoints."""
    endpoints = list(
        db.session.scalars(select(WebhookEndpoint).where(WebhookEndpoint.disabled_at.is_(None)))
    )
    wanted = set().union(*(endpoint.type_set for endpoint in endpoints))
    found = [(event_type, payload) for event_type, payload in found if event_type in wanted]
    if not found:
        return
    events.resolve(found)
    for event_type, payload in found:
        for endpoint in endpoints:
            if event_type in endpoint.type_set:
                emit(event_type, payload, only=endpoint)


def replay(delivery: WebhookDelivery) -> None:
    """Send ``delivery`` again (same webhook-id, a new signature), from its first attempt of
    the retry schedule."""
    delivery.state, delivery.attempts = "pending", 0
    delivery.next_attempt_at = utcnow()
    wake()


def send_test(endpoint: WebhookEndpoint, *, by: User) -> None:
    """A ``webhook.test`` delivery to ``endpoint`` only, whatever types it wants."""
    emit(events.TEST_EVENT, {"endpoint_id": endpoint.id, "sent_by": by.id}, only=endpoint)


def wake() -> None:
    """Queue a run of the sender when this transaction commits."""
    db.session.info[_WAKE] = True


def _submit_wake(session: Session) -> None:
    if not session.info.pop(_WAKE, False):
        return
    try:
        jobs.submit(DELIVER_JOB)
    except QueueUnavailable as exc:
        # The change itself must not fail for a webhook: the scheduled run sends them.
        log.warning("webhook deliveries wait for the scheduled run: %s", exc)


# The session listener ------------------------------------------------------------------------


def _after_flush(session: Session, context: Any) -> None:
    found = events.read(session)
    if found:
        session.info.setdefault(_COLLECTED, []).extend(found)


def _do_orm_execute(state: ORMExecuteState) -> Result | None:
    statement = state.statement
    if not state.is_insert or getattr(statement, "table", None) is None:
        return None
    table = statement.table.name
    if table not in events.INSERTED:
        return None
    result = state.invoke_statement()
    if result.rowcount:
        params = statement.compile(dialect=state.session.get_bind().dialect).params
        found = events.read_insert(table, params)
        state.session.info.setdefault(_COLLECTED, []).append(found)
    return result


def _before_commit(session: Session) -> None:
    ours = has_app_context() and db.session.registry.has() and db.session() is session
    if not ours:  # a migration, a script, storage's own short sessions: no watched rows
        session.info.pop(_COLLECTED, None)
        return
    session.flush()  # what the commit would flush is read now, while it can be recorded
    found = session.info.pop(_COLLECTED, None)
    if found:
        emit_all(found)
        session.flush()
    _submit_wake(session)


def _savepoint(session: Session, transaction: SessionTransaction) -> None:
    if transaction.nested:
        marks = session.info.setdefault(_MARKS, {})
        marks[id(transaction)] = len(session.info.get(_COLLECTED, []))


def _soft_rollback(session: Session, previous: SessionTransaction) -> None:
    """A savepoint rolled back drops the events since it began; a whole rollback, all."""
    mark = session.info.get(_MARKS, {}).pop(id(previous), None)
    if previous.nested and mark is not None:
        del session.info.get(_COLLECTED, [])[mark:]
        return
    if not previous.nested:
        session.info.pop(_COLLECTED, None)
        session.info.pop(_WAKE, None)
        session.info.pop(_MARKS, None)


def listen() -> None:
    """Turn each committing transaction's changes into deliveries (once per process)."""
    if event.contains(Session, "after_flush", _after_flush):
        return
    event.listen(Session, "after_flush", _after_flush)
    event.listen(Session, "do_orm_execute", _do_orm_execute)
    event.listen(Session, "before_commit", _before_commit)
    event.listen(Session, "after_transaction_create", _savepoint)
    event.listen(Session, "after_soft_rollback", _soft_rollback)
