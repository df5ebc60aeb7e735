"""Sending deliveries: the ``webhooks.deliver`` job (queued when deliveries are recorded, and
every minute for retries) claims the due ones and posts each, signed with the Standard
Webhooks scheme — a new timestamp and signature on every attempt, the same webhook-id and
body. A 2xx answer delivers it; anything else waits for the next step of
``WEBHOOKS_RETRY_SECONDS`` and, past the last one, fails. ``WEBHOOKS_DISABLE_AFTER`` failed
attempts in a row disable the endpoint and e-mail its owner.

Receivers get short timeouts, no redirects are followed, no proxy from the environment is
used, and only the first 200 characters of an answer are kept. Outside development and tests
a host whose addresses are not public is refused when sending too (names can change)."""

from __future__ import annotations

import json
import logging
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import delete, select, update
from standardwebhooks.webhooks import Webhook

from learning.jobs.models import Job
from learning.jobs.services import JobKind, Progress, Schedule
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.platform.mail import MailError, send_mail
from learning.webhooks import services
from learning.webhooks.models import WebhookDelivery, WebhookEndpoint

log = logging.getLogger(__name__)
# How long a claimed delivery is left to its sender before another may try it.
LEASE = timedelta(minutes=2)
BATCH = 200
KEEP_RUNS = timedelta(days=1)
EXCERPT = 200


@dataclass(frozen=True)
class Answer:
    """How one attempt went: the HTTP status (None when there was none) or what failed."""

    status: int | None
    excerpt: str | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        """A 2xx answer."""
        return self.status is not None and 200 <= self.status < 300


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None  # a 3xx is the receiver's answer, not a place to follow


def body_of(delivery: WebhookDelivery) -> bytes:
    """The JSON body, the same on every attempt."""
    message = {
        "type": delivery.event_type,
        "timestamp": delivery.created_at.isoformat(),
        "data": delivery.payload,
    }
    return json.dumps(message, separators=(",", ":"), sort_keys=True).encode()


def signed_headers(delivery: WebhookDelivery, secret: str, body: bytes, at: datetime) -> dict:
    """The Standard Webhooks headers for an attempt at ``at``."""
    return {
        "Content-Type": "application/json",
        "User-Agent": "Puente-Webhooks/1",
        "webhook-id": delivery.message_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": Webhook(secret).sign(delivery.message_id, at, body),
    }


def _host_is_public(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    try:
        found = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except OSError:
        return True  # the request itself will say the name is unknown
    return all(services.address_allowed(info[4][0]) for info in found)


def post(url: str, body: bytes, headers: dict, timeout: float) -> Answer:
    """POST ``body`` to ``url``; never raises for what the receiver or the network does."""
    if not current_app.config.get("WEBHOOKS_ALLOW_LOOPBACK") and not _host_is_public(url):
        return Answer(None, error="The address is not public: not sent.")
    if urlsplit(url).scheme not in ("https", "http"):
        return Answer(None, error="Only http(s) addresses are sent to.")
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirects)
    # The scheme is http(s), checked above and when the endpoint was registered.
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with opener.open(request, timeout=timeout) as response:
            return Answer(response.status, _excerpt(response.read(EXCERPT)))
    except urllib.error.HTTPError as exc:
        return Answer(exc.code, _excerpt(exc.read(EXCERPT)))
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return Answer(None, error=f"{type(exc).__name__}: {reason}"[:300])


def _excerpt(raw: bytes) -> str:
    return raw[:EXCERPT].decode("utf-8", "replace")[:EXCERPT]


def _claim(delivery_id: int) -> bool:
    """Take a due delivery for this sender (one UPDATE: two senders never both send it)."""
    now = utcnow()
    claimed = db.session.execute(
        update(WebhookDelivery)
        .where(
            WebhookDelivery.id == delivery_id,
            WebhookDelivery.state == "pending",
            WebhookDelivery.next_attempt_at <= now,
        )
        .values(next_attempt_at=now + LEASE)
    ).rowcount
    db.session.commit()
    return bool(claimed)


def attempt(delivery: WebhookDelivery) -> Answer:
    """Send ``delivery`` once and record how it went (commits). Disables its endpoint and
    e-mails the owner after too many failures in a row."""
    endpoint = delivery.endpoint
    body = body_of(delivery)
    at = utcnow()
    headers = signed_headers(delivery, endpoint.secret, body, at)
    answer = post(endpoint.url, body, headers, current_app.config.get("WEBHOOKS_TIMEOUT", 5))
    delivery.attempts += 1
    delivery.last_attempt_at = at
    delivery.last_status, delivery.last_error = answer.status, answer.error
    delivery.response_excerpt = answer.excerpt
    disabled = False
    if answer.ok:
        delivery.state, delivery.next_attempt_at = "delivered", None
        endpoint.failures = 0
    else:
        schedule = current_app.config.get("WEBHOOKS_RETRY_SECONDS", ())
        if delivery.attempts <= len(schedule):
            delivery.next_attempt_at = utcnow() + timedelta(seconds=schedule[delivery.attempts - 1])
        else:
            delivery.state, delivery.next_attempt_at = "failed", None
        endpoint.failures += 1
        if endpoint.failures >= current_app.config.get("WEBHOOKS_DISABLE_AFTER", 10):
            disabled = services.disable(endpoint, "failures")
    db.session.commit()
    if disabled:
        _tell_owner(endpoint)
    return answer


def _tell_owner(endpoint: WebhookEndpoint) -> None:
    owner = endpoint.owner
    if owner is None or not owner.active:
        return
    try:
        send_mail(
            owner.email,
            "webhooks_disabled",
            language=owner.preferred_language or "en",
            endpoint=endpoint,
            link=url_for("webhooks.detail", endpoint_id=endpoint.id, _external=True),
        )
    except MailError:
        log.exception("could not tell %s that webhook endpoint %s stopped", owner.id, endpoint.id)


def deliver_due(limit: int = BATCH) -> int:
    """Attempt each due delivery of an enabled endpoint once, oldest first; returns how many
    were attempted."""
    due = db.session.scalars(
        select(WebhookDelivery.id)
        .join(WebhookEndpoint)
        .where(
            WebhookDelivery.state == "pending",
            WebhookDelivery.next_attempt_at <= utcnow(),
            WebhookEndpoint.disabled_at.is_(None),
        )
        .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
        .limit(limit)
    ).all()
    db.session.commit()
    sent = 0
    for delivery_id in due:
        if not _claim(delivery_id):
            continue
        delivery = db.session.get(WebhookDelivery, delivery_id)
        if delivery is None or not delivery.endpoint.enabled:
            continue
        attempt(delivery)
        sent += 1
    return sent


def run_deliver(job: Job, progress: Progress) -> None:
    """The job: attempt what is due now (what is not yet due waits for a later run)."""
    sent = job.result.get("attempted", 0) + deliver_due()
    job.result = {"attempted": sent}
    # A run a minute leaves a row a minute: the finished ones go after a day.
    db.session.execute(
        delete(Job).where(
            Job.kind == services.DELIVER_JOB,
            Job.state == "done",
            Job.finished_at < utcnow() - KEEP_RUNS,
        )
    )
    progress(sent, total=sent)


def deliver_summary(job: Job) -> str | None:
    sent = job.result.get("attempted")
    if sent is None:
        return None
    return ngettext("%(num)s webhook delivery tried.", "%(num)s webhook deliveries tried.", sent)


KINDS = {
    services.DELIVER_JOB: JobKind(
        label=_l("Webhook deliveries"), run=run_deliver, summary=deliver_summary
    )
}
# Retries fall due between the runs the deliveries themselves queue: look every minute.
SCHEDULE = {services.DELIVER_JOB: Schedule(kind=services.DELIVER_JOB, crontab={"minute": "*"})}
