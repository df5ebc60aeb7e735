"""Referees: the applicant names them on their application's page (and may send the request
again), and a referee, without an account, uploads a letter through their signed link. Who may
download a letter: staff and the application's reviewers who declared no conflict; the
applicant never (the file is a 404 for them)."""

from __future__ import annotations

from typing import Any

from flask import flash, render_template, request, url_for
from flask_babel import gettext as _

from learning.calls.blueprint import bp
from learning.calls.forms import LetterForm
from learning.calls.messages import error_message
from learning.calls.models import CallApplication, CallReferee
from learning.calls.routes.applying import _overview, _own, referee_form
from learning.calls.services import referees
from learning.calls.services.common import CallError, is_staff
from learning.calls.services.notices import send_referee_request
from learning.platform.extensions import db
from learning.storage import services as storage
from learning.storage.models import StoredFile
from learning.storage.routes import accepts_upload, commit_with_files, save_file
from learning.web.forms import ActionForm
from learning.web.views import done, load_or_404, require_action_form


@bp.route("/<int:call_id>/application/referees", methods=["POST"])
def add_referee(call_id: int):
    """The applicant: name a referee (the request goes when they submit, or with "send")."""
    call, mine = _own(call_id)
    require_action_form()
    try:
        referee = referees.add(
            mine,
            request.form.get("referee_name", "")[:400],
            request.form.get("referee_email", "")[:400],
            request.form.get("referee_relation", "")[:400],
            request.form.get("referee_language", ""),
        )
    except CallError as exc:
        db.session.rollback()
        status = 409 if exc.code == "closed" else 400
        form = referee_form(sent=True)
        return _overview(call, mine, error_message(exc), status, referee_form=form)
    # Already submitted: the request goes now; otherwise with the submission.
    asking = referees.to_request(mine) if mine.state == "submitted" else []
    db.session.commit()
    if asking:
        send_referee_request(referee, mine)
        flash(_("The referee is named and the request is sent by e-mail."), "success")
    else:
        flash(_("The referee is named. The request goes by e-mail when you submit."), "success")
    return done(url_for("calls.application", call_id=call.id) + "#referees-title")


def _referee(mine: CallApplication, referee_id: int) -> CallReferee:
    """One of the applicant's own referees: 404 for anyone else's."""
    return load_or_404(CallReferee, referee_id, application_id=mine.id)


@bp.route("/<int:call_id>/application/referees/<int:referee_id>/remove", methods=["POST"])
def remove_referee(call_id: int, referee_id: int):
    """The applicant: take a referee off (their link stops working)."""
    call, mine = _own(call_id)
    require_action_form()
    referee = _referee(mine, referee_id)
    try:
        referees.remove(mine, referee)
    except CallError as exc:
        db.session.rollback()
        return _overview(call, mine, error_message(exc), 409 if exc.code == "closed" else 400)
    db.session.commit()
    flash(_("The referee is removed."), "success")
    return done(url_for("calls.application", call_id=call.id) + "#referees-title")


@bp.route("/<int:call_id>/application/referees/<int:referee_id>/send", methods=["POST"])
def send_referee(call_id: int, referee_id: int):
    """The applicant: send the request for a letter now (or again)."""
    call, mine = _own(call_id)
    require_action_form()
    referee = _referee(mine, referee_id)
    if mine.state == "withdrawn":
        return _overview(call, mine, error_message(CallError("withdrawn")), 400)
    try:
        referees.mark_requested(referee)
    except CallError as exc:
        db.session.rollback()
        return _overview(call, mine, error_message(exc), 409)
    db.session.commit()
    if send_referee_request(referee, mine):
        flash(_("The request is sent to %(name)s.", name=referee.name), "success")
    else:
        flash(_("The e-mail could not be sent right now. Please try again later."), "error")
    return done(url_for("calls.application", call_id=call.id) + "#referees-title")


def _letter_page(referee: CallReferee | None, message: str | None, status: int):
    application = db.session.get(CallApplication, referee.application_id) if referee else None
    call = application.call if application else None
    return render_template(
        "calls/referee.html",
        referee=referee,
        application=application,
        call=call,
        text=call.text(referee.language) if call else None,
        deadline=referees.deadline(call) if call else None,
        message=message,
        letter_form=LetterForm(formdata=None),
    ), status


@bp.route("/referees/<token>", methods=["GET", "POST"])
@accepts_upload(referees.LETTER_KIND)
def referee_letter(token: str):
    """A referee, through the signed link in their e-mail (no account): upload the letter, or
    replace it until the deadline."""
    try:
        referee = referees.from_token(token)
    except CallError as exc:
        return _letter_page(None, error_message(exc), 404 if exc.code == "bad_link" else 410)
    if request.method == "GET":
        return _letter_page(referee, None, 200)
    if not ActionForm().validate_on_submit():
        return _letter_page(
            referee,
            _("The form expired or was sent from another site. Reload the page and send it "
              "again."),
            400,
        )  # fmt: skip
    upload = request.files.get("letter")
    file, error, status = save_file(
        upload, kind=referees.LETTER_KIND, allowed=referees.LETTER_EXTENSIONS
    )
    if error is not None:
        if status == 400 and upload is not None and upload.filename:
            error = _("Upload your letter as a PDF file.") + " " + error
        return _letter_page(referee, error, status)
    try:
        referees.set_letter(referee, file)
    except CallError as exc:
        db.session.rollback()
        storage.discard_after_failed_commit([file])
        return _letter_page(None, error_message(exc), 410)
    commit_with_files(file)
    flash(_("Thank you: your letter is received. A new upload replaces it until the "
            "deadline."), "success")  # fmt: skip
    return done(url_for("calls.referee_letter", token=token))


def letter_access(user: Any, file: StoredFile) -> str:
    """Who may download a referee's letter (the storage FILE_ACCESS rule): staff, and the
    application's reviewers who declared no conflict; for everyone else, the applicant
    included, it does not exist."""
    if is_staff(user) or referees.may_read_letter(user, file):
        return storage.ALLOW
    return storage.HIDE
