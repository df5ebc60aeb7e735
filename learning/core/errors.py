"""Error pages in the reader's language, for every error a person can meet."""

from __future__ import annotations

from flask import Flask, Response, make_response, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from learning.extensions import db

MESSAGES = {
    400: (
        _l("Something in the request was not right"),
        _l("Go back, check what you entered and try again."),
    ),
    401: (
        _l("Please sign in"),
        _l("You need to sign in to see this page."),
    ),
    403: (
        _l("You cannot do this"),
        _l("Your account does not have permission for this page or action."),
    ),
    404: (
        _l("Page not found"),
        _l(
            "The page does not exist or is not available to you. "
            "Check the address, or start again from the home page."
        ),
    ),
    405: (
        _l("That action is not possible here"),
        _l("This address does not accept that kind of request. Use the buttons on the page."),
    ),
    413: (
        _l("The file or form is too large"),
        _l("What you sent is over the size limit. Send a smaller file or less text."),
    ),
    429: (
        _l("Too many attempts"),
        _l("Please wait a few minutes before trying again."),
    ),
    500: (
        _l("Something went wrong on our side"),
        _l(
            "Nothing you did caused this. Please try again in a moment; "
            "if it happens again, tell the programme team."
        ),
    ),
    503: (
        _l("The service is not available right now"),
        _l(
            "A part of the platform cannot be reached. Nothing was saved; "
            "please try again in a few minutes."
        ),
    ),
}

CSRF_MESSAGE = _l(
    "The form expired or was sent from another site. Reload the page and send it again."
)


def render_error(code: int, detail: str | None = None) -> Response:
    """The error page for ``code`` with an optional extra sentence."""
    title, hint = MESSAGES.get(code, MESSAGES[500])
    html = render_template("errors/error.html", code=code, title=title, hint=hint, detail=detail)
    return make_response(html, code)


def _wants_json() -> bool:
    return request.path in ("/healthz", "/readyz") or (
        request.accept_mimetypes.best == "application/json"
    )


def _handle_http(exc: HTTPException) -> Response:
    code = exc.code or 500
    if code >= 500:
        # Whatever the request wrote is dropped: nothing half-written survives an error.
        db.session.rollback()
    if _wants_json():
        title = MESSAGES.get(code, MESSAGES[500])[0]
        return make_response({"error": code, "message": str(title)}, code)
    response = render_error(code if code in MESSAGES else (500 if code >= 500 else 400))
    response.status_code = code
    # Keep Allow (405) and Retry-After (429) that the exception carries.
    for name, value in exc.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def _handle_csrf(exc: CSRFError) -> Response:
    return render_error(400, str(CSRF_MESSAGE))


def register_error_handlers(app: Flask) -> None:
    """Send every HTTP error (unexpected exceptions arrive as 500) to the error page."""
    app.register_error_handler(CSRFError, _handle_csrf)
    app.register_error_handler(HTTPException, _handle_http)
