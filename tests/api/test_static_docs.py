"""The API's documentation as static files (issue 21): the committed files are what
``flask api docs`` makes now, /api/ serves the reader's language with an ETag, and no page
loads a script or a style sheet from another host."""

from __future__ import annotations

import json
import re

import pytest

from learning.api import static_docs
from tests.conftest import signed_in_client

REGENERATE = (
    "static/api/{name} is not what `flask api docs` makes now (the API, its texts or "
    "the layout changed): run `PUENTE_ENV=development .venv/bin/flask --app wsgi api docs` "
    "and commit static/api/."
)


def test_the_committed_files_are_what_the_command_makes_now(app, tmp_path):
    written = static_docs.write(app, tmp_path)
    names = sorted(path.name for path in written)
    languages = app.config["LANGUAGES"]
    assert names == sorted([*(f"docs.{code}.html" for code in languages), "openapi.json"])
    committed = static_docs.folder(app)
    for path in written:
        kept = committed / path.name
        assert kept.is_file(), REGENERATE.format(name=path.name)
        assert kept.read_bytes() == path.read_bytes(), REGENERATE.format(name=path.name)


def test_the_command_writes_the_same_bytes_twice(app, tmp_path):
    result = app.test_cli_runner().invoke(args=["api", "docs", "--output", str(tmp_path / "a")])
    assert result.exit_code == 0, result.output
    assert "docs.es.html" in result.output
    again = static_docs.build(app)
    for name, data in again.items():
        assert (tmp_path / "a" / name).read_bytes() == data


def test_flask_api_docs_is_the_one_command_that_writes_the_document(app):
    # flask-smorest's own `flask openapi` could not write the translated texts: it is not
    # offered.
    result = app.test_cli_runner().invoke(args=["openapi", "print"])
    assert result.exit_code != 0
    assert "No such command" in result.output


def test_the_document_is_the_one_the_api_serves_by_default(app, api):
    served = api().get("/api/v1/openapi.json").get_json()  # no Accept-Language: English
    text = (static_docs.folder(app) / "openapi.json").read_text("utf-8")
    assert text.startswith('{\n "components"') and text.endswith("}\n")
    assert json.loads(text) == served


@pytest.mark.parametrize(
    ("header", "language", "words"),
    [("es-MX,es;q=0.9", "es", "Operaciones"), ("en", "en", "Operations")],
)
def test_the_page_is_the_static_file_in_the_readers_language(app, client, header, language, words):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = header
    response = client.get("/api/")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert response.headers["Content-Language"] == language
    assert "Accept-Language" in response.headers["Vary"]
    body = response.get_data()
    assert body == (static_docs.folder(app) / f"docs.{language}.html").read_bytes()
    assert f'<html lang="{language}">' in body.decode()
    assert words in body.decode()
    # The app's security headers are kept.
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_the_language_switch_picks_the_file(app, client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.get("/language/es?next=/api/")
    page = client.get("/api/").get_data(as_text=True)
    assert '<html lang="es">' in page and "Operaciones" in page


def test_a_signed_in_readers_saved_language_picks_the_file(app, make_user):
    browser = signed_in_client(app, make_user(language="es"), language="en")
    assert '<html lang="es">' in browser.get("/api/").get_data(as_text=True)


def test_the_page_answers_304_to_its_etag(client):
    first = client.get("/api/")
    etag = first.headers["ETag"]
    assert etag
    again = client.get("/api/", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es"
    other = client.get("/api/", headers={"If-None-Match": etag})
    assert other.status_code == 200  # the other language's file has another ETag


@pytest.mark.parametrize("language", ["es", "en"])
def test_no_script_or_style_comes_from_another_host(app, language):
    page = (static_docs.folder(app) / f"docs.{language}.html").read_text("utf-8")
    loads = re.findall(r"<(?:script|link)\b[^>]*>", page, flags=re.IGNORECASE)
    assert loads, "the page links its style sheet"
    for tag in loads:
        assert not re.search(r"(?:src|href)\s*=\s*[\"']?(?:https?:)?//", tag, re.I), tag
    assert not re.search(r"<script\b[^>]*\bsrc=[\"']?(?:https?:)?//", page, re.I)
    assert not re.search(r"@import\s+(?:url\()?[\"']?(?:https?:)?//", page, re.I)
    # Links to the app's static files carry no content hash, which would change per build.
    assert '<link rel="stylesheet" href="/static/css/puente.css">' in page
    assert "?v=" not in page
