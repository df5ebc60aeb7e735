"""Registration, confirmation, sign-in, password reset, profile: the happy paths and the
bad input a careless or hostile person would try."""

from __future__ import annotations

import pytest
from werkzeug.security import check_password_hash

from learning.accounts import services
from learning.accounts.models import User
from learning.platform.extensions import db
from tests.conftest import TEST_PASSWORD, sign_in_as


def register_form(**overrides: str) -> dict[str, str]:
    data = {
        "name": "María José Pérez",
        "email": "maria@example.org",
        "password": "una frase bastante larga",
        "password_again": "una frase bastante larga",
        "country": "GT",
        "organisation": "Prensa Libre",
        "sector": "media",
        "preferred_language": "es",
        "gender": "woman",
    }
    data.update(overrides)
    return data


def test_register_confirm_and_sign_in(client, outbox):
    response = client.post("/account/register", data=register_form())
    assert response.status_code == 200
    assert "maria@example.org" in response.get_data(as_text=True)

    user = db.session.scalar(db.select(User).where(User.email == "maria@example.org"))
    assert user.confirmed_at is None
    assert user.password_hash.startswith("scrypt:")
    assert check_password_hash(user.password_hash, "una frase bastante larga")

    [message] = outbox.to("maria@example.org")
    # The recipient chose Spanish, so the message is in Spanish.
    assert "Confirme su dirección de correo" in message["Subject"]
    assert message["Content-Language"] == "es"

    # Unconfirmed accounts cannot sign in yet.
    response = client.post(
        "/account/sign-in",
        data={"email": "maria@example.org", "password": "una frase bastante larga"},
    )
    assert response.status_code == 400
    assert "confirm your e-mail address first" in response.get_data(as_text=True)

    response = client.get(outbox.link(message))
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.confirmed_at is not None

    response = client.post(
        "/account/sign-in",
        data={"email": "MARIA@example.org ", "password": "una frase bastante larga"},
    )
    assert response.status_code == 302
    # Her saved preference (Spanish) now wins over the browser's English.
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="es">' in page
    assert "Cerrar sesión" in page


@pytest.mark.parametrize("email", ["maria@example.org", "MARIA@Example.ORG", " Maria@example.org"])
def test_duplicate_email_in_any_letter_case(client, make_user, email):
    make_user("maria@example.org")
    response = client.post("/account/register", data=register_form(email=email))
    assert response.status_code == 400
    assert "An account with this e-mail already exists" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(User.id))) == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "not-an-email", "Enter a valid e-mail address"),
        ("email", "ana@", "Enter a valid e-mail address"),
        ("email", "a" * 250 + "@x.org", "Field cannot be longer than 254 characters"),
        ("password", "short", "Use at least 10 characters"),
        ("password", "x" * 129 + "Ab1", "Use at most 128 characters"),
        ("password", "password123", "too common"),
        ("password", "1111111111", "too common"),
        ("password", "maria@example.org!!", "Do not use your name or e-mail"),
        ("country", "XX", "Choose a country from the list"),
        ("sector", "astronaut", "Not a valid choice"),
        ("name", "", "Enter your name"),
    ],
)
def test_register_refuses_bad_input(client, outbox, field, value, message):
    data = register_form(**{field: value})
    if field == "password":
        data["password_again"] = value
    response = client.post("/account/register", data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(User.id))) == 0
    assert outbox.messages() == []


def test_register_passwords_must_match(client):
    response = client.post("/account/register", data=register_form(password_again="otra cosa 123"))
    assert response.status_code == 400
    assert "The two passwords do not match" in response.get_data(as_text=True)


def test_register_errors_are_in_spanish_for_spanish_readers(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es-MX,es;q=0.9"
    response = client.post("/account/register", data=register_form(email="nope"))
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Escriba una dirección de correo válida" in text
    assert "Please correct" not in text


def _confirm_link(client, outbox, email="maria@example.org"):
    client.post("/account/register", data=register_form(email=email))
    return outbox.link(outbox.to(email)[-1])


def test_confirmation_link_tampered(client, outbox):
    link = _confirm_link(client, outbox)
    response = client.get(link[:-3] + "abc")
    assert response.status_code == 400
    assert "This link is not valid" in response.get_data(as_text=True)


def test_confirmation_link_expired(client, outbox, monkeypatch):
    link = _confirm_link(client, outbox)
    monkeypatch.setattr(services, "CONFIRM_MAX_AGE", -1)
    response = client.get(link)
    assert response.status_code == 400
    assert "This link has expired" in response.get_data(as_text=True)
    user = services.find_by_email("maria@example.org")
    assert user.confirmed_at is None


def test_confirmation_link_reused(client, outbox):
    link = _confirm_link(client, outbox)
    assert client.get(link).status_code == 302
    # The first use signed her in (issue 22); signed out, the link only says it was used.
    client.post("/account/sign-out")
    response = client.get(link, follow_redirects=True)
    assert "already confirmed" in response.get_data(as_text=True)


def test_resend_confirmation_does_not_reveal_accounts(client, outbox, make_user):
    make_user("pending@example.org", confirmed=False)
    known = client.post("/account/confirm", data={"email": "pending@example.org"})
    unknown = client.post("/account/confirm", data={"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 200
    assert len(outbox.to("pending@example.org")) == 1
    assert outbox.to("nobody@example.org") == []


def test_sign_in_wrong_password_and_unknown_email_look_the_same(client, make_user):
    make_user("ana@example.org")
    wrong = client.post("/account/sign-in", data={"email": "ana@example.org", "password": "nope"})
    unknown = client.post("/account/sign-in", data={"email": "zzz@example.org", "password": "nope"})
    for response in (wrong, unknown):
        assert response.status_code == 400
        assert "The e-mail or the password is not right" in response.get_data(as_text=True)


def test_deactivated_account_cannot_sign_in(client, make_user):
    make_user("gone@example.org", active=False)
    response = client.post(
        "/account/sign-in", data={"email": "gone@example.org", "password": TEST_PASSWORD}
    )
    assert response.status_code == 400
    assert "has been deactivated" in response.get_data(as_text=True)


def test_deactivation_ends_existing_sessions(app, client, make_user):
    user = make_user()
    sign_in_as(client, user)
    assert client.get("/account/profile").status_code == 200
    services.set_active(user, False)
    db.session.commit()
    assert client.get("/account/profile").status_code == 302


def test_remember_me_sets_a_lasting_http_only_cookie(client, make_user):
    make_user("ana@example.org")
    response = client.post(
        "/account/sign-in",
        data={"email": "ana@example.org", "password": TEST_PASSWORD, "remember": "y"},
    )
    cookies = response.headers.getlist("Set-Cookie")
    remember = [c for c in cookies if c.startswith("remember_token=")]
    assert remember and "HttpOnly" in remember[0] and "SameSite=Lax" in remember[0]
    assert "Expires=" in remember[0]


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/steal",
        "//evil.example/x",
        "/\\evil.example",
        "javascript:alert(1)",
        "http:/evil.example",
        "\t//evil.example",
    ],
)
def test_next_pointing_off_site_is_ignored(client, make_user, target):
    make_user("ana@example.org")
    response = client.post(
        "/account/sign-in",
        data={"email": "ana@example.org", "password": TEST_PASSWORD, "next": target},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_next_on_site_is_followed(client, make_user):
    make_user("ana@example.org")
    page = client.get("/account/sign-in?next=/account/profile").get_data(as_text=True)
    assert 'value="/account/profile"' in page
    response = client.post(
        "/account/sign-in",
        data={"email": "ana@example.org", "password": TEST_PASSWORD, "next": "/account/profile"},
    )
    assert response.headers["Location"] == "/account/profile"


def test_sign_out_needs_post(client, make_user):
    sign_in_as(client, make_user())
    assert client.get("/account/sign-out").status_code == 405
    assert client.post("/account/sign-out").status_code == 302
    assert client.get("/account/profile").status_code == 302


def test_password_reset_flow(client, make_user, outbox):
    make_user("ana@example.org", language="es")
    response = client.post("/account/reset", data={"email": "ANA@example.org"})
    assert response.status_code == 200
    [message] = outbox.to("ana@example.org")
    assert "nueva contraseña" in message["Subject"]
    link = outbox.link(message)

    assert client.get(link).status_code == 200
    response = client.post(
        link, data={"password": "otra frase secreta", "password_again": "otra frase secreta"}
    )
    assert response.status_code == 302
    ok = client.post(
        "/account/sign-in", data={"email": "ana@example.org", "password": "otra frase secreta"}
    )
    assert ok.status_code == 302

    # The same link cannot be used twice.
    again = client.get(link)
    assert again.status_code == 400
    # Signed in now, so the page follows her saved language: Spanish.
    assert "Este enlace ya se usó" in again.get_data(as_text=True)


def test_password_reset_for_unknown_email_sends_nothing(client, outbox):
    response = client.post("/account/reset", data={"email": "nobody@example.org"})
    assert response.status_code == 200
    assert "If an account exists" in response.get_data(as_text=True)
    assert outbox.messages() == []


def test_password_reset_link_expires_after_an_hour(client, make_user, outbox, monkeypatch):
    make_user("ana@example.org")
    client.post("/account/reset", data={"email": "ana@example.org"})
    link = outbox.link(outbox.to("ana@example.org")[0])
    assert services.RESET_MAX_AGE == 3600
    monkeypatch.setattr(services, "RESET_MAX_AGE", -1)
    response = client.get(link)
    assert response.status_code == 400
    assert "This link has expired" in response.get_data(as_text=True)


@pytest.mark.parametrize("token", ["nonsense", "a" * 500, "eyJ1IjoxfQ.AAAA.BBBB"])
def test_password_reset_link_tampered(client, token):
    response = client.get(f"/account/reset/{token}")
    assert response.status_code == 400
    assert "This link is not valid" in response.get_data(as_text=True)


def test_password_reset_refuses_weak_password(client, make_user, outbox):
    make_user("ana@example.org")
    client.post("/account/reset", data={"email": "ana@example.org"})
    link = outbox.link(outbox.to("ana@example.org")[0])
    response = client.post(link, data={"password": "short", "password_again": "short"})
    assert response.status_code == 400
    assert "Use at least 10 characters" in response.get_data(as_text=True)


def test_profile_edit(client, make_user):
    user = make_user()
    sign_in_as(client, user)
    response = client.post(
        "/account/profile",
        data={
            "name": "Ana Nueva",
            "country": "PA",
            "organisation": "",
            "sector": "government",
            "preferred_language": "es",
            "timezone": "America/Panama",
            "gender": "",
        },
    )
    assert response.status_code == 302
    db.session.refresh(user)
    assert (user.name, user.country, user.timezone, user.preferred_language) == (
        "Ana Nueva",
        "PA",
        "America/Panama",
        "es",
    )
    assert user.organisation is None and user.gender is None


def test_profile_refuses_unknown_timezone(client, make_user):
    sign_in_as(client, make_user())
    response = client.post(
        "/account/profile",
        data={
            "name": "Ana",
            "country": "PA",
            "sector": "government",
            "preferred_language": "es",
            "timezone": "Mars/Olympus",
        },
    )
    assert response.status_code == 400


def test_change_password_signs_out_other_sessions(app, client, make_user):
    user = make_user()
    other = app.test_client()
    sign_in_as(client, user)
    sign_in_as(other, user)
    wrong = client.post(
        "/account/password",
        data={
            "current_password": "not it",
            "password": "brand new phrase",
            "password_again": "brand new phrase",
        },
    )
    assert wrong.status_code == 400
    assert "The current password is not right" in wrong.get_data(as_text=True)
    response = client.post(
        "/account/password",
        data={
            "current_password": TEST_PASSWORD,
            "password": "brand new phrase",
            "password_again": "brand new phrase",
        },
    )
    assert response.status_code == 302
    assert client.get("/account/profile").status_code == 200
    assert other.get("/account/profile").status_code == 302


def test_the_real_password_hash_is_memory_hard(app_factory, tmp_path):
    from learning.platform.config import load_config

    default = load_config(tmp_path, {"PUENTE_ENV": "production", "SECRET_KEY": "x"})
    production_like = app_factory(PASSWORD_HASH_METHOD=default["PASSWORD_HASH_METHOD"])
    with production_like.app_context():
        hashed = services.hash_password("una frase bastante larga")
    # werkzeug's scrypt default: N=32768, r=8 -> 32 MiB per guess.
    assert hashed.startswith("scrypt:32768:8:1$")
