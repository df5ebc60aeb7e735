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
from learning.calls.messages import error_message, missing_message
from learning.calls.models import CAREER_STAGES, Call, CallAnswer, CallApplication, CallPlacement
from learning.calls.routes.common import signed_in_only, visible_call
from learning.calls.services import applications, eligibility, questions, referees, review
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
ANSWER_KIND = "call-answer"
STEP_TITLES = {"profile": 1, "proposal": 2, "document": 3, "questions": 4}


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
    steps = applications.steps_of(call)
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


def _posted(form: Any, save: Any) -> tuple[str | None, int]:
    """A step's POST: (message, status) of ``save()`` when the form is valid; a refusal rolls
    back (409 once the call has closed). (None, 200) for a GET or a step saved."""
    if request.method != "POST":
        return None, 200
    if not form.validate_on_submit():
        return None, 400
    try:
        return save()
    except CallError as exc:
        db.session.rollback()
        return error_message(exc), 409 if exc.code == "closed" else 400


@bp.route("/<int:call_id>/application/<step>", methods=["GET", "POST"])
@accepts_upload("document")
def step(call_id: int, step: str):
    """The applicant: one step of their application, saved when they go on."""
    if step not in applications.STEPS or step == "questions":
        abort(404)
    call, mine = _own(call_id)
    form = {"profile": _profile_form, "proposal": _proposal_form}.get(
        step, lambda _mine: DocumentForm()
    )(mine)
    error, status = _posted(form, lambda: _save(step, form, mine))
    if request.method == "POST" and status == 200:
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
        steps=len(applications.steps_of(call)),
        error=error,
        limit=call.statement_limit,
    ), status


def _save_answers(mine: CallApplication, asked: list) -> tuple[str | None, int]:
    """Keep the answers sent (a draft: required ones may wait) and each file chosen; on a
    refusal nothing of this request stays. Returns (message, HTTP status) when refused.

    The files are stored first, each row committed on its own session: on SQLite that must
    happen before this request's session writes (it would hold the database's write lock)."""
    applications.check_editable(mine)
    raw = {str(q.id): request.form.get(f"q_{q.id}", "") for q in asked}
    values = questions.check_draft(asked, raw)
    stored: dict[int, StoredFile] = {}
    for question in (q for q in asked if q.kind == "file"):
        upload = request.files.get(f"q_{question.id}")
        if upload is None or not upload.filename:
            continue
        file, error, status = save_file(upload, kind=ANSWER_KIND, allowed=question.types)
        if file is not None:
            stored[question.id] = file
            try:
                questions.check_file(question, file)
            except CallError as exc:
                error, status = error_message(exc), 413
        if error is not None:
            for row in stored.values():
                storage.abandon_upload(row)
            return error, status
    try:
        questions.save_draft(mine, values, stored)
    except Exception:
        db.session.rollback()
        for row in stored.values():
            storage.abandon_upload(row)
        raise
    commit_with_files(*stored.values())
    return None, 200


@bp.route("/<int:call_id>/application/questions", methods=["GET", "POST"])
@accepts_upload(ANSWER_KIND)
def questions_step(call_id: int):
    """The applicant: the call's own questions (its last step), saved when they go on."""
    call, mine = _own(call_id)
    asked = questions.questions_of(call)
    if not asked:
        abort(404)
    form = ActionForm()
    error, status = _posted(form, lambda: _save_answers(mine, asked))
    if request.method == "POST" and status == 200:
        flash(_("Your answers are saved."), "success")
        return done(_next(call, "questions"))
    given = questions.answers_of(mine)
    return render_template(
        "calls/step_questions.html",
        call=call,
        text=call.text(),
        mine=mine,
        form=form,
        step="questions",
        number=STEP_TITLES["questions"],
        steps=len(applications.steps_of(call)),
        error=error,
        asked=asked,
        # A refused try shows what was sent, not what was kept before it.
        given={q.id: request.form.get(f"q_{q.id}", "") for q in asked}
        if request.method == "POST"
        else {qid: a.value for qid, a in given.items()},
        files={qid: a.file for qid, a in given.items() if a.file is not None},
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
    read = questions.to_read(mine)
    asked = {q.id: q for q in read[0]}
    verdicts = eligibility.check(call, current_user, mine)
    return render_template(
        "calls/application.html",
        call=call,
        text=call.text(),
        mine=mine,
        missing=[missing_message(code, asked) for code in applications.missing(mine, read)],
        asked=asked,
        answers=read[1],
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
    """Who may download a supporting document (the storage FILE_ACCESS rule): its applicant,
    staff, and the application's reviewers who declared no conflict (their page links to it);
    nobody else learns it exists."""
    found = db.session.execute(
        db.select(CallApplication.id, CallApplication.user_id).where(
            CallApplication.document_file_id == file.id
        )
    ).first()
    if is_staff(user) or (found is not None and getattr(user, "id", None) == found.user_id):
        return storage.ALLOW
    if found is not None and review.reviews_application(user, found.id):
        return storage.ALLOW
    return storage.HIDE


def answer_access(user: Any, file: StoredFile) -> str:
    """Who may download a file answering a call's question (the storage FILE_ACCESS rule):
    its applicant, staff, and the application's reviewers who declared no conflict; nobody
    else learns it exists."""
    answer = db.session.scalar(db.select(CallAnswer).where(CallAnswer.file_id == file.id))
    if answer is None:
        return storage.ALLOW if is_staff(user) else storage.HIDE
    if getattr(user, "id", None) == answer.user_id or is_staff(user):
        return storage.ALLOW
    if review.reviews_application(user, answer.application_id):
        return storage.ALLOW
    return storage.HIDE
