"""Quizzes: participants submit an attempt and see the feedback (trainers: a preview); the
workshop's authors set a quiz's pass mark, attempts and role, and add and remove questions."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning.completion.blueprint import bp
from learning.completion.forms import QuestionForm, QuizSettingsForm
from learning.completion.messages import MESSAGES
from learning.completion.routes.common import refuse
from learning.completion.services import quizzes
from learning.completion.services.common import CompletionError, recording_enrolment
from learning.platform.extensions import db
from learning.web.forms import ActionForm, plain_values
from learning.web.views import done, message, require_action_form
from learning.workshops.access import editable as _editable
from learning.workshops.access import followable as _followable
from learning.workshops.access import lesson as _lesson
from learning.workshops.models import Lesson, Workshop
from learning.workshops.services.curriculum import lesson_place, load_curriculum


def _answers() -> dict[str, list[str]]:
    """The answers as posted (one field per question, so not a form's fields), cleaned as
    form fields are: they are kept with the attempt."""
    posted = plain_values(request.form)
    return {key: posted.getlist(key) for key in posted if key != "csrf_token"}


@bp.route("/workshops/<slug>/lessons/<int:lesson_id>/quiz", methods=["POST"])
def submit_quiz(slug: str, lesson_id: int):
    """Enrolled participants: submit an attempt and see the feedback (trainers: a preview)."""
    workshop = _followable(slug)
    lesson = _lesson(workshop, lesson_id)
    require_action_form()
    if lesson.kind != "quiz":
        return refuse(CompletionError("not_quiz"))
    enrolment = recording_enrolment(current_user, workshop)
    answers = _answers()
    try:
        if enrolment is None:
            qs = quizzes.questions(lesson)
            if not qs:
                raise CompletionError("no_questions")
            verdicts = quizzes.judge(qs, answers)
            attempt = None
            made: list[Any] = []
        else:
            attempt, verdicts = quizzes.submit_attempt(enrolment, lesson, answers)
            made = quizzes.attempts(enrolment, lesson)
    except CompletionError as exc:
        db.session.rollback()
        return refuse(exc)
    db.session.commit()
    score = round(100 * sum(v.correct for v in verdicts) / len(verdicts))
    settings = quizzes.settings_for(lesson)
    passed = score >= settings.pass_mark
    # Passed: the way on is the next lesson (the pages of the workshop offer it too).
    following = (
        lesson_place(load_curriculum(workshop, outline=True), lesson.id).following
        if passed
        else None
    )
    return render_template(
        "completion/quiz_result.html",
        workshop=workshop,
        lesson=lesson,
        text=lesson.text(),
        verdicts=verdicts,
        attempt=attempt,
        score=score,
        passed=passed,
        following=following,
        settings=settings,
        best=max((a.score for a in made), default=None),
        left=quizzes.attempts_left(lesson, len(made)) if attempt else None,
        preview=enrolment is None,
        # Those who may edit the quiz always; participants as the quiz's settings say.
        show_right=enrolment is None or quizzes.shows_answers(settings, passed=passed),
    )


@bp.route("/workshops/<slug>/lessons/<int:lesson_id>/quiz/edit")
def quiz_edit(slug: str, lesson_id: int):
    """The workshop's authors: a quiz's settings and questions."""
    workshop = _editable(slug)
    lesson = _lesson(workshop, lesson_id, kind="quiz")
    return _quiz_page(workshop, lesson)


def _quiz_page(
    workshop: Workshop,
    lesson: Lesson,
    settings_form: Any = None,
    question_form: Any = None,
    error: str | None = None,
    status: int = 200,
) -> Any:
    settings = quizzes.settings_for(lesson)
    if settings_form is None:
        settings_form = QuizSettingsForm(
            formdata=None,
            pass_mark=settings.pass_mark,
            max_attempts=settings.max_attempts,
            role=settings.role or "",
            reveal=settings.reveal,
        )
    return render_template(
        "completion/quiz_edit.html",
        workshop=workshop,
        lesson=lesson,
        text=lesson.text(),
        questions=quizzes.questions(lesson),
        settings_form=settings_form,
        question_form=question_form or QuestionForm(formdata=None),
        action_form=ActionForm(),
        error=error,
    ), status


def _edit_url(workshop: Workshop, lesson: Lesson) -> str:
    return url_for("completion.quiz_edit", slug=workshop.slug, lesson_id=lesson.id)


@bp.route("/workshops/<slug>/lessons/<int:lesson_id>/quiz/settings", methods=["POST"])
def quiz_settings(slug: str, lesson_id: int):
    """The workshop's authors: pass mark, attempt limit and pre/post-test role."""
    workshop = _editable(slug)
    lesson = _lesson(workshop, lesson_id, kind="quiz")
    form = QuizSettingsForm()
    if not form.validate_on_submit():
        return _quiz_page(workshop, lesson, settings_form=form, status=400)
    try:
        quizzes.save_settings(
            lesson,
            pass_mark=form.pass_mark.data,
            max_attempts=form.max_attempts.data,
            role=form.role.data or None,
            reveal=form.reveal.data or "",
        )
    except CompletionError as exc:
        db.session.rollback()
        return _quiz_page(
            workshop, lesson, settings_form=form, error=message(exc, MESSAGES), status=400
        )
    db.session.commit()
    flash(_("The quiz settings have been saved."), "success")
    return done(_edit_url(workshop, lesson))


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _question_data(form: QuestionForm) -> quizzes.QuestionData:
    spanish = _lines(form.choices_es.data)
    english = _lines(form.choices_en.data)
    choices = []
    for index in range(max(len(spanish), len(english))):
        es = spanish[index] if index < len(spanish) else ""
        en = english[index] if index < len(english) else ""
        correct = es.startswith("*") or (not es and en.startswith("*"))
        labels = {k: v.lstrip("*").strip() for k, v in (("es", es), ("en", en)) if v.strip("* ")}
        choices.append((labels, correct))
    return quizzes.QuestionData(
        kind=form.kind.data or "",
        prompts={"es": form.prompt_es.data or "", "en": form.prompt_en.data or ""},
        feedback={"es": form.feedback_es.data or "", "en": form.feedback_en.data or ""},
        choices=choices,
        true_answer=form.true_answer.data != "false",
        accepted=_lines(form.accepted.data),
    )


@bp.route("/workshops/<slug>/lessons/<int:lesson_id>/quiz/questions", methods=["POST"])
def question_add(slug: str, lesson_id: int):
    """The workshop's authors: add a question at the end of the quiz."""
    workshop = _editable(slug)
    lesson = _lesson(workshop, lesson_id, kind="quiz")
    form = QuestionForm()
    if not form.validate_on_submit():
        return _quiz_page(workshop, lesson, question_form=form, status=400)
    try:
        quizzes.add_question(lesson, _question_data(form))
    except CompletionError as exc:
        db.session.rollback()
        return _quiz_page(
            workshop, lesson, question_form=form, error=message(exc, MESSAGES), status=400
        )
    db.session.commit()
    flash(_("The question has been added."), "success")
    return done(_edit_url(workshop, lesson))


@bp.route(
    "/workshops/<slug>/lessons/<int:lesson_id>/quiz/questions/<int:question_id>/delete",
    methods=["POST"],
)
def question_delete(slug: str, lesson_id: int, question_id: int):
    """The workshop's authors: remove a question (attempts already made are kept)."""
    workshop = _editable(slug)
    lesson = _lesson(workshop, lesson_id, kind="quiz")
    require_action_form()
    question = next((q for q in quizzes.questions(lesson) if q.id == question_id), None)
    if question is None:
        abort(404)
    quizzes.delete_question(question)
    db.session.commit()
    flash(_("The question has been removed."), "success")
    return done(_edit_url(workshop, lesson))
