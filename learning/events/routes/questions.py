"""The registration form's custom questions, for who runs the event: the list with a form to
add one, changing one, and removing one (with its answers)."""

from __future__ import annotations

from typing import Any

from flask import flash, render_template, url_for
from flask_babel import gettext as _

from learning.events.blueprint import bp
from learning.events.forms import QuestionForm
from learning.events.messages import error_message
from learning.events.models import QUESTION_KINDS, Event, EventQuestion
from learning.events.routes.common import managed_event
from learning.events.services import questions
from learning.events.services.common import EventError
from learning.platform.extensions import db
from learning.web.forms import ActionForm
from learning.web.views import done, load_or_404, require_action_form
from learning.workshops.question_forms import fill_question_form, question_data


def _save(event: Event, question: EventQuestion | None) -> Any:
    form = fill_question_form(QuestionForm(), question, QUESTION_KINDS)
    error = None
    if form.validate_on_submit():
        try:
            questions.save_question(event, question, question_data(form))
        except EventError as exc:
            db.session.rollback()
            error = error_message(exc)
        else:
            db.session.commit()
            flash(_("The question has been saved."), "success")
            return done(url_for("events.questions", event_id=event.id))
    return render_template(
        "events/questions.html",
        event=event,
        text=event.text(),
        question=question,
        questions=questions.questions_of(event.id) if question is None else [],
        form=form,
        action_form=ActionForm(),
        error=error,
        answered=questions.answer_counts(event.id),
        kinds=QUESTION_KINDS,
    ), 400 if error or form.errors else 200


@bp.route("/<int:event_id>/questions", methods=["GET", "POST"], endpoint="questions")
def questions_page(event_id: int):
    """Who runs the event: the questions asked when people register, and a new one."""
    return _save(managed_event(event_id), None)


@bp.route("/<int:event_id>/questions/<int:question_id>", methods=["GET", "POST"])
def question_edit(event_id: int, question_id: int):
    """Who runs the event: change a question (its answers stay unless its kind changes)."""
    event = managed_event(event_id)
    return _save(event, load_or_404(EventQuestion, question_id, event_id=event.id))


@bp.route("/<int:event_id>/questions/<int:question_id>/delete", methods=["POST"])
def question_delete(event_id: int, question_id: int):
    """Who runs the event: remove a question and its answers."""
    event = managed_event(event_id)
    require_action_form()
    questions.delete_question(load_or_404(EventQuestion, question_id, event_id=event.id))
    db.session.commit()
    flash(_("The question and its answers have been removed."), "success")
    return done(url_for("events.questions", event_id=event.id))
