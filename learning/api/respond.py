"""How API responses are made: JSON with an ETag (If-None-Match answers 304), keyset paging
with a ``Link`` header, and the query parameters checked (a bad one is a 422)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Response, g, json, request, url_for
from flask_babel import lazy_gettext as _l

from learning.api.problems import Problem, api_language
from learning.api.schema_parts import MAX_ID
from learning.platform import cache

NOT_A_NUMBER = _l("Give a whole number.")
OUT_OF_RANGE = _l("Give a whole number from %(low)s to %(high)s.")
LIMITS = {"after": (0, MAX_ID, 0), "limit": (1, 100, 20)}


def paging() -> tuple[int, int]:
    """``after`` and ``limit`` from the query string. Raises Problem 422 naming each bad one."""
    values, errors = {}, {}
    for name, (low, high, default) in LIMITS.items():
        given = request.args.getlist(name)
        if not given:
            values[name] = default
            continue
        raw = given[0]
        if len(given) > 1 or not raw.isascii() or not raw.isdigit() or len(raw) > 12:
            errors[name] = NOT_A_NUMBER
            continue
        number = int(raw)
        if not low <= number <= high:
            errors[name] = OUT_OF_RANGE % {"low": low, "high": high}
        values[name] = number
    if errors:
        raise Problem(422, errors=errors)
    return values["after"], values["limit"]


def kept(kinds: tuple[str, ...], make: Callable[[], Any]) -> str:
    """The JSON of ``make()``, kept per generation of ``kinds`` (learning/platform/cache.py)
    for this address, language and kind of caller (with a token or without): public data is
    the same for every caller of a kind, so it is made once per change, as the pages are."""
    key = ("api", request.host_url, request.full_path, api_language(), g.api_token is not None)
    return cache.fragment(kinds, key, lambda: json.dumps(make()))


def body_response(body: str, status: int = 200, *, conditional: bool = True) -> Response:
    """``body`` (JSON text) in the caller's language; 304 when If-None-Match names its ETag."""
    response = Response(body, status=status, mimetype="application/json")
    response.headers["Content-Language"] = api_language()
    response.vary.update(("Accept-Language", "Authorization"))
    response.cache_control.no_cache = True
    if conditional and status == 200:
        response.add_etag()
        response.make_conditional(request)
    return response


def json_response(data: Any, status: int = 200, *, conditional: bool = True) -> Response:
    """``data`` as JSON (see ``body_response``)."""
    return body_response(json.dumps(data), status, conditional=conditional)


def page_data(items: list[Any], more: bool, last_id: int | None, limit: int) -> dict[str, Any]:
    """A page of ``items``; when ``more``, the next page's address in ``next``."""
    following = None
    if more and last_id is not None:
        arguments = {**(request.view_args or {}), "after": last_id, "limit": limit}
        following = url_for(request.endpoint or "", _external=True, **arguments)
    return {"items": items, "next": following}


def _next_of(body: str) -> str | None:
    """The ``next`` of a page's JSON without decoding its items: keys are sorted, so the
    top-level ``next`` is the text's last key (the whole text is decoded if that fails)."""
    at = body.rfind('"next":')
    if at != -1 and body.endswith("}"):
        try:
            found = json.loads(body[at + len('"next":') : -1])
        except ValueError:
            found = False
        if found is None or isinstance(found, str):
            return found
    return json.loads(body)["next"]


def page_response(body: str) -> Response:
    """A page (JSON text made by ``page_data``), its next page also in the ``Link`` header."""
    response = body_response(body)
    following = _next_of(body) if response.status_code == 200 else None
    if following:
        response.headers["Link"] = f'<{following}>; rel="next"'
    return response
