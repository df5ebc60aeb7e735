"""Home, language, security headers, error pages, health checks and configuration."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from learning import create_app
from learning.accounts.models import User
from learning.events.models import Event
from learning.platform.config import ConfigError, load_config
from learning.platform.extensions import db
from learning.research.models import ResearchOutput
from learning.workshops.models import Workshop
from learning.workshops.services import authoring, curriculum, lessons
from learning.workshops.services.authoring import WorkshopData
from learning.workshops.services.common import Texts
from learning.workshops.services.curriculum import ModuleData
from learning.workshops.services.lessons import LessonData
from tests.conftest import sign_in_as

ROOT = Path(__file__).resolve().parent.parent


def test_home_offers_its_doors(client):
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert 'href="/account/register"' in page and 'href="/account/sign-in' in page
    assert "Funded by the European Union" in page
    assert 'href="#main"' in page and '<main id="main"' in page


def test_layout_links_follow_where_the_app_is_mounted(client, make_user):
    """The layout's fixed links are built once per mount point, never reused across them."""
    sign_in_as(client, make_user())
    for prefix in ("", "/puente", ""):
        page = client.get("/", base_url=f"http://puente.test{prefix}").get_data(as_text=True)
        for link in (
            'class="brand" href="{p}/"',
            'href="{p}/static/css/puente.css?v=',
            'href="{p}/workshops/"',
            'href="{p}/account/profile"',
            'action="{p}/account/sign-out"',
            'href="{p}/privacy"',
        ):
            assert link.format(p=prefix) in page, (prefix, link)
        if not prefix:
            assert "/puente/" not in page


NAV = ["workshops.catalogue", "research.search", "enrolment.my_learning"]
ADMIN_NAV = ["dashboard.index", "admin.users"]


@pytest.mark.parametrize(
    ("role", "shown"),
    [(None, NAV[:2]), ("participant", NAV), ("trainer", NAV), ("admin", NAV + ADMIN_NAV)],
)
def test_main_navigation_shows_each_person_their_entries(app, client_for, role, shown):
    from flask import url_for

    page = client_for(role).get("/workshops/").get_data(as_text=True)
    nav = page.split('class="main-nav"', 1)[1].split('class="account-menu"', 1)[0]
    with app.test_request_context():
        urls = {endpoint: url_for(endpoint) for endpoint in NAV + ADMIN_NAV}
    assert [e for e in NAV + ADMIN_NAV if f'href="{urls[e]}"' in nav] == shown
    assert nav.count('aria-current="page"') == 1
    assert f'href="{urls["workshops.catalogue"]}" aria-current="page"' in nav


def test_home_is_small(client):
    response = client.get("/")
    with client.get("/static/css/puente.css") as css:
        total = len(response.data) + len(css.data)
    assert total < 60 * 1024, f"home page weighs {total} bytes"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("es-MX,es;q=0.9,en;q=0.8", "es"),
        ("en-GB,en;q=0.9", "en"),
        ("fr-FR,fr;q=0.9", "en"),
        ("", "en"),
        ("de,es;q=0.5", "es"),
    ],
)
def test_accept_language_picks_the_page_language(client, header, expected):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = header
    assert f'<html lang="{expected}">' in client.get("/").get_data(as_text=True)


def test_explicit_choice_beats_accept_language(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = client.get("/language/es?next=/account/sign-in")
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/sign-in"
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="es">' in page
    assert "Financiado por la Unión Europea" in page
    assert "Iniciar sesión" in page


def test_saved_preference_beats_choice_and_switch_saves_it(client, make_user):
    user = make_user(language="en")
    sign_in_as(client, user)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es"
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)
    client.get("/language/es")
    db.session.refresh(user)
    assert user.preferred_language == "es"
    assert '<html lang="es">' in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("code", ["fr", "xx", "es-MX", "../etc"])
def test_language_we_do_not_have_is_404(client, code):
    assert client.get(f"/language/{code}").status_code == 404


def test_language_switch_ignores_off_site_next(client):
    response = client.get("/language/es?next=https://evil.example/")
    assert response.headers["Location"] == "/"


def test_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp and "frame-src 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_security_headers_once_each_and_a_views_own_kept(app_factory):
    app = app_factory()

    @app.get("/_framed")
    def _framed():
        return "x", 200, {"X-Frame-Options": "SAMEORIGIN"}

    client = app.test_client()
    plain = client.get("/")
    assert "Strict-Transport-Security" not in plain.headers  # not over plain HTTP
    secure = client.get("/_framed", base_url="https://puente.test")
    assert secure.headers.getlist("X-Frame-Options") == ["SAMEORIGIN"]
    assert len(secure.headers.getlist("Content-Security-Policy")) == 1
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_a_nul_byte_is_never_a_server_error(client, make_user):
    """PostgreSQL refuses NUL in text: searches treat it as a space, filters name it as
    not recognised, and an address holding one is not found."""
    signed_in = sign_in_as(client.application.test_client(), make_user(roles=["admin"]))
    for browser in (client, signed_in):
        assert browser.get("/workshops/?q=%00").status_code == 200
        assert browser.get("/workshops/?q=datos%00abiertos").status_code == 200
        assert browser.get("/research/?q=a%00b").status_code == 200
        assert browser.get("/workshops/?theme=%00").status_code == 400
        assert browser.get("/workshops/datos%00").status_code == 404
        assert browser.get("/workshops/" + "x" * 500).status_code == 404
        assert browser.get("/research/?q=%00&organisation=%00").status_code == 200
        assert browser.get("/research/?theme=%00").status_code == 200
    # The admin's searches: every query parameter reads a NUL as a space.
    assert signed_in.get("/admin/users?q=%00").status_code == 200
    assert signed_in.get("/admin/users?q=ana%00").status_code == 200
    assert signed_in.get("/admin/audit?who=a%00@x.org").status_code == 200


def test_pages_have_no_inline_script(client):
    for path in ("/", "/account/sign-in", "/account/register", "/nope"):
        page = client.get(path).get_data(as_text=True)
        assert "<script>" not in page and " on" + "click=" not in page


def test_session_cookie_flags(client, make_user):
    from tests.conftest import TEST_PASSWORD

    make_user("ana@example.org")
    response = client.post(
        "/account/sign-in", data={"email": "ana@example.org", "password": TEST_PASSWORD}
    )
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # testing runs over plain HTTP


def test_production_cookies_are_secure(tmp_path):
    config = load_config(tmp_path, {"PUENTE_ENV": "production", "SECRET_KEY": "k" * 32})
    assert config["SESSION_COOKIE_SECURE"] and config["REMEMBER_COOKIE_SECURE"]
    assert config["SESSION_COOKIE_HTTPONLY"]


def test_refuses_to_start_without_secret_key_outside_development(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app({"PUENTE_ENV": "production"})


def test_refusal_is_one_line_from_the_command_line(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY",)}
    env["PUENTE_ENV"] = "production"
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "routes"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    lines = [line for line in result.stderr.strip().splitlines() if line.strip()]
    assert lines == [
        "Puente cannot start: SECRET_KEY is not set: set it to a long random value "
        "(outside development the app refuses to start without it)"
    ]


def test_unknown_environment_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="PUENTE_ENV"):
        load_config(tmp_path, {"PUENTE_ENV": "staging"})


def test_development_secret_is_made_once(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = load_config(tmp_path, {"PUENTE_ENV": "development"})["SECRET_KEY"]
    second = load_config(tmp_path, {"PUENTE_ENV": "development"})["SECRET_KEY"]
    assert first == second and len(first) >= 32


@pytest.mark.parametrize(
    ("language", "title"), [("en", "Page not found"), ("es", "Página no encontrada")]
)
def test_404_page_in_both_languages(client, language, title):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert title in response.get_data(as_text=True)


def test_405_page_keeps_allow_header(client):
    response = client.delete("/")
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]
    assert "That action is not possible here" in response.get_data(as_text=True)


def test_body_over_the_size_limit_is_413_with_a_message(client):
    response = client.post(
        "/account/sign-in", data={"email": "a@example.org", "password": "x" * (3 * 1024 * 1024)}
    )
    assert response.status_code == 413
    assert "over the size limit" in response.get_data(as_text=True)


def test_missing_csrf_token_is_refused(app_factory):
    app = app_factory(WTF_CSRF_ENABLED=True)
    with app.app_context():
        client = app.test_client()
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es"
        response = client.post("/account/sign-in", data={"email": "a@example.org", "password": "x"})
        assert response.status_code == 400
        assert "El formulario caducó" in response.get_data(as_text=True)


def test_csrf_token_from_the_page_is_accepted(app_factory):
    import re

    app = app_factory(WTF_CSRF_ENABLED=True)
    with app.app_context():
        client = app.test_client()
        page = client.get("/account/sign-in").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        response = client.post(
            "/account/sign-in",
            data={"email": "a@example.org", "password": "x", "csrf_token": token},
        )
        # Past CSRF: refused for the credentials, not the token.
        assert response.status_code == 400
        assert "The e-mail or the password is not right" in response.get_data(as_text=True)


def test_500_page_in_the_reader_language(app_factory):
    app = app_factory(PROPAGATE_EXCEPTIONS=False)

    @app.route("/boom")
    def boom():
        raise RuntimeError("boom")

    with app.app_context():
        client = app.test_client()
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es"
        response = client.get("/boom")
    assert response.status_code == 500
    assert "Algo salió mal de nuestro lado" in response.get_data(as_text=True)


def _unreachable(database_url: str) -> str:
    """A database of the same kind that cannot be reached."""
    if database_url.startswith("postgresql"):
        return "postgresql+psycopg://postgres@127.0.0.1:1/puente"  # nothing listens on port 1
    return "sqlite:////nonexistent-puente-folder/puente.db"  # the folder does not exist


def test_database_down_is_a_503_in_the_reader_language(app_factory, database_url):
    """Every page asks the database (the signed-in person, the cache's generations, the
    header): when it cannot be reached the person gets a page saying so, in their language,
    made without it; not a bare server error."""
    down = app_factory(SQLALCHEMY_DATABASE_URI=_unreachable(database_url))
    browser = down.test_client()
    cases = [
        ("get", "/", "es", "El servicio no está disponible en este momento"),
        ("get", "/workshops/?q=datos", "en", "The service is not available right now"),
        ("get", "/no-such-page", "es", "No se guardó nada"),  # the 404 page needs it too
        ("post", "/account/sign-in", "en", "Nothing was saved"),
    ]
    for method, path, language, words in cases:
        response = getattr(browser, method)(path, headers={"Accept-Language": language})
        assert response.status_code == 503, path
        assert int(response.headers["Retry-After"]) > 0  # a rate-limited form may say more
        page = response.get_data(as_text=True)
        assert words in page and f'<html lang="{language}">' in page
    assert 'href="/workshops/?q=datos"' in browser.get("/workshops/?q=datos").get_data(True)
    as_json = browser.get("/workshops/", headers={"Accept": "application/json"})
    assert as_json.status_code == 503 and as_json.get_json()["error"] == 503
    assert browser.get("/healthz").status_code == 200  # the process itself answers
    assert browser.get("/readyz").get_json()["failed"] == ["database"]


def test_rate_limit_on_sign_in(client):
    for _ in range(10):
        response = client.post("/account/sign-in", data={"email": "a@example.org", "password": "x"})
        assert response.status_code == 400
    response = client.post("/account/sign-in", data={"email": "a@example.org", "password": "x"})
    assert response.status_code == 429
    assert "Too many attempts" in response.get_data(as_text=True)
    assert response.headers["Retry-After"] == "60"  # the window of "10 per minute"


def test_rate_limit_on_password_reset(client):
    for _ in range(5):
        client.post("/account/reset", data={"email": "a@example.org"})
    assert client.post("/account/reset", data={"email": "a@example.org"}).status_code == 429


@pytest.mark.skipif(
    not os.environ.get("TEST_REDIS_URL"), reason="needs TEST_REDIS_URL (CI sets it)"
)
def test_rate_limits_are_shared_through_redis(app_factory):
    import redis

    url = os.environ["TEST_REDIS_URL"]
    redis.Redis.from_url(url).flushdb()
    first = app_factory(RATELIMIT_STORAGE_URI=url)
    second = app_factory(RATELIMIT_STORAGE_URI=url)
    data = {"email": "a@example.org", "password": "x"}
    # Two app processes (here two app objects) behind a load balancer share one counter.
    for i in range(10):
        app = first if i % 2 else second
        with app.app_context():
            assert app.test_client().post("/account/sign-in", data=data).status_code == 400
    with first.app_context():
        assert first.test_client().post("/account/sign-in", data=data).status_code == 429
    redis.Redis.from_url(url).flushdb()


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok"}


def test_readyz_when_all_is_well(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json["checks"] == {"database": "ok", "storage": "ok", "queue": "ok"}


def test_readyz_names_the_database_when_it_is_down(app_factory, tmp_path):
    app = app_factory(SQLALCHEMY_DATABASE_URI="postgresql+psycopg://nobody@127.0.0.1:1/none")
    with app.app_context():
        response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json["failed"] == ["database"]


def test_readyz_names_the_object_store_when_it_is_down(app_factory):
    app = app_factory(
        STORAGE_BACKEND="s3",
        S3_BUCKET="nowhere",
        S3_ENDPOINT_URL="http://127.0.0.1:1",
        S3_REGION="us-east-1",
    )
    with app.app_context():
        response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json["failed"] == ["storage"]


def test_privacy_notice_in_both_languages(client):
    assert "Privacy notice" in client.get("/privacy").get_data(as_text=True)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es"
    assert "Aviso de privacidad" in client.get("/privacy").get_data(as_text=True)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        # Named as people say it (issue 22), not "hora de México (Ciudad de México)".
        ("es", "12 mar 2026, 10:00 (hora de Ciudad de México)"),
        ("en", "Mar 12, 2026, 10:00\u202fAM (Mexico City time)"),
    ],
)
def test_times_are_shown_with_the_place_named(app, language, expected):
    from datetime import UTC, datetime

    from learning.language.i18n import format_when

    moment = datetime(2026, 3, 12, 16, 0, tzinfo=UTC)
    with app.test_request_context(headers={"Accept-Language": language}):
        assert format_when(moment) == expected
        assert "Madrid" in format_when(moment, tz="Europe/Madrid")


def test_home_puts_forward_workshops_events_and_research(app, client):
    """With the demo loaded, visitors and signed-in people alike see featured workshops (with
    their covers), upcoming events and recent research, each linking to its page."""
    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    published = list(db.session.scalars(select(Workshop).where(Workshop.status == "published")))
    events = list(db.session.scalars(select(Event).where(Event.status == "published")))
    outputs = list(
        db.session.scalars(
            select(ResearchOutput)
            .where(ResearchOutput.state == "published", ResearchOutput.access == "public")
            .order_by(ResearchOutput.published_at.desc(), ResearchOutput.id.desc())
        )
    )
    participant = db.session.scalar(select(User).where(User.email == "participant@demo.puente"))
    english = ("Featured workshops", "Upcoming events", "Recent research")
    spanish = ("Talleres destacados", "Próximos eventos", "Investigación reciente")
    visitor_en, visitor_es = app.test_client(), app.test_client()
    visitor_en.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    visitor_es.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es"
    signed_in = sign_in_as(app.test_client(), participant)  # reads in Spanish
    for reader, words in ((visitor_en, english), (visitor_es, spanish), (signed_in, spanish)):
        page = reader.get("/").get_data(as_text=True)
        assert all(word in page for word in words), words
        shown = [w for w in published if f'href="/workshops/{w.slug}"' in page]
        assert len(shown) >= 3
        assert all(f'src="/files/{w.cover.id}/' in page for w in shown)
        assert any(f'href="/events/{e.id}"' in page for e in events)
        assert f'href="/research/{outputs[0].id}"' in page
        assert "Gobernanza digital" not in page  # the draft
    assert 'id="continue-title"' in page  # the signed-in reader's own panel stays


def test_home_sections_follow_a_publication(app, client, make_user):
    """The home page is kept per language, and renewed when the workshops change."""
    assert "Featured workshops" not in client.get("/").get_data(as_text=True)
    trainer = make_user(roles={"trainer"})
    workshop = authoring.save_workshop(
        None,
        WorkshopData(
            slug="nuevo",
            texts={"en": Texts(title="A new workshop", summary="Fresh")},
            themes=["climate"],
            audiences=["journalists"],
            teaching_languages=["en"],
            format="online",
            estimated_hours=2,
            trainer_ids=[trainer.id],
        ),
        author=trainer,
    )
    module = curriculum.save_module(workshop, None, ModuleData(texts={"en": Texts(title="M")}))
    lessons.save_lesson(
        module, None, LessonData(kind="text", texts={"en": Texts(title="L", body="Text")})
    )
    db.session.commit()
    assert "A new workshop" not in client.get("/").get_data(as_text=True)  # a draft
    authoring.publish(workshop)
    db.session.commit()
    page = client.get("/").get_data(as_text=True)
    assert "Featured workshops" in page and 'href="/workshops/nuevo"' in page
