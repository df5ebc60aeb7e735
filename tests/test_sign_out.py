"""Signing out ends the session on the server: a copied cookie replayed afterwards signs
nobody in, whether it was the session cookie or the remember-me cookie, after "sign out" on
one device or "sign out everywhere"."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from flask.testing import FlaskClient

from learning.accounts import signins
from learning.accounts.models import SignIn, User
from learning.audit.models import AuditEntry
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from tests.conftest import TEST_PASSWORD

DOMAIN = "puente.test"
FIREFOX_ANDROID = "Mozilla/5.0 (Android 14; Mobile; rv:125.0) Gecko/125.0 Firefox/125.0"


def _browser(app, user_agent: str = FIREFOX_ANDROID) -> FlaskClient:
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.environ_base["HTTP_USER_AGENT"] = user_agent
    return client


def _sign_in(client: FlaskClient, email: str, remember: bool = False) -> None:
    data = {"email": email, "password": TEST_PASSWORD}
    if remember:
        data["remember"] = "y"
    response = client.post("/account/sign-in", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)


def _cookies(client: FlaskClient) -> dict[str, str]:
    return {
        name: client.get_cookie(name, domain=DOMAIN).value
        for name in ("session", "remember_token")
        if client.get_cookie(name, domain=DOMAIN) is not None
    }


def _replay(app, cookies: dict[str, Any]) -> FlaskClient:
    thief = _browser(app, "Another browser/1.0")
    for name, value in cookies.items():
        thief.set_cookie(name, value, domain=DOMAIN)
    return thief


def _signed_in(client: FlaskClient) -> bool:
    return client.get("/account/profile").status_code == 200


def test_a_copied_session_cookie_stops_working_after_sign_out(app, make_user):
    make_user("ana@example.org")
    browser = _browser(app)
    _sign_in(browser, "ana@example.org")
    copied = _cookies(browser)
    assert _signed_in(_replay(app, copied)), "the copy works while the session lasts"

    assert browser.post("/account/sign-out").status_code == 302
    assert not _signed_in(browser)
    assert not _signed_in(_replay(app, copied))
    [sign_in] = db.session.scalars(db.select(SignIn)).all()
    assert sign_in.ended_at is not None


def test_a_copied_remember_me_cookie_stops_working_after_sign_out(app, make_user):
    make_user("ana@example.org")
    browser = _browser(app)
    _sign_in(browser, "ana@example.org", remember=True)
    copied = _cookies(browser)
    assert "remember_token" in copied
    # The remember-me cookie alone signs in a browser whose session cookie has gone.
    assert _signed_in(_replay(app, {"remember_token": copied["remember_token"]}))

    browser.post("/account/sign-out")
    assert not _signed_in(_replay(app, copied))
    assert not _signed_in(_replay(app, {"remember_token": copied["remember_token"]}))


def test_signing_out_on_one_device_leaves_the_others_signed_in(app, make_user):
    make_user("ana@example.org")
    phone, laptop = _browser(app), _browser(app, "Mozilla/5.0 (Windows NT 10.0) Chrome/124.0")
    _sign_in(phone, "ana@example.org")
    _sign_in(laptop, "ana@example.org")

    phone.post("/account/sign-out")
    assert not _signed_in(phone)
    assert _signed_in(laptop)


def test_sign_out_everywhere_ends_every_session(app, make_user):
    make_user("ana@example.org")
    phone, laptop = _browser(app), _browser(app, "Mozilla/5.0 (Windows NT 10.0) Chrome/124.0")
    _sign_in(phone, "ana@example.org", remember=True)
    _sign_in(laptop, "ana@example.org")
    copied = _cookies(phone)

    response = laptop.post("/account/sign-out-everywhere")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/account/sign-in")
    for client in (phone, laptop, _replay(app, copied)):
        assert not _signed_in(client)
    assert db.session.scalar(db.select(db.func.count()).where(SignIn.ended_at.is_(None))) == 0
    entry = db.session.scalars(db.select(AuditEntry)).one()
    assert entry.action == "user.signed_out_everywhere"

    _sign_in(phone, "ana@example.org")
    assert _signed_in(phone), "signing in again works"


def test_sign_out_everywhere_is_a_post_with_its_token(app, app_factory, make_user):
    """With CSRF protection on (as in production), a forged form cannot sign anyone out."""
    make_user("ana@example.org")
    csrf_app = app_factory(WTF_CSRF_ENABLED=True)
    with csrf_app.app_context():
        browser = _browser(csrf_app)
        page = browser.get("/account/sign-in").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        browser.post(
            "/account/sign-in",
            data={"email": "ana@example.org", "password": TEST_PASSWORD, "csrf_token": token},
        )
        assert _signed_in(browser)
        assert browser.get("/account/sign-out-everywhere").status_code == 405
        assert browser.post("/account/sign-out-everywhere").status_code == 400
        forged = browser.post("/account/sign-out-everywhere", data={"csrf_token": "x"})
        assert forged.status_code == 400
        assert _signed_in(browser)


def test_profile_lists_the_devices_and_marks_this_one(app, make_user):
    make_user("ana@example.org")
    phone, laptop = _browser(app), _browser(app, "Mozilla/5.0 (Windows NT 10.0) Chrome/124.0")
    _sign_in(phone, "ana@example.org")
    _sign_in(laptop, "ana@example.org")

    page = phone.get("/account/profile").get_data(as_text=True)
    assert "Firefox on Android" in page
    assert "Chrome on Windows" in page
    assert page.count("this device") == 1
    assert page.index("this device") > page.index("Firefox on Android")
    assert "Sign out everywhere" in page

    laptop.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es"
    db.session.execute(db.update(User).values(preferred_language="es"))
    db.session.commit()
    spanish = laptop.get("/account/profile").get_data(as_text=True)
    assert "Cerrar sesión en todas partes" in spanish
    assert "este dispositivo" in spanish


def test_a_session_id_naming_no_open_sign_in_signs_nobody_in(app, client, make_user):
    ana = make_user("ana@example.org")
    make_user("bea@example.org")
    _sign_in(client, "bea@example.org")
    with client.session_transaction() as session:
        _, _, bea_key = session["_user_id"].rpartition(":")
    for forged in (
        f"{ana.id}:{ana.auth_token}:{bea_key}",  # someone else's sign-in
        f"{ana.id}:{ana.auth_token}:not-a-key",
        f"{ana.id}:{ana.auth_token}:{'k' * 500}",
        f"{ana.id}:{ana.auth_token}:",  # an empty key is an id from before sign-ins
        f"{ana.id}:wrong:{bea_key}",
    ):
        other = _browser(app)
        with other.session_transaction() as session:
            session["_user_id"] = forged
        signed_in = _signed_in(other)
        assert signed_in is forged.endswith(":"), forged


def test_a_session_from_before_sign_ins_were_recorded_ends_everywhere(app, make_user):
    """A session id without a sign-in key (from before this change) cannot end alone: signing
    out renews the person's token, which ends every session of theirs."""
    ana = make_user("ana@example.org")
    old, other = _browser(app), _browser(app)
    for client in (old, other):
        with client.session_transaction() as session:
            session["_user_id"] = f"{ana.id}:{ana.auth_token}"
        assert _signed_in(client)

    old.post("/account/sign-out")
    assert not _signed_in(old)
    assert not _signed_in(other)


def test_changing_the_password_keeps_this_session_only(app, make_user):
    make_user("ana@example.org")
    phone, laptop = _browser(app), _browser(app)
    _sign_in(phone, "ana@example.org")
    _sign_in(laptop, "ana@example.org")
    response = phone.post(
        "/account/password",
        data={
            "current_password": TEST_PASSWORD,
            "password": "another long sentence here",
            "password_again": "another long sentence here",
        },
    )
    assert response.status_code == 302
    assert _signed_in(phone)
    assert not _signed_in(laptop)
    phone.post("/account/sign-out")
    assert not _signed_in(phone)


def test_old_sign_ins_are_purged(app, make_user):
    ana = make_user("ana@example.org")
    browser = _browser(app)
    _sign_in(browser, "ana@example.org")
    _sign_in(_browser(app), "ana@example.org")
    browser.post("/account/sign-out")
    month_ago = utcnow() - timedelta(days=30)
    assert signins.purge_sign_ins(month_ago) == 1, "only the ended one"
    assert signins.purge_sign_ins(utcnow() + timedelta(seconds=1)) == 1
    db.session.commit()
    assert db.session.scalars(db.select(SignIn).where(SignIn.user_id == ana.id)).all() == []


def test_device_names(app):
    with app.test_request_context():
        _check_device_names()


def _check_device_names() -> None:
    assert signins.describe_device(None) is None
    assert signins.describe_device("curl/8.0") is None
    assert signins.describe_device("Mozilla/5.0 (iPhone) Version/17 Safari/604") == (
        "Safari on iPhone"
    )
    edge = "Mozilla/5.0 (Windows NT 10.0) Chrome/124.0 Safari/537.36 Edg/124.0"
    assert signins.describe_device(edge) == "Edge on Windows"


def test_the_daily_command_forgets_ended_sign_ins(app, make_user):
    make_user("ana@example.org")
    browser, other = _browser(app), _browser(app)
    _sign_in(browser, "ana@example.org")
    _sign_in(other, "ana@example.org")
    browser.post("/account/sign-out")

    result = app.test_cli_runner().invoke(args=["users", "purge-sign-ins"])
    assert result.exit_code == 0, result.output
    assert "Forgot 1 sign-ins" in result.output
    assert not _signed_in(browser)
    assert _signed_in(other), "an open sign-in younger than the remember cookie stays"
