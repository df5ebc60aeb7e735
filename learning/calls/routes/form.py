"""A call's own application form, for staff: its questions with a form to add one, changing
one, and removing one (with its answers), while the call is a draft or open."""

from __future__ import annotations

from typing import Any

from flask import flash, render_template, url_for
from flask_babel import gettext as _

from learning.calls.blueprint import bp
from learning.calls.forms import CallQuestionForm
from learning.calls.messages import error_message
from learning.calls.models import CALL_QUESTION_KINDS, Call, CallQuestion
from learning.calls.question_models import FILE_TYPES, MAX_FILE_MB
from learning.calls.routes.common import managed_call
from learning.calls.services import questions
from learning.calls.services.common import CallError
from learning.platform.extensions import db
from learning.web.forms import ActionForm
from learning.web.views import done, load_or_404, require_action_form
from learning.workshops.question_forms import fill_question_form, question_data


def _form(question: CallQuestion | None) -> Any:
    form = fill_question_form(CallQuestionForm(), question, CALL_QUESTION_KINDS)
    form.file_types.choices = list(FILE_TYPES.items())
    if question is not None and not form.is_submitted():
        form.file_types.data = question.file_types.split()
        form.max_megabytes.data = question.max_megabytes
    return form


def _save(call: Call, question: CallQuestion | None) -> Any:
    form = _form(question)
    error = None
    if form.validate_on_submit():
        data = questions.CallQuestionData(
            **vars(question_data(form)),
            file_types=list(form.file_types.data or []),
            max_megabytes=form.max_megabytes.data,
        )
        try:
            questions.save_question(call, question, data)
        except CallError as exc:
            db.session.rollback()
            error = error_message(exc)
        else:
            db.session.commit()
            flash(_("The question has been saved."), "success")
            return done(url_for("calls.form", call_id=call.id))
    return render_template(
        "calls/form.html",
        call=call,
        text=call.text(),
        question=question,
        questions=questions.questions_of(call) if question is None else [],
        form=form,
        action_form=ActionForm(),
        error=error,
        answered=questions.answer_counts(call),
        kinds=CALL_QUESTION_KINDS,
        file_types=FILE_TYPES,
        largest=MAX_FILE_MB,
        editable=call.status in questions.EDITABLE,
    ), 400 if error or form.errors else 200


@bp.route("/<int:call_id>/form", methods=["GET", "POST"], endpoint="form")
def form_page(call_id: int):
    """Staff: the questions of the call's application form, and a new one."""
    return _save(managed_call(call_id), None)


@bp.route("/<int:call_id>/form/<int:question_id>", methods=["GET", "POST"])
def form_question(call_id: int, question_id: int):
    """Staff: change a question (its answers stay unless its kind changes)."""
    call = managed_call(call_id)
    return _save(call, load_or_404(CallQuestion, question_id, call_id=call.id))


@bp.route("/<int:call_id>/form/<int:question_id>/delete", methods=["POST"])
def form_question_delete(call_id: int, question_id: int):
    """Staff: remove a question and its answers."""
    call = managed_call(call_id)
    require_action_form()
    question = load_or_404(CallQuestion, question_id, call_id=call.id)
    try:
        questions.delete_question(call, question)
    except CallError as exc:
        db.session.rollback()
        flash(error_message(exc), "error")
    else:
        db.session.commit()
        flash(_("The question and its answers have been removed."), "success")
    return done(url_for("calls.form", call_id=call.id))
