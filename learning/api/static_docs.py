"""The API's documentation as static files (issue 21): ``flask api docs`` renders
templates/api/docs.html once per language into static/api/docs.<language>.html and writes the
OpenAPI document beside it (static/api/openapi.json); /api/ serves the reader's file.

The files are committed, and tests/api/test_static_docs.py fails when they differ from what
the command makes now. So they must depend only on the code and the configuration, never on
the database or the day they were made:

- the page is rendered for a visitor (no one signed in) at /api/, outside any kept fragment
  (the kept header and footer are made afresh, reading no cache generations from the
  database);
- the programme's name, contact and funding note come from the configuration, not from the
  settings an administrator changed in the database (the API's title already does); the
  committed files use the defaults (no PROGRAMME_NAME, CONTACT_EMAIL… in the environment);
- links to the app's static files lose their ``?v=<content hash>``: a change to the style
  sheet must not make the documentation stale (without it the file is revalidated, never
  kept a year: learning/platform/static_files.py).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from flask import Flask, current_app, g, json, render_template, request
from flask_babel import force_locale

from learning.api.spec import SCOPE_DOCS, document
from learning.platform.settings import configured_programme

# The language the OpenAPI document is written in: the one /api/v1/openapi.json answers a
# caller who names none.
DOCUMENT_LANGUAGE = "en"
DOCUMENT_NAME = "openapi.json"


def folder(app: Flask) -> Path:
    """Where the files live: static/api/."""
    return Path(app.static_folder or "static") / "api"


def page_name(language: str) -> str:
    """The documentation page's file name in ``language``: docs.es.html."""
    return f"docs.{language}.html"


def page(app: Flask, language: str) -> tuple[bytes, str, float] | None:
    """The page in ``language`` as /api/ serves it: its bytes, an ETag made from them, and
    when the file last changed; None when there is no such file. Kept per app until the file
    changes (one ``stat`` per request)."""
    path = folder(app) / page_name(language)
    try:
        stat = path.stat()
    except OSError:
        return None
    kept: dict[str, tuple[tuple[int, int], tuple[bytes, str, float]]]
    kept = app.extensions.setdefault("api_static_docs", {})
    stamp = (stat.st_mtime_ns, stat.st_size)
    found = kept.get(language)
    if found is None or found[0] != stamp:
        data = path.read_bytes()
        etag = hashlib.sha256(data).hexdigest()[:20]
        found = kept[language] = (stamp, (data, etag, stat.st_mtime))
    return found[1]


def build(app: Flask) -> dict[str, bytes]:
    """``{file name: bytes}`` of every file: a page per configured language, the document."""
    files: dict[str, bytes] = {}
    for language in app.config["LANGUAGES"]:
        files[page_name(language)] = _render(app, language).encode("utf-8")
    files[DOCUMENT_NAME] = _document_json(app).encode("utf-8")
    return files


def write(app: Flask, target: Path | None = None) -> list[Path]:
    """Write the files into ``target`` (default static/api/); returns their paths."""
    target = target or folder(app)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in build(app).items():
        path = target / name
        path.write_bytes(data)
        written.append(path)
    return written


def _render(app: Flask, language: str) -> str:
    # A context of its own (a fresh ``g``), even when the caller is inside one (tests).
    with app.app_context(), app.test_request_context("/api/"), force_locale(language):
        g._cache_generations = {}  # no token: kept fragments are made afresh (cache.fragment)
        g._programme = configured_programme()  # settings.programme() reads this first
        html = render_template("api/docs.html", spec=document(), scopes=SCOPE_DOCS)
        return _unversioned(html)


def _document_json(app: Flask) -> str:
    with app.app_context(), app.test_request_context("/api/v1/openapi.json"):
        with force_locale(DOCUMENT_LANGUAGE):
            spec = document()
        return json.dumps(spec, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


def _unversioned(html: str) -> str:
    """``html`` with the ``?v=<hash>`` taken off every link to the app's static files."""
    prefix = re.escape(f"{request.script_root}{current_app.static_url_path}/")
    return re.sub(rf"({prefix}[^\"'?#\s]*)\?v=[0-9a-f]+(?=[\"'])", r"\1", html)
