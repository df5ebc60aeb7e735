"""Error pages in the reader's language, for every error a person can meet."""

from __future__ import annotations

from flask import Flask, Response, current_app, g, make_response, render_template, request, session
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException

from learning.platform.extensions import db
from learning.web.navigation import layout_links

# The database cannot be reached, or refuses for now (restarting, locked, out of
# connections): the person gets a 503 to try again later, never a bare server error.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30

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


def render_error(code: int, detail: str | None = None, *, status: int | None = None) -> Response:
    """The error page for ``code`` with an optional extra sentence, answered with ``status``
    (default: ``code``); a 503 when the database cannot be reached to make it."""
    title, hint = MESSAGES.get(code, MESSAGES[500])
    try:
        html = render_template(
            "errors/error.html", code=code, title=title, hint=hint, detail=detail
        )
    except DATABASE_UNAVAILABLE as exc:  # the layout asks the database (header, settings)
        return database_unavailable(exc)
    return make_response(html, status or code)


def database_unavailable(exc: Exception) -> Response:
    """503 in the visitor's language, made without the database: nobody can be looked up,
    so the language comes from this browser's choice or Accept-Language, and the page has
    no layout (the header and the programme's name live in the database)."""
    current_app.logger.error("database unavailable: %s", exc)
    try:
        db.session.rollback()  # whatever the request wrote is dropped
    except DATABASE_UNAVAILABLE:
        pass
    g._login_user = current_app.login_manager.anonymous_user()  # Flask-Login would ask again
    language = _visitor_language()
    with force_locale(language):
        title, hint = (str(text) for text in MESSAGES[503])
        if _wants_json():
            response = make_response({"error": 503, "message": title}, 503)
        else:
            again = request.full_path if request.method in ("GET", "HEAD") else "/"
            html = current_app.jinja_env.get_template("errors/unavailable.html").render(
                language=language,
                title=title,
                hint=hint,
                stylesheet=layout_links().stylesheet,
                again=request.script_root + again.rstrip("?"),
                try_again=_("Try again"),
                code_line=_("Error %(code)s", code=503),
            )
            response = make_response(html, 503)
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _visitor_language() -> str:
    languages = list(current_app.config["LANGUAGES"])
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or "en"


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
    response = render_error(
        code if code in MESSAGES else (500 if code >= 500 else 400), status=code
    )
    # Keep Allow (405) and Retry-After (429) that the exception carries.
    for name, value in exc.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    if code == 429:
        response.headers.setdefault("Retry-After", retry_after(exc))
    return response


def retry_after(exc: HTTPException) -> str:
    """Seconds a rate-limited caller should wait at most: the window of the limit it hit.
    (Flask-Limiter's own headers would say it to the second, at the cost of two more trips to
    the limits' storage on every request; RATELIMIT_HEADERS_ENABLED turns them on.)"""
    limit = getattr(getattr(exc, "limit", None), "limit", None)
    return str(limit.get_expiry()) if limit is not None else str(RETRY_AFTER_SECONDS)


def _handle_csrf(exc: CSRFError) -> Response:
    return render_error(400, str(CSRF_MESSAGE))


def register_error_handlers(app: Flask) -> None:
    """Send every HTTP error (unexpected exceptions arrive as 500) to the error page."""
    app.register_error_handler(CSRFError, _handle_csrf)
    for error in DATABASE_UNAVAILABLE:
        app.register_error_handler(error, database_unavailable)
    app.register_error_handler(HTTPException, _handle_http)
