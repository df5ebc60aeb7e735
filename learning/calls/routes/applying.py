"""Applying: starting an application, its three steps (each saved as the person goes, no
script needed), the overview with the checklist and the eligibility reasons, submitting (the
receipt goes by e-mail), and withdrawing (confirmed on a page of its own)."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning.calls.blueprint import bp
from learning.calls.forms import DocumentForm, ProfileForm, ProposalForm, RefereeForm
from learning.calls.messages import MISSING, error_message
from learning.calls.models import CAREER_STAGES, Call, CallApplication, CallPlacement
from learning.calls.routes.common import signed_in_only, visible_call
from learning.calls.services import applications, eligibility, referees
from learning.calls.services.common import CallError, is_staff
from learning.calls.services.notices import send_receipt, send_referee_request
from learning.language.i18n import current_language
from learning.language.taxonomy import EU_MEMBER_STATES, PROGRAMME_COUNTRIES, SECTORS, country_name
from learning.platform.extensions import db
from learning.storage import services as storage
from learning.storage.models import StoredFile
from learning.storage.routes import accepts_upload, commit_with_files, save_file
from learning.web.forms import ActionForm
from learning.web.views import done, require_action_form

DOCUMENT_KIND = "call-document"
STEP_TITLES = {"profile": 1, "proposal": 2, "document": 3}


def _own(call_id: int) -> tuple[Call, CallApplication]:
    """The call and the reader's own application to it: 404 when they have none."""
    call = visible_call(call_id)
    signed_in_only()
    mine = applications.mine(current_user, call)
    if mine is None:
        abort(404)
    return call, mine


@bp.route("/<int:call_id>/apply", methods=["POST"])
def apply(call_id: int):
    """Signed-in people: start (or go back to) an application as a draft."""
    call = visible_call(call_id)
    signed_in_only()
    require_action_form()
    try:
        applications.start(current_user, call)
    except CallError as exc:
        flash(error_message(exc), "error")
        return done(url_for("calls.detail", call_id=call.id))
    db.session.commit()
    return done(url_for("calls.step", call_id=call.id, step="profile"))


def _next(call: Call, step: str) -> str:
    steps = applications.STEPS
    index = steps.index(step) + 1
    if index < len(steps):
        return url_for("calls.step", call_id=call.id, step=steps[index])
    return url_for("calls.application", call_id=call.id)


def _profile_form(mine: CallApplication) -> Any:
    language = current_language()
    form = ProfileForm()
    form.country.choices = [("", _("Choose a country"))] + [
        (code, country_name(code, language)) for code in (*PROGRAMME_COUNTRIES, *EU_MEMBER_STATES)
    ]
    form.sector.choices = [("", _("Choose a sector"))] + list(SECTORS.items())
    form.career_stage.choices = list(CAREER_STAGES.items())
    form.previous_award.choices = [("no", _("No")), ("yes", _("Yes"))]
    if request.method == "GET":
        form.country.data = mine.country or ""
        form.sector.data = mine.sector or ""
        form.career_stage.data = mine.career_stage or ""
        form.previous_award.data = {True: "yes", False: "no"}.get(mine.previous_award, "")
    return form


def _proposal_form(mine: CallApplication) -> Any:
    form = ProposalForm()
    if request.method == "GET":
        form.project_title.data = mine.project_title
        form.statement.data = mine.statement
        form.start_on.data = mine.start_on
    return form


def _save(step: str, form: Any, mine: CallApplication) -> tuple[str | None, int]:
    """Save the step's answers; (message, HTTP status) when refused."""
    if step == "profile":
        applications.save_profile(
            mine,
            applications.Profile(
                country=form.country.data or "",
                sector=form.sector.data or "",
                career_stage=form.career_stage.data or "",
                previous_award=form.previous_award.data or "",
            ),
        )
    elif step == "proposal":
        applications.save_proposal(
            mine,
            applications.Proposal(
                project_title=form.project_title.data or "",
                statement=form.statement.data or "",
                start_on=form.start_on.data,
            ),
        )
    else:
        upload = request.files.get("document")
        if upload is None or not upload.filename:
            if mine.document is not None:
                return None, 200
            return _("Choose a file to upload."), 400
        applications.check_editable(mine)
        file, error, status = save_file(
            upload, kind=DOCUMENT_KIND, allowed=applications.DOCUMENT_EXTENSIONS
        )
        if error is not None:
            return error, status
        applications.set_document(mine, file)
        commit_with_files(file)
    return None, 200


@bp.route("/<int:call_id>/application/<step>", methods=["GET", "POST"])
@accepts_upload("document")
def step(call_id: int, step: str):
    """The applicant: one step of their application, saved when they go on."""
    if step not in applications.STEPS:
        abort(404)
    call, mine = _own(call_id)
    form = {"profile": _profile_form, "proposal": _proposal_form}.get(
        step, lambda _mine: DocumentForm()
    )(mine)
    error, status = None, 200
    if request.method == "POST":
        if not form.validate_on_submit():
            status = 400
        else:
            try:
                error, status = _save(step, form, mine)
            except CallError as exc:
                db.session.rollback()
                error, status = error_message(exc), 409 if exc.code == "closed" else 400
            if error is None:
                db.session.commit()
                flash(_("Your answers are saved."), "success")
                return done(_next(call, step))
    return render_template(
        f"calls/step_{step}.html",
        call=call,
        text=call.text(),
        mine=mine,
        form=form,
        step=step,
        number=STEP_TITLES[step],
        error=error,
        limit=call.statement_limit,
    ), status


def referee_form(*, sent: bool = False) -> Any:
    """The form that names a referee: blank, or with what was just ``sent``."""
    form = RefereeForm() if sent else RefereeForm(formdata=None)
    form.referee_language.choices = [("es", _("Spanish")), ("en", _("English"))]
    if not sent:
        form.referee_language.data = current_language()
    return form


def _overview(
    call: Call, mine: CallApplication, error: str | None = None, status: int = 200, **forms: Any
):
    verdicts = eligibility.check(call, current_user, mine)
    return render_template(
        "calls/application.html",
        call=call,
        text=call.text(),
        mine=mine,
        missing=[MISSING[code] for code in applications.missing(mine)],
        verdicts=verdicts,
        eligible=eligibility.eligible(verdicts),
        deadline=referees.deadline(call),
        referee_form=forms.get("referee_form") or referee_form(),
        placement=db.session.scalar(
            db.select(CallPlacement).where(CallPlacement.application_id == mine.id)
        )
        if mine.decision == "selected"
        else None,
        form=ActionForm(),
        error=error,
    ), status


@bp.route("/<int:call_id>/application")
def application(call_id: int):
    """The applicant: their answers, the checklist of what is missing, each rule's verdict with
    its reason, and the button that submits."""
    return _overview(*_own(call_id))


@bp.route("/<int:call_id>/application/submit", methods=["POST"])
def submit(call_id: int):
    """The applicant: submit (or submit again after a change); the receipt goes by e-mail."""
    call, mine = _own(call_id)
    require_action_form()
    try:
        applications.submit(mine)
        asking = referees.to_request(mine)
    except CallError as exc:
        db.session.rollback()
        status = 409 if exc.code in ("closed", "not_open") else 400
        return _overview(call, mine, error_message(exc), status)
    db.session.commit()
    send_receipt(mine)
    for referee in asking:
        send_referee_request(referee, mine)
    flash(_("Your application is submitted. We have e-mailed you a receipt."), "success")
    return done(url_for("calls.application", call_id=call.id))


@bp.route("/<int:call_id>/application/withdraw", methods=["GET", "POST"])
def withdraw(call_id: int):
    """The applicant: withdraw the application (confirmed on this page)."""
    call, mine = _own(call_id)
    form = ActionForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        try:
            applications.withdraw(mine)
        except CallError as exc:
            db.session.rollback()
            flash(error_message(exc), "error")
            return done(url_for("calls.application", call_id=call.id))
        db.session.commit()
        flash(_("Your application is withdrawn."), "success")
        return done(url_for("calls.detail", call_id=call.id))
    return render_template("calls/withdraw.html", call=call, text=call.text(), form=form)


def document_access(user: Any, file: StoredFile) -> str:
    """Who may download a supporting document (the storage FILE_ACCESS rule): its applicant
    and staff; nobody else learns it exists."""
    owner = db.session.scalar(
        db.select(CallApplication.user_id).where(CallApplication.document_file_id == file.id)
    )
    if owner is not None and getattr(user, "id", None) == owner:
        return storage.ALLOW
    return storage.ALLOW if is_staff(user) else storage.HIDE
