"""Personal access tokens: made on the person's tokens page and shown once, stored as a
digest, listed, revoked after confirming, audit-logged; a revoked, expired or unknown token
gets a 401, a read-only one cannot write, and each token has its own rate limit."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from learning.api.models import ApiToken, token_digest
from learning.audit.models import AuditEntry
from learning.platform.extensions import db
from tests.conftest import signed_in_client


def _secret(page: str) -> str:
    found = re.search(r"pnt_[A-Za-z0-9_-]{20,}", page)
    assert found, "the new token is shown"
    return found.group(0)


def test_a_token_is_shown_once_and_kept_as_a_digest(app, make_user, api):
    person = make_user()
    browser = signed_in_client(app, person)
    response = browser.post("/api/tokens", data={"name": "Mi script", "days": "30"})
    assert response.status_code == 201
    secret = _secret(response.get_data(as_text=True))
    row = db.session.scalar(select(ApiToken).where(ApiToken.user_id == person.id))
    assert row.token_hash == token_digest(secret) and secret not in row.token_hash
    assert row.scopes == "read"
    assert timedelta(days=29) < row.expires_at - row.created_at <= timedelta(days=30)
    listing = browser.get("/api/tokens").get_data(as_text=True)
    assert "Mi script" in listing and secret not in listing
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "api.token_created"))
    assert entry.actor_id == person.id and entry.target_id == row.id
    used = api(secret).get("/api/v1/me/enrolments")
    assert used.status_code == 200
    db.session.expire_all()
    assert db.session.get(ApiToken, row.id).last_used_at is not None


def test_the_form_refuses_bad_input_without_making_a_token(app, make_user):
    browser = signed_in_client(app, make_user())
    empty = browser.post("/api/tokens", data={"name": "  ", "days": "30"})
    assert empty.status_code == 400
    assert "Give the token a name." in empty.get_data(as_text=True)
    forever = browser.post("/api/tokens", data={"name": "x", "days": "99999"})
    assert forever.status_code == 400
    assert "Choose how long the token lasts" in forever.get_data(as_text=True)
    assert db.session.scalar(select(ApiToken)) is None


def test_visitors_are_sent_to_sign_in(client):
    response = client.get("/api/tokens")
    assert response.status_code in (302, 303)


def test_revoking_is_confirmed_logged_and_the_token_stops_working(app, make_user, make_token, api):
    person = make_user()
    secret = make_token(person)
    row = db.session.scalar(select(ApiToken))
    browser = signed_in_client(app, person)
    confirm = browser.get(f"/api/tokens/{row.id}/revoke")
    assert confirm.status_code == 200 and "button-danger" in confirm.get_data(as_text=True)
    assert browser.post(f"/api/tokens/{row.id}/revoke").status_code == 303
    response = api(secret).get("/api/v1/workshops")
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "api.token_revoked"))
    again = browser.post(f"/api/tokens/{row.id}/revoke", follow_redirects=True)
    assert "already revoked" in again.get_data(as_text=True)


def test_another_persons_token_cannot_be_revoked(app, make_user, make_token, api):
    secret = make_token(make_user())
    row = db.session.scalar(select(ApiToken))
    intruder = signed_in_client(app, make_user())
    assert intruder.get(f"/api/tokens/{row.id}/revoke").status_code == 404
    assert intruder.post(f"/api/tokens/{row.id}/revoke").status_code == 404
    assert api(secret).get("/api/v1/me/enrolments").status_code == 200


def test_an_expired_or_unknown_token_gets_a_401(make_user, make_token, api):
    secret = make_token(make_user())
    row = db.session.scalar(select(ApiToken))
    row.created_at -= timedelta(days=40)
    row.expires_at -= timedelta(days=31)
    db.session.commit()
    assert api(secret).get("/api/v1/me/enrolments").status_code == 401
    assert api("pnt_made-up-token").get("/api/v1/events").status_code == 401


def test_a_deactivated_account_s_token_gets_a_401(make_user, make_token, api):
    person = make_user()
    secret = make_token(person)
    person.active = False
    db.session.commit()
    assert api(secret).get("/api/v1/me/registrations").status_code == 401


def test_a_read_only_token_cannot_write(make_user, make_token, make_event, api):
    event = make_event()
    secret = make_token(make_user())
    response = api(secret, "es").post(f"/api/v1/events/{event.id}/registration")
    assert response.status_code == 403
    assert "events:write" in response.get_json()["detail"]
    assert api(secret).delete(f"/api/v1/events/{event.id}/registration").status_code == 403


def test_each_token_has_its_own_rate_limit(app_factory, make_user, make_token):
    limited = app_factory(API_RATE_LIMIT="3 per minute")
    with limited.app_context():
        first, second = make_token(make_user()), make_token(make_user())
        client = limited.test_client()
        answers = [
            client.get("/api/v1/events", headers={"Authorization": f"Bearer {first}"})
            for _ in range(4)
        ]
        assert [a.status_code for a in answers] == [200, 200, 200, 429]
        assert answers[-1].mimetype == "application/problem+json"
        assert answers[-1].headers["Retry-After"] == "60"  # the window of "3 per minute"
        # No X-RateLimit-* headers by default: they cost two more trips to Redis per request.
        assert not [name for name in answers[0].headers.keys() if "ratelimit" in name.lower()]
        other = client.get("/api/v1/events", headers={"Authorization": f"Bearer {second}"})
        assert other.status_code == 200


def test_a_large_limit_is_counted_in_batches_and_still_refuses(
    app_factory, make_user, make_token, monkeypatch
):
    """300 a minute: each worker hands calls to the limits' storage three at a time, so the
    storage sees a third of the calls, and the caller is refused after 300 (+2 at most)."""
    from learning.platform.extensions import limiter

    limited = app_factory(API_RATE_LIMIT="300 per minute")
    with limited.app_context():
        secret = make_token(make_user())
        client = limited.test_client()
        storage = limiter.storage
        trips = []
        incr = storage.incr
        monkeypatch.setattr(storage, "incr", lambda *a, **k: trips.append(a) or incr(*a, **k))
        headers = {"Authorization": f"Bearer {secret}"}
        codes = [client.get("/api/v1/events", headers=headers).status_code for _ in range(30)]
        assert codes == [200] * 30
        assert len(trips) == 10  # 30 calls, in batches of 3
        allowed = 30
        while client.get("/api/v1/events", headers=headers).status_code == 200:
            allowed += 1
            assert allowed <= 302
        assert 300 <= allowed <= 302
        # Refused once, every later call goes to the storage and is refused too.
        before = len(trips)
        again = [client.get("/api/v1/events", headers=headers) for _ in range(3)]
        assert [a.status_code for a in again] == [429, 429, 429]
        assert again[0].headers["Retry-After"] == "60"
        assert len(trips) == before + 3


def test_the_profile_page_leads_to_the_tokens(app, make_user):
    page = signed_in_client(app, make_user()).get("/account/profile").get_data(as_text=True)
    assert 'href="/api/tokens"' in page
