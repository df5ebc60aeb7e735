"""The session cookie: sent when the session changes, not re-sent on every page (issue 9).

Sessions are browser sessions (not ``permanent``), so Flask sends ``Set-Cookie`` only when a
request changes the session. Re-signing and re-sending it on every response would cost each
signed-in page; these tests keep it that way and keep bad cookies harmless.
"""

from __future__ import annotations

import re
import time

import pytest
from flask import flash, g, get_flashed_messages, session
from flask_wtf.csrf import generate_csrf, validate_csrf
from itsdangerous import URLSafeTimedSerializer

from learning.platform.sessions import _reuse_csrf_token
from tests.conftest import TEST_PASSWORD

PAGES = ("/", "/workshops/", "/account/profile", "/privacy")


def _session_cookies(response) -> list[str]:
    return [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]


def _sign_in(client, email: str, remember: bool = False):
    data = {"email": email, "password": TEST_PASSWORD}
    if remember:
        data["remember"] = "y"
    response = client.post("/account/sign-in", data=data)
    assert response.status_code == 302
    assert _session_cookies(response), "signing in sends the session"
    # The first page shows (and so removes) the welcome message: that changes the session.
    first = client.get("/")
    assert "Welcome" in first.get_data(as_text=True)
    return first


@pytest.mark.parametrize("remember", [False, True])
def test_signed_in_pages_do_not_resend_cookies(client, make_user, remember):
    make_user("ana@example.org", name="Ana Ruiz")
    _sign_in(client, "ana@example.org", remember=remember)
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Ana Ruiz" in response.get_data(as_text=True), f"still signed in on {path}"
        assert response.headers.getlist("Set-Cookie") == [], f"{path} re-sent a cookie"
        assert "Cookie" in response.headers["Vary"], "shared caches must key on the cookie"


def test_switching_language_sends_the_session_once(client, make_user):
    make_user("ana@example.org", language="en")
    _sign_in(client, "ana@example.org")
    switched = client.get("/language/es")
    assert _session_cookies(switched), "the new choice must reach the browser"
    after = client.get("/")
    assert '<html lang="es">' in after.get_data(as_text=True)
    assert after.headers.getlist("Set-Cookie") == []


def test_signing_out_replaces_the_session(client, make_user):
    make_user("ana@example.org", name="Ana Ruiz")
    _sign_in(client, "ana@example.org")
    response = client.post("/account/sign-out")
    assert _session_cookies(response), "signing out must reach the browser"
    page = client.get("/").get_data(as_text=True)
    assert "Ana Ruiz" not in page and 'href="/account/sign-in' in page


def test_another_browser_fingerprint_marks_the_session_once(client, make_user):
    """Flask-Login's session protection changes the session when the browser looks different
    (a phone changing network); it must do so once, not on every later page."""
    make_user("ana@example.org", name="Ana Ruiz")
    _sign_in(client, "ana@example.org")
    client.environ_base["HTTP_USER_AGENT"] = "Another browser/2.0"
    marked = client.get("/")
    assert _session_cookies(marked)
    for path in PAGES:
        response = client.get(path)
        assert "Ana Ruiz" in response.get_data(as_text=True)
        assert response.headers.getlist("Set-Cookie") == [], f"{path} re-sent a cookie"


def test_tampered_cookie_is_a_signed_out_visitor(client, make_user):
    make_user("ana@example.org", name="Ana Ruiz")
    _sign_in(client, "ana@example.org")
    cookie = client.get_cookie("session", domain="puente.test")
    head, _, signature = cookie.value.rpartition(".")
    forged = head + "." + ("A" if signature[0] != "A" else "B") + signature[1:]
    client.set_cookie("session", forged, domain="puente.test")

    page = client.get("/")
    assert page.status_code == 200
    assert "Ana Ruiz" not in page.get_data(as_text=True)
    assert client.get("/account/profile").status_code == 302


def _cookie_signed_at(app, data: dict, when: float, monkeypatch) -> str:
    serializer = app.session_interface.get_signing_serializer(app)
    with monkeypatch.context() as patched:
        patched.setattr(time, "time", lambda: when)
        return serializer.dumps(data)


def test_session_older_than_its_lifetime_signs_out(app, client, make_user, monkeypatch):
    """The cookie is not re-sent on each page, so its signature dates from the last change:
    a browser left open longer than PERMANENT_SESSION_LIFETIME must sign in again."""
    make_user("ana@example.org", name="Ana Ruiz")
    _sign_in(client, "ana@example.org")
    with client.session_transaction() as session:
        data = dict(session)
    lifetime = app.permanent_session_lifetime.total_seconds()

    recent = _cookie_signed_at(app, data, time.time() - lifetime + 3600, monkeypatch)
    client.set_cookie("session", recent, domain="puente.test")
    assert "Ana Ruiz" in client.get("/").get_data(as_text=True)

    stale = _cookie_signed_at(app, data, time.time() - lifetime - 3600, monkeypatch)
    client.set_cookie("session", stale, domain="puente.test")
    page = client.get("/")
    assert page.status_code == 200
    assert "Ana Ruiz" not in page.get_data(as_text=True)
    assert client.get("/account/profile").status_code == 302


# Each worker verifies a cookie once and signs a session's CSRF token once a minute
# (learning/platform/sessions.py): what it keeps must never outlive or leak into a request.


def test_a_cookie_seen_before_still_expires(app, client, make_user, monkeypatch):
    make_user("ana@example.org", name="Ana Ruiz")
    _sign_in(client, "ana@example.org")
    assert "Ana Ruiz" in client.get("/").get_data(as_text=True)  # verified, and kept
    later = time.time() + app.permanent_session_lifetime.total_seconds() + 60
    monkeypatch.setattr(time, "time", lambda: later)
    page = client.get("/")
    assert page.status_code == 200
    assert "Ana Ruiz" not in page.get_data(as_text=True)


def test_a_replayed_cookie_never_carries_another_request_s_changes(app_factory):
    """Two tabs may send the same cookie: what one request adds to its session (a message
    in the list of flashes) is not in the session the other request reads."""
    other = app_factory()

    @other.get("/_flash/<word>")
    def _flash(word: str) -> str:
        flash(word)
        return "ok"

    @other.get("/_flashes")
    def _flashes() -> str:
        return ",".join(get_flashed_messages())

    browser = other.test_client()
    browser.get("/_flash/first")
    headers = {"Cookie": "session=" + browser.get_cookie("session", domain="puente.test").value}
    tab = other.test_client(use_cookies=False)
    for word in ("second", "third"):  # the first verifies and keeps the cookie
        assert tab.get(f"/_flash/{word}", headers=headers).status_code == 200
    assert tab.get("/_flashes", headers=headers).get_data(as_text=True) == "first"


def _token(page) -> str:
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.get_data(as_text=True))
    assert found, "the page has a form"
    return found.group(1)


def test_a_session_s_csrf_token_is_reused_for_a_minute_and_accepted(app_factory, monkeypatch):
    other = app_factory(WTF_CSRF_ENABLED=True)
    ana, bea = other.test_client(), other.test_client()
    for browser in (ana, bea):
        browser.get("/account/sign-in")  # the session gets its token
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now)
    first = _token(ana.get("/account/sign-in"))
    monkeypatch.setattr(time, "time", lambda: now + 30)
    assert _token(ana.get("/account/sign-in")) == first  # not signed again (the time differs)
    assert _token(bea.get("/account/sign-in")) != first  # another session, another token
    monkeypatch.setattr(time, "time", lambda: now + 61)
    fresh = _token(ana.get("/account/sign-in"))
    assert fresh != first  # signed again after a minute
    monkeypatch.undo()
    for token in (first, fresh):  # both are good for their whole time limit
        answer = ana.post("/language/es", data={"csrf_token": token, "next": "/"})
        assert answer.status_code in (302, 303), token
    refused = bea.post("/language/es", data={"csrf_token": first, "next": "/"})
    assert refused.status_code == 400  # a token belongs to its own session


def test_our_csrf_signing_is_flask_wtf_s_own(app):
    """learning/platform/sessions.py signs the session's CSRF token the way Flask-WTF does (a
    private detail of flask_wtf.csrf). If an upgrade changes Flask-WTF's scheme, this fails
    here instead of every form failing in production."""
    with app.test_request_context("/"):
        theirs = generate_csrf()  # puts the raw token in the session, signs it
        raw = session["csrf_token"]
        secret = app.config.get("WTF_CSRF_SECRET_KEY") or app.secret_key
        assert URLSafeTimedSerializer(secret, salt="wtf-csrf-token").loads(theirs) == raw
        g.pop("csrf_token")
        _reuse_csrf_token()  # ours, for the same session
        ours = g.csrf_token
        validate_csrf(ours)  # Flask-WTF accepts what we signed (raises if not)
        validate_csrf(theirs)
