"""Webhooks end to end: staff register an endpoint on its page (the secret shown once), the
platform's own changes become deliveries in the same transaction, the job queue sends them to
a real HTTP receiver on 127.0.0.1 that verifies every signature with the standardwebhooks
library's own verifier, failures are retried (re-signed) until accepted, and an endpoint that
keeps failing is stopped and its owner told."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from learning.accounts import services as accounts
from learning.accounts.models import User
from learning.accounts.privacy import delete_account, export_user
from learning.audit.models import AuditEntry
from learning.enrolment.services import seats
from learning.events.services import registrations
from learning.jobs.models import Job
from learning.platform.extensions import db
from learning.webhooks import delivery, services
from learning.webhooks.events import EVENT_TYPES
from learning.webhooks.models import WebhookDelivery, WebhookEndpoint
from tests.conftest import signed_in_client


@dataclass
class Attempt:
    """One request the receiver got."""

    webhook_id: str
    timestamp: str
    verified: bool
    status: int
    body: dict[str, Any] | None


@dataclass
class Receiver:
    """A webhook receiver: answers ``plan`` statuses in turn (then 200), checks signatures
    with ``secret`` as a partner's system would."""

    url: str
    secret: str = ""
    plan: list[int] = field(default_factory=list)
    attempts: list[Attempt] = field(default_factory=list)

    def accepted(self) -> list[Attempt]:
        return [a for a in self.attempts if 200 <= a.status < 300]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """A real HTTP server on 127.0.0.1 in a thread."""
    box: dict[str, Receiver] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            me = box["receiver"]
            raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            headers = {k.lower(): v for k, v in self.headers.items()}
            try:
                body = Webhook(me.secret).verify(raw, headers)
                verified = True
            except WebhookVerificationError:
                body, verified = None, False
            status = me.plan.pop(0) if me.plan else 200
            me.attempts.append(
                Attempt(
                    headers.get("webhook-id", ""),
                    headers.get("webhook-timestamp", ""),
                    verified,
                    status,
                    body,
                )
            )
            self.send_response(status)
            self.end_headers()
            self.wfile.write(b"x" * 5000 if status >= 500 else b"ok")

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    box["receiver"] = Receiver(url=f"http://127.0.0.1:{server.server_port}/hooks")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield box["receiver"]
    server.shutdown()
    server.server_close()


@pytest.fixture
def quick(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    """Retries due at once, so a test runs the sender again instead of sleeping."""
    monkeypatch.setitem(app.config, "WEBHOOKS_RETRY_SECONDS", (0, 0, 0, 0, 0, 0))


def register(client: Any, url: str, *types: str, description: str = "Partner") -> Any:
    return client.post(
        "/admin/webhooks/",
        data={"url": url, "description": description, "event_types": list(types)},
    )


def secret_of(response: Any) -> str:
    """The signing secret the page shows once."""
    return re.search(r"whsec_[A-Za-z0-9+/=]+", response.get_data(as_text=True)).group(0)


@pytest.fixture
def endpoint(
    client_for: Callable[..., Any], people: dict[str, Any], receiver: Receiver
) -> WebhookEndpoint:
    """An endpoint the admin registered on the page for enrolment changes; the receiver
    knows the secret the page showed once."""
    response = register(client_for(people["admin"]), receiver.url, "enrolment.changed")
    assert response.status_code == 201
    receiver.secret = secret_of(response)
    row = db.session.scalars(select(WebhookEndpoint)).one()
    assert row.owner_id == people["admin"].id
    return row


def _withdraw(world: Any) -> None:
    seats.withdraw(world.enrolment())
    db.session.commit()


def test_each_delivery_is_accepted_once_after_retries_every_attempt_signed(
    app, world, endpoint, receiver, run_jobs, quick, client_for, people
):
    receiver.plan = [500, 500]
    _withdraw(world)  # the enrolment service, untouched, changes a state: one event
    run_jobs()  # the job the commit queued: first attempt, 500
    time.sleep(1.05)  # the next attempt is signed at a later second
    assert delivery.deliver_due() == 1  # second attempt, 500
    assert delivery.deliver_due() == 1  # third attempt, accepted
    assert delivery.deliver_due() == 0  # nothing more is due

    assert [a.status for a in receiver.attempts] == [500, 500, 200]
    assert all(a.verified for a in receiver.attempts)
    assert len({a.webhook_id for a in receiver.attempts}) == 1
    assert receiver.attempts[0].timestamp != receiver.attempts[1].timestamp  # re-signed
    assert len(receiver.accepted()) == 1
    body = receiver.accepted()[0].body
    assert body["type"] == "enrolment.changed"
    assert body["data"]["state"] == "withdrawn"
    assert body["data"]["previous_state"] == "active"
    assert body["data"]["enrolment_id"] == world.enrolment().id

    row = db.session.scalars(select(WebhookDelivery)).one()
    assert (row.state, row.attempts, row.last_status) == ("delivered", 3, 200)
    page = client_for(people["admin"]).get(f"/admin/webhooks/{endpoint.id}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert row.message_id in text and "delivered" in text


def test_only_an_excerpt_of_the_answer_is_kept(app, world, endpoint, receiver, quick):
    receiver.plan = [503]
    _withdraw(world)
    delivery.deliver_due()
    row = db.session.scalars(select(WebhookDelivery)).one()
    assert row.last_status == 503
    assert len(row.response_excerpt) == delivery.EXCERPT
    assert row.state == "pending" and row.next_attempt_at is not None


def test_a_rolled_back_transaction_sends_nothing(app, world, endpoint, receiver):
    seats.withdraw(world.enrolment())
    db.session.flush()
    db.session.rollback()
    assert db.session.scalar(select(func.count(WebhookDelivery.id))) == 0
    assert db.session.scalar(select(func.count(Job.id))) == 0
    assert delivery.deliver_due() == 0
    assert receiver.attempts == []


def test_a_rolled_back_savepoint_drops_only_its_own_events(app, world, endpoint, receiver):
    with db.session.begin_nested():
        services.emit("enrolment.changed", {"kept": True})
    try:
        with db.session.begin_nested():
            seats.withdraw(world.enrolment())
            raise RuntimeError("undo")
    except RuntimeError:
        pass
    db.session.commit()
    rows = db.session.scalars(select(WebhookDelivery)).all()
    assert [row.payload for row in rows] == [{"kept": True}]


def test_endpoints_only_get_the_types_they_chose(app, world, endpoint, receiver):
    services.emit("certificate.issued", {"certificate_id": 1})
    db.session.commit()
    assert db.session.scalar(select(func.count(WebhookDelivery.id))) == 0


def test_an_endpoint_that_keeps_failing_is_stopped_and_its_owner_told(
    app, world, client_for, people, receiver, outbox, quick, monkeypatch
):
    monkeypatch.setitem(app.config, "WEBHOOKS_DISABLE_AFTER", 3)
    owner = people["enrolled"]  # writes in Spanish
    accounts.set_roles(owner, {"admin"})
    db.session.commit()
    response = register(client_for(owner, "es"), receiver.url, "enrolment.changed")
    assert response.status_code == 201
    receiver.secret = secret_of(response)
    receiver.plan = [500] * 10
    _withdraw(world)
    for _ in range(3):
        delivery.deliver_due()
    endpoint = db.session.scalars(select(WebhookEndpoint)).one()
    assert (endpoint.enabled, endpoint.disabled_reason, endpoint.failures) == (
        False,
        "failures",
        3,
    )
    assert delivery.deliver_due() == 0  # stopped: nothing more goes out
    assert len(receiver.attempts) == 3
    (mail,) = outbox.to(owner.email)
    assert "Webhooks detenidos" in mail["Subject"]
    assert f"/admin/webhooks/{endpoint.id}" in outbox.body(mail)
    assert db.session.scalar(
        select(func.count(AuditEntry.id)).where(AuditEntry.action == "webhooks.endpoint_disabled")
    )

    # Started again by staff: the waiting delivery goes first, and is accepted.
    receiver.plan = []
    client = client_for(people["admin"])
    assert client.post(f"/admin/webhooks/{endpoint.id}/enable").status_code == 303
    delivery.deliver_due()
    assert len(receiver.accepted()) == 1
    db.session.refresh(endpoint)
    assert endpoint.owner_id == people["admin"].id and endpoint.failures == 0


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("ftp://example.org/hooks", "whole web address"),
        ("not a url", "whole web address"),
        ("https://example.org:99999/hooks", "whole web address"),
        ("http://example.org/hooks", "https://"),
        ("https://user:secret@example.org/hooks", "user name and password"),
        ("https://10.0.0.5/hooks", "private or local network"),
        ("https://192.168.1.20/hooks", "private or local network"),
        ("https://169.254.169.254/latest/meta-data", "private or local network"),
        ("https://[fd00::1]/hooks", "private or local network"),
        ("https://printer.local/hooks", "private or local network"),
        ("javascript:alert(1)", "whole web address"),
        ("https://example.org/" + "a" * 500, "whole web address"),
    ],
)
def test_bad_endpoint_urls_are_refused_with_a_clear_message(client_for, url, words):
    response = register(client_for("admin"), url, "enrolment.changed")
    assert response.status_code == 400
    assert words in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(WebhookEndpoint.id))) == 0


def test_refusals_are_in_the_readers_language(client_for):
    response = register(client_for("admin", "es"), "http://example.org/h", "enrolment.changed")
    assert response.status_code == 400
    assert "Use una dirección https://" in response.get_data(as_text=True)
    response = register(client_for("admin", "es"), "https://example.org/h")
    assert response.status_code == 400
    assert "Elija al menos un evento" in response.get_data(as_text=True)
    response = register(client_for("admin"), "https://example.org/h", "everything")
    assert response.status_code == 400
    assert "Choose events from the list." in response.get_data(as_text=True)


def test_loopback_is_refused_outside_development_and_tests():
    with pytest.raises(services.WebhookError) as found:
        services.check_url("http://127.0.0.1:8000/h", allow_loopback=False)
    assert found.value.code == "private"
    with pytest.raises(services.WebhookError):
        services.check_url("https://localhost/h", allow_loopback=False)
    assert services.check_url(" https://example.org/h ", allow_loopback=False) == (
        "https://example.org/h"
    )


@pytest.mark.parametrize("who", ["participant", "trainer", "curator", "researcher"])
def test_people_who_are_not_admins_cannot_see_or_make_endpoints(
    client_for, who, endpoint, receiver
):
    client = client_for(who)
    assert client.get("/admin/webhooks/").status_code == 403
    assert register(client, receiver.url, "enrolment.changed").status_code == 403
    assert client.get(f"/admin/webhooks/{endpoint.id}").status_code == 403
    assert client.post(f"/admin/webhooks/{endpoint.id}/test").status_code == 403
    assert client.post(f"/admin/webhooks/{endpoint.id}/delete").status_code == 403
    assert db.session.scalar(select(func.count(WebhookEndpoint.id))) == 1


def test_visitors_are_sent_to_sign_in(client_for):
    response = client_for(None).get("/admin/webhooks/")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


def test_replay_sends_the_same_delivery_again(
    app, world, endpoint, receiver, client_for, people, run_jobs
):
    _withdraw(world)
    run_jobs()
    row = db.session.scalars(select(WebhookDelivery)).one()
    client = client_for(people["admin"])
    response = client.post(f"/admin/webhooks/{endpoint.id}/deliveries/{row.id}/replay")
    assert response.status_code == 303
    run_jobs()
    assert [a.status for a in receiver.attempts] == [200, 200]
    assert all(a.verified for a in receiver.attempts)
    assert receiver.attempts[0].webhook_id == receiver.attempts[1].webhook_id == row.message_id
    # Another endpoint's delivery, or one that does not exist: 404.
    assert (
        client.post(f"/admin/webhooks/{endpoint.id + 1}/deliveries/{row.id}/replay").status_code
        == 404
    )
    assert (
        client.post(f"/admin/webhooks/{endpoint.id}/deliveries/{row.id + 9}/replay").status_code
        == 404
    )


def test_the_test_button_sends_a_test_event(app, endpoint, receiver, client_for, people, run_jobs):
    client = client_for(people["admin"], "es")
    response = client.post(f"/admin/webhooks/{endpoint.id}/test", follow_redirects=True)
    assert response.status_code == 200
    run_jobs()
    (attempt,) = receiver.attempts
    assert attempt.verified and attempt.body["type"] == "webhook.test"
    assert attempt.body["data"]["endpoint_id"] == endpoint.id


def test_a_redirect_is_not_followed(app, endpoint, receiver, quick):
    receiver.plan = [302]
    services.send_test(endpoint, by=endpoint.owner)
    db.session.commit()
    delivery.deliver_due()
    assert len(receiver.attempts) == 1
    row = db.session.scalars(select(WebhookDelivery)).one()
    assert (row.state, row.last_status) == ("pending", 302)


def test_an_unreachable_receiver_is_recorded_not_raised(app, endpoint, quick):
    endpoint.url = "http://127.0.0.1:9/hooks"  # discard port: nothing listens
    services.send_test(endpoint, by=endpoint.owner)
    db.session.commit()
    assert delivery.deliver_due() == 1
    row = db.session.scalars(select(WebhookDelivery)).one()
    assert row.last_status is None and row.last_error
    assert row.state == "pending"


def test_stopping_and_deleting_are_confirmed_and_audited(endpoint, client_for, people):
    client = client_for(people["admin"])
    assert client.post(f"/admin/webhooks/{endpoint.id}/disable").status_code == 303
    db.session.refresh(endpoint)
    assert endpoint.disabled_reason == "staff"
    page = client.get(f"/admin/webhooks/{endpoint.id}/delete")
    assert page.status_code == 200 and "Delete this endpoint?" in page.get_data(as_text=True)
    assert client.post(f"/admin/webhooks/{endpoint.id}/delete").status_code == 303
    assert db.session.scalar(select(func.count(WebhookEndpoint.id))) == 0
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {
        "webhooks.endpoint_created",
        "webhooks.endpoint_disabled",
        "webhooks.endpoint_deleted",
    } <= actions
    assert client.get(f"/admin/webhooks/{endpoint.id}").status_code == 404


def test_an_owner_who_deletes_their_account_leaves_their_endpoints_stopped(endpoint, people):
    delete_account(people["admin"])
    db.session.commit()
    db.session.refresh(endpoint)
    assert endpoint.owner_id is None
    assert (endpoint.enabled, endpoint.disabled_reason) == (False, "owner_deleted")


def test_the_list_page_in_both_languages(endpoint, client_for, people):
    for language, words in (("en", "Register an endpoint"), ("es", "Registrar un endpoint")):
        page = client_for(people["admin"], language).get("/admin/webhooks/")
        assert page.status_code == 200
        text = page.get_data(as_text=True)
        assert words in text and endpoint.url in text
        assert "whsec_" not in text  # the secret was shown once, at creation


def test_the_body_is_the_same_json_on_every_attempt(app, endpoint):
    services.send_test(endpoint, by=endpoint.owner)
    db.session.commit()
    row = db.session.scalars(select(WebhookDelivery)).one()
    assert delivery.body_of(row) == delivery.body_of(row)
    assert json.loads(delivery.body_of(row))["type"] == "webhook.test"


def test_the_platforms_changes_become_events_of_each_type(
    app, request, people, make_user, make_event, make_output
):
    """Certificates (issued, revoked), a published output, an event registration: each
    service as it is, each change one event."""
    services.create(
        people["admin"],
        url="https://partner.example.org/hooks",
        description="",
        event_types=set(EVENT_TYPES),
    )
    db.session.commit()
    request.getfixturevalue("certified")  # three certificates issued, one revoked
    output = make_output()
    event = make_event()
    registrations.register(make_user(), event, registrations.Answers())
    db.session.commit()

    found = [
        (row.event_type, row.payload)
        for row in db.session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id))
    ]
    kinds = [kind for kind, _payload in found]
    assert kinds.count("certificate.issued") == 3
    assert kinds.count("certificate.revoked") == 1
    assert ("output.published", {"output_id": output.id, "version": 1}) in found
    (registration,) = [p for k, p in found if k == "event_registration.changed"]
    assert registration["event_id"] == event.id and registration["state"] == "registered"
    # Nothing personal leaves: ids and codes only.
    assert all("@" not in json.dumps(payload) for _kind, payload in found)


def test_an_owners_data_export_lists_their_endpoints_without_the_secret(endpoint, people):
    data = export_user(people["admin"])
    (row,) = data["records"]["webhook_endpoints"]
    assert row["url"] == endpoint.url
    assert "secret" not in row and endpoint.secret not in json.dumps(data)


def test_the_demo_has_a_stopped_endpoint_with_a_waiting_test_event(app):
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    admin = db.session.scalar(select(User).where(User.email == "admin@demo.puente"))
    endpoint = db.session.scalars(select(WebhookEndpoint)).one()
    assert (endpoint.owner_id, endpoint.disabled_reason) == (admin.id, "staff")
    client = signed_in_client(app, admin, "es")
    page = client.get(f"/admin/webhooks/{endpoint.id}").get_data(as_text=True)
    assert "Evento de prueba" in page and "en espera" in page and "whsec_" not in page
