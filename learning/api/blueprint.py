"""The API's two blueprints, and how an operation is declared once for both Flask and the
OpenAPI document.

``api`` holds the HTML pages (the documentation and a person's tokens; CSRF as everywhere);
``api_v1`` holds the resources under /api/v1, authenticated by bearer token only, so it is
exempt from CSRF and never reads the session cookie. It is a flask-smorest blueprint: each
resource is declared with :func:`operation`, which wraps the view in the token check, the
scope check, the per-token rate limit and the caller's language, and documents it with
flask-smorest's own decorators (``route``, ``response``, ``alt_response``, ``doc``). The
document is then built by flask-smorest and apispec (learning/api/spec.py).

The views answer with ready responses (JSON made by the services, a stored file), so
flask-smorest only documents their bodies: the schemas are JSON Schema components (OpenAPI
3.1's own language), and the query parameters are checked by the views, whose refusals are
problem details in the caller's language.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import wraps
from typing import Any

import flask_smorest
from flask import Blueprint, current_app, request
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from learning.api import auth as bearer
from learning.api import ratelimit
from learning.api.problems import PROBLEM_TYPE, TITLES, Problem, api_language
from learning.api.schema_parts import CODE, DATE_PATTERN, ID, MAX_ID, TEXT, ref, steady
from learning.language.taxonomy import GENDERS, REGIONS, SECTORS, THEMES
from learning.platform.extensions import limiter

bp = Blueprint("api", __name__, url_prefix="/api")
v1 = flask_smorest.Blueprint("api_v1", __name__, url_prefix="/api/v1")

DEFAULT_RATE = "600 per minute"
UNKNOWN_PARAMETER = _l("This parameter is not known here.")
SUCCESS = _l("Success")
NOT_MODIFIED = _l("Not modified since the ETag you sent.")
NEXT_LINK = _l('The next page, as rel="next".')
# A stored file's answers besides 200: a range of it, or the store's own address.
FILE_ANSWERS = {
    206: _l("Part of the file (a Range was asked for)."),
    302: _l("Download it from the storage's address."),
    416: _l("The Range asked for is outside the file."),
}
PATH_DOCS = {
    "event_id": _l("The event's id."),
    "workshop_id": _l("The workshop's id."),
    "edition_id": _l("The edition's id."),
    "code": _l("The certificate's code, as printed on it."),
    "output_id": _l("The research output's id."),
    "file_id": _l("The file's id, from the output's list of files."),
    "call_id": _l("The call's id."),
    "organisation_id": _l("The organisation's id."),
    "user_id": _l("The person's id."),
}
# The query parameters an operation may name: (JSON Schema, what it means).
PARAMETERS: dict[str, tuple[dict[str, Any], Any]] = {
    "after": (
        {"type": "integer", "minimum": 0, "maximum": MAX_ID, "default": 0},
        _l("Return the items after this id (from the previous page's next link)."),
    ),
    "limit": (
        {"type": "integer", "minimum": 1, "maximum": 100, "default": 20},
        _l("How many items per page, 1 to 100."),
    ),
    "q": (
        {"type": "string"},
        _l(
            "Words to search for (accents and capitals do not matter); the first 200 "
            "characters count."
        ),
    ),
    "since": (
        {"type": "string", "format": "date", "pattern": f"^{DATE_PATTERN}$"},
        _l("The first day of the period (YYYY-MM-DD)."),
    ),
    "until": (
        {"type": "string", "format": "date", "pattern": f"^{DATE_PATTERN}$"},
        _l(
            "The last day of the period (YYYY-MM-DD). A period that ends before it starts "
            "holds no days: its figures are 0."
        ),
    ),
    "region": ({"enum": list(REGIONS)}, _l("Only people from this country or region.")),
    "sector": ({"enum": list(SECTORS)}, _l("Only people of this sector.")),
    "gender": ({"enum": list(GENDERS)}, _l("Only people of this gender.")),
    "theme": ({"enum": list(THEMES)}, _l("Only workshops, events and outputs of this theme.")),
    "workshop": (
        {"type": "integer", "minimum": 1, "maximum": 999_999_999},
        _l("Only this workshop (its id)."),
    ),
    "edition": (
        {"type": "integer", "minimum": 1, "maximum": 999_999_999},
        _l("Only this edition (its id)."),
    ),
}
# 405: werkzeug answers an id too large for the database (which no rule matches) as a method
# not allowed when another method's rule shares the path. 429: the rate limit. 503: the
# database (or for files, the store) cannot be reached.
ALWAYS = (405, 429, 503)


def _rate() -> str:
    return str(current_app.config.get("API_RATE_LIMIT", DEFAULT_RATE))


def _path_parameters(rule: str) -> list[dict[str, Any]]:
    """Each variable of ``rule`` (Flask syntax), an id or a code, with what it means."""
    return [
        {
            "name": name,
            "in": "path",
            "required": True,
            "description": PATH_DOCS.get(name, ""),
            "schema": dict(ID) if converter == "int" else dict(CODE),
        }
        for converter, name in re.findall(r"<(?:([a-z]+):)?([a-z_]+)>", rule)
    ]


def _query_parameters(names: tuple[str, ...]) -> list[dict[str, Any]]:
    return [
        {
            "name": name,
            "in": "query",
            "required": False,
            "description": PARAMETERS[name][1],
            "schema": PARAMETERS[name][0],
        }
        for name in names
    ]


def _security(needs: str) -> list[dict[str, list[str]]]:
    if needs == "none":
        return []
    if needs == "optional":
        return [{}, {"bearerAuth": []}]
    return [{"bearerAuth": []}]


def operation(
    rule: str,
    *,
    operation_id: str,
    summary: Any,
    tag: str,
    response: str | None,
    method: str = "GET",
    status: int = 200,
    auth: str = "optional",
    scope: str | None = None,
    query: tuple[str, ...] = (),
    description: Any = "",
    errors: tuple[int, ...] = (),
    paged: bool = False,
    conditional: bool = True,
    media: str = "application/json",
    body: str | None = None,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare an API operation on ``rule`` (Flask syntax).

    ``response`` names the component schema of the 2xx body (None for none, or a file of
    type ``media``); ``auth`` is "none", "optional" (public data: a token sent along must be
    valid) or "required"; ``scope`` is the one needed beyond read; ``query`` names the
    query parameters (from PARAMETERS), any other is refused; ``errors`` adds answers beyond
    those every operation of its kind has; ``paged`` adds the Link header; ``conditional``
    answers If-None-Match with 304; ``body`` names the schema of a multipart request body.
    """
    path_parameters = steady(_path_parameters(rule))
    allowed = set(query)
    is_file = media != "application/json"
    answers = dict(FILE_ANSWERS) if is_file else {}
    if conditional or is_file:
        answers[304] = NOT_MODIFIED
    codes = {*ALWAYS, *errors}
    if auth != "none":
        codes |= {401, 403}
    if scope:
        codes.add(403)
    if path_parameters:
        codes.add(404)
    if query:
        codes.add(422)
    manual: dict[str, Any] = {
        "operationId": operation_id,
        "summary": summary,
        "security": _security(auth),
    }
    if query:
        manual["parameters"] = _query_parameters(query)
    if description:
        manual["description"] = description
    if scope:
        manual["x-scope"] = scope
    if response is None and is_file:
        manual["responses"] = {status: {"content": {media: {}}}}
    if body is not None:
        manual["requestBody"] = {
            "required": True,
            "content": {
                "multipart/form-data": {
                    "schema": ref(body),
                    "encoding": {"files": {"contentType": "application/octet-stream"}},
                }
            },
        }

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        # Counted per caller in batches (learning/api/ratelimit.py): no trip to the limits'
        # storage on most calls.
        limited = limiter.limit(
            _rate,
            key_func=bearer.rate_key,
            exempt_when=ratelimit.counted_here(_rate, bearer.rate_key),
            cost=ratelimit.cost,
            on_breach=ratelimit.refused(bearer.rate_key),
        )(view)

        @wraps(view)
        def guarded(**arguments: Any) -> Any:
            bearer.authenticate(required=auth == "required", scope=scope)
            with force_locale(api_language()):
                unknown = sorted(set(request.args) - allowed)
                if unknown:
                    raise Problem(422, errors=dict.fromkeys(unknown, UNKNOWN_PARAMETER))
                return limited(**arguments)

        # The docstring is for developers; the document says the translated summary.
        guarded.__doc__ = None
        documented: Callable[..., Any] = guarded
        for code, text in answers.items():
            documented = v1.alt_response(code, description=steady(text))(documented)
        for code in sorted(codes):
            documented = v1.alt_response(
                code,
                schema=ref("Problem"),
                content_type=PROBLEM_TYPE,
                description=steady(TITLES[code]),
            )(documented)
        documented = v1.response(
            status,
            None if response is None else ref(response),
            content_type=None if not is_file else media,
            description=steady(SUCCESS),
            headers=steady({"Link": {"description": NEXT_LINK, "schema": TEXT}}) if paged else None,
        )(documented)
        documented = v1.doc(**steady(manual))(documented)
        v1.route(
            rule,
            endpoint=operation_id,
            methods=[method],
            tags=[tag],
            parameters=path_parameters,
        )(documented)
        return view

    return decorate
