"""The API's HTML pages: its documentation (static files that ``flask api docs`` renders from
the OpenAPI document it serves: learning/api/static_docs.py), the document itself, and a
person's personal access tokens (make one and see it once, list, revoke after confirming)."""

from __future__ import annotations

from io import BytesIO

from flask import abort, current_app, flash, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from learning.api import static_docs
from learning.api.blueprint import bp
from learning.api.forms import TokenForm
from learning.api.models import ApiToken
from learning.api.services import tokens
from learning.language.i18n import current_language
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db, limiter
from learning.web.forms import ActionForm
from learning.web.views import done, load_or_404


def profile_link() -> tuple[str, str]:
    """The link to a person's tokens on their profile page."""
    return _("Your API tokens"), url_for("api.token_list")


@bp.route("/")
def docs():
    """Anyone: the API's documentation in the reader's language, a static file made by
    ``flask api docs`` from the same document the API serves (If-None-Match with its ETag
    gets 304)."""
    language = current_language()
    if language not in current_app.config["LANGUAGES"]:
        language = current_app.config["BABEL_DEFAULT_LOCALE"]
    found = static_docs.page(current_app, language)
    if found is None:
        abort(404)
    data, etag, modified = found
    # From memory, not an open file: nothing is left open when a response is never read.
    response = send_file(
        BytesIO(data),
        mimetype="text/html",
        conditional=True,
        etag=etag,
        last_modified=modified,
        max_age=None,
    )
    response.headers["Content-Language"] = language
    response.vary.update(("Accept-Language", "Cookie"))
    return response


@bp.route("/tokens", methods=["GET", "POST"])
@login_required
@limiter.limit("30 per hour", methods=["POST"])
def token_list():
    """Signed-in people: their tokens, and the form to make one (shown once when made)."""
    form = TokenForm()
    made = None
    error = None
    if form.validate_on_submit():
        scopes = {"events:write"} if form.events_write.data else set()
        if form.enrolments_write.data:
            scopes.add("enrolments:write")
        if form.research_write.data:
            scopes.add("research:write")
        days = int(form.days.data) if (form.days.data or "").isdigit() else 0
        try:
            made = tokens.create(current_user, name=form.name.data, scopes=scopes, days=days)
        except tokens.TokenError as exc:
            db.session.rollback()
            error = _message(exc.code)
        else:
            db.session.commit()
            form = TokenForm(formdata=None)
    failed = bool(error or form.errors)
    return render_template(
        "api/tokens.html",
        form=form,
        made=made,
        error=error,
        rows=tokens.listing(current_user),
        now=utcnow(),
    ), 400 if failed else (201 if made else 200)


def _message(code: str) -> str:
    return {
        "no_name": _("Give the token a name of at most 100 characters."),
        "bad_scope": _("Choose scopes from the list."),
        "bad_lifetime": _("Choose how long the token lasts from the list."),
        "too_many": _("You have 20 tokens that still work. Revoke one before making another."),
        "already_revoked": _("This token was already revoked."),
    }[code]


@bp.route("/tokens/<int:token_id>/revoke", methods=["GET", "POST"])
@login_required
def revoke(token_id: int):
    """The token's owner: revoke it, after confirming on this page; anyone else's is a 404."""
    row = load_or_404(ApiToken, token_id, user_id=current_user.id)
    form = ActionForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        try:
            tokens.revoke(row, by=current_user)
        except tokens.TokenError as exc:
            db.session.rollback()
            flash(_message(exc.code), "error")
        else:
            db.session.commit()
            flash(_("The token is revoked: it no longer works."), "success")
        return done(url_for("api.token_list"))
    return render_template("api/revoke.html", row=row, form=form)
