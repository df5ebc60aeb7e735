"""Static files with cache-busting URLs and far-future caching.

At start every file under ``static/`` is hashed once (SHA-256 of its bytes, 10 hex characters).
``url_for('static', filename=...)`` then adds ``?v=<hash>`` by itself, so a changed file gets a
new URL. A request that carries the current version is answered with
``Cache-Control: public, max-age=31536000, immutable``; one without it (or with an old version)
keeps Flask's default revalidation, so a stale URL never pins an old file for a year.
No compression here: a reverse proxy or CDN in front gzips text responses.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from flask import Flask, Response, current_app, request

ONE_YEAR = 31_536_000


def file_versions(folder: str | Path) -> dict[str, str]:
    """``{relative posix path: short content hash}`` for every file under ``folder``."""
    root = Path(folder)
    versions: dict[str, str] = {}
    if not root.is_dir():
        return versions
    for path in sorted(root.rglob("*")):
        if path.is_file():
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
            versions[path.relative_to(root).as_posix()] = digest
    return versions


def init_app(app: Flask) -> None:
    """Hash the static files once and version their URLs."""
    app.extensions["static_versions"] = file_versions(app.static_folder or "")
    app.url_defaults(_add_version)
    app.after_request(_cache_headers)


def _add_version(endpoint: str, values: dict[str, Any]) -> None:
    if endpoint != "static" or "v" in values:
        return
    version = current_app.extensions["static_versions"].get(values.get("filename", ""))
    if version:
        values["v"] = version


def _cache_headers(response: Response) -> Response:
    if request.endpoint != "static" or response.status_code != 200:
        return response
    filename = (request.view_args or {}).get("filename", "")
    version = current_app.extensions["static_versions"].get(filename)
    if version and request.args.get("v") == version:
        response.cache_control.public = True
        response.cache_control.max_age = ONE_YEAR
        response.cache_control.immutable = True
        response.cache_control.no_cache = None
    return response
