"""Errors as RFC 9457 problem details (``application/problem+json``) in the caller's language:
Accept-Language first, then the token owner's saved language, then English."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Response, current_app, g, json, request
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

from learning.platform.extensions import db
from learning.web.errors import (
    DATABASE_UNAVAILABLE,
    RETRY_AFTER_SECONDS,
    database_unavailable,
    retry_after,
)

PREFIX = "/api/v1"
PROBLEM_TYPE = "application/problem+json"

TITLES = {
    400: _l("The request is not valid"),
    401: _l("A valid access token is needed"),
    403: _l("Your token does not allow this"),
    404: _l("Not found"),
    405: _l("This method is not allowed here"),
    406: _l("This response format is not available"),
    409: _l("This conflicts with the current state"),
    413: _l("What you sent is too large"),
    415: _l("This content type is not accepted"),
    422: _l("Some values are not valid"),
    429: _l("Too many requests"),
    500: _l("Something went wrong on our side"),
    503: _l("The service is not available right now"),
}
DETAILS = {
    401: _l(
        "Send a personal access token as 'Authorization: Bearer <token>'. Make one on your "
        "API tokens page; a revoked or expired token no longer works."
    ),
    403: _l("Make a token with the scope this operation needs."),
    404: _l("There is nothing here, or it is not available to you."),
    405: _l("See the Allow header for the methods this address accepts."),
    429: _l("Wait until the time in the Retry-After header before sending more requests."),
    500: _l("Nothing you sent caused this. Please try again in a moment."),
}
DATABASE_DOWN = _l(
    "The database cannot be reached right now, so nothing was saved. Try again in a minute."
)


class Problem(HTTPException):
    """An API error: ``status`` with a sentence ``detail`` (already translated, or lazy) and,
    for 422, ``errors``: {parameter name: message}."""

    def __init__(
        self, status: int, detail: Any = None, *, errors: dict[str, Any] | None = None
    ) -> None:
        super().__init__(description=None)
        self.code = status
        self.problem_detail = detail
        self.errors = errors or {}


def api_language() -> str:
    """Accept-Language when the caller sends one we offer, else the token owner's language,
    else English."""
    languages = list(current_app.config["LANGUAGES"])
    if request.headers.get("Accept-Language"):
        best = request.accept_languages.best_match(languages)
        if best:
            return best
    user = g.get("api_user")
    saved = getattr(user, "preferred_language", None)
    return saved if saved in languages else "en"


def problem_response(
    status: int, detail: Any = None, errors: dict[str, Any] | None = None
) -> Response:
    """The problem document for ``status`` in the caller's language."""
    with force_locale(api_language()):
        title = TITLES.get(status) or TITLES[400 if status < 500 else 500]
        body: dict[str, Any] = {
            "type": "about:blank",
            "title": str(title),
            "status": status,
            "detail": str(detail if detail is not None else DETAILS.get(status, title)),
            "instance": request.path,
        }
        if errors:
            body["errors"] = {name: str(text) for name, text in errors.items()}
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM_TYPE)
    response.headers["Content-Language"] = api_language()
    response.vary.add("Accept-Language")
    return response


def is_api_request() -> bool:
    """Whether this request is addressed to the API (including its unknown paths)."""
    return request.path == PREFIX or request.path.startswith(PREFIX + "/")


def _handle(exc: HTTPException) -> Response:
    status = exc.code or 500
    if status >= 500:
        db.session.rollback()  # nothing half-written survives an error
    if isinstance(exc, Problem):
        response = problem_response(status, exc.problem_detail, exc.errors)
    else:
        response = problem_response(status)
    for name, value in exc.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    if status == 429:
        response.headers.setdefault("Retry-After", retry_after(exc))
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="puente"'
    return response


def install(app: Any) -> None:
    """Answer every HTTP error under /api/v1 (unknown paths and methods included, which
    no blueprint handler sees) with problem+json; the pages keep their own error pages."""
    handlers = app.error_handler_spec.setdefault(None, {}).setdefault(None, {})
    pages: Callable[[HTTPException], Any] | None = handlers.get(HTTPException)

    def handle(exc: HTTPException) -> Any:
        if is_api_request():
            return _handle(exc)
        return pages(exc) if pages is not None else exc

    app.register_error_handler(HTTPException, handle)

    def unavailable(exc: Exception) -> Any:
        if not is_api_request():
            return database_unavailable(exc)
        app.logger.error("database unavailable: %s", exc)
        try:
            db.session.rollback()
        except DATABASE_UNAVAILABLE:
            pass
        g.api_user = None  # its language would be read from the database: Accept-Language only
        response = problem_response(503, DATABASE_DOWN)
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    for error in DATABASE_UNAVAILABLE:
        app.register_error_handler(error, unavailable)
