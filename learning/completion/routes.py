"""Completion pages: marking lessons, quizzes, attendance, the completion rule, the report,
certificates (PDF, public verification, Open Badges) and the survey.

Who may: participants record their own progress in workshops they are enrolled in (the
workshop's trainers and admins may preview, nothing is recorded); the workshop's trainers and
admins author quizzes, mark attendance, set the rule and read the report; admins revoke
certificates; anyone may verify a certificate by its code. A draft workshop is a 404 for those
who may not see it; an unknown or malformed certificate code is a plain 404.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flask import Blueprint, Response, abort, flash, jsonify, redirect, render_template, request
from flask import url_for as flask_url_for
from flask_babel import get_timezone
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from learning.audit import services as audit
from learning.completion import badges, certificates, services
from learning.completion.forms import (
    PlainForm,
    QuestionForm,
    QuizSettingsForm,
    RevokeForm,
    RuleForm,
    SurveyForm,
)
from learning.completion.messages import CERTIFICATE_LANGUAGE_LABELS, FUNNEL_LABELS, MESSAGES
from learning.completion.models import Certificate
from learning.completion.services import CompletionError
from learning.language.content import languages
from learning.language.i18n import date_formatter
from learning.platform import cache
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.storage.store import private_download
from learning.web.csvutil import export_rows
from learning.web.errors import render_error
from learning.web.forms import plain_values
from learning.web.pagination import page_number
from learning.web.views import message
from learning.workshops.access import editable as _editable
from learning.workshops.access import editable_facts, edition_facts
from learning.workshops.access import followable as _followable
from learning.workshops.access import lesson as _lesson
from learning.workshops.access import sign_in as _sign_in
from learning.workshops.access import visible as _visible
from learning.workshops.models import Edition, Lesson, Workshop
from learning.workshops.services.permissions import can_edit

bp = Blueprint("completion", __name__)

REPORT_PAGE = 50


def _refuse(error: CompletionError) -> Response:
    status = 409 if error.code in ("no_attempts_left", "already_answered") else 400
    return render_error(status, message(error, MESSAGES))


# Loading and checking ------------------------------------------------------------------------


def _edition(workshop: Workshop, edition_id: int) -> Edition:
    edition = db.session.get(Edition, edition_id)
    if edition is None or edition.workshop_id != workshop.id:
        abort(404)
    return edition


def _csrf() -> None:
    if not PlainForm().validate_on_submit():
        abort(400)


def _lesson_url(workshop: Workshop, lesson: Lesson) -> str:
    return flask_url_for("workshops.lesson", slug=workshop.slug, lesson_id=lesson.id)


def _done(target: str) -> Response:
    return redirect(target, 303)


# Marking lessons ---------------------------------------------------------------------------


@bp.route("/workshops/<slug>/lessons/<int:lesson_id>/complete", methods=["POST"])
def mark(slug: str, lesson_id: int):
    """Enrolled participants: mark a text, video or reading lesson as done."""
    workshop = _followable(slug)
    lesson = _lesson(workshop, lesson_id)
    _csrf()
    enrolment = services.recording_enrolment(current_user, workshop)
    if enrolment is None:
        flash(_("Preview: marks by trainers and administrators are not recorded."), "warning")
        return _done(_lesson_url(workshop, lesson))
    already = services.status(enrolment).completion is not None
    try:
        completed = services.mark_complete(enrolment, lesson)
    except CompletionError as exc:
        return _refuse(exc)
    db.session.commit()
    flash(_("Lesson completed."), "success")
    if completed and not already:
        flash(_("You have completed the workshop. Your certificate is ready."), "success")
    return _done(_lesson_url(workshop, lesson))


@bp.route("/workshops/<slug>/lessons/<int:lesson_id>/uncomplete", methods=["POST"])
def unmark(slug: str, lesson_id: int):
    """Enrolled participants: take back a mark made by mistake."""
    workshop = _followable(slug)
    lesson = _lesson(workshop, lesson_id)
    _csrf()
    enrolment = services.recording_enrolment(current_user, workshop)
    if enrolment is None:
        flash(_("Preview: marks by trainers and administrators are not recorded."), "warning")
        return _done(_lesson_url(workshop, lesson))
    try:
        services.undo_complete(enrolment, lesson)
    except CompletionError as exc:
        return _refuse(exc)
    db.session.commit()
    flash(_("The lesson is no longer marked as completed."), "success")
    return _done(_lesson_url(workshop, lesson))


# Quizzes --------------------------------------------------------------------------------------


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
    _csrf()
    if lesson.kind != "quiz":
        return _refuse(CompletionError("not_quiz"))
    enrolment = services.recording_enrolment(current_user, workshop)
    answers = _answers()
    try:
        if enrolment is None:
            qs = services.questions(lesson)
            if not qs:
                raise CompletionError("no_questions")
            verdicts = services.judge(qs, answers)
            attempt = None
            made: list[Any] = []
        else:
            attempt, verdicts = services.submit_attempt(enrolment, lesson, answers)
            made = services.attempts(enrolment, lesson)
    except CompletionError as exc:
        db.session.rollback()
        return _refuse(exc)
    db.session.commit()
    score = round(100 * sum(v.correct for v in verdicts) / len(verdicts))
    settings = services.settings_for(lesson)
    return render_template(
        "completion/quiz_result.html",
        workshop=workshop,
        lesson=lesson,
        text=lesson.text(),
        verdicts=verdicts,
        attempt=attempt,
        score=score,
        passed=score >= settings.pass_mark,
        settings=settings,
        best=max((a.score for a in made), default=None),
        left=services.attempts_left(lesson, len(made)) if attempt else None,
        preview=enrolment is None,
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
    settings = services.settings_for(lesson)
    if settings_form is None:
        settings_form = QuizSettingsForm(
            formdata=None,
            pass_mark=settings.pass_mark,
            max_attempts=settings.max_attempts,
            role=settings.role or "",
        )
    return render_template(
        "completion/quiz_edit.html",
        workshop=workshop,
        lesson=lesson,
        text=lesson.text(),
        questions=services.questions(lesson),
        settings_form=settings_form,
        question_form=question_form or QuestionForm(formdata=None),
        action_form=PlainForm(),
        error=error,
    ), status


@bp.route("/workshops/<slug>/lessons/<int:lesson_id>/quiz/settings", methods=["POST"])
def quiz_settings(slug: str, lesson_id: int):
    """The workshop's authors: pass mark, attempt limit and pre/post-test role."""
    workshop = _editable(slug)
    lesson = _lesson(workshop, lesson_id, kind="quiz")
    form = QuizSettingsForm()
    if not form.validate_on_submit():
        return _quiz_page(workshop, lesson, settings_form=form, status=400)
    try:
        services.save_settings(
            lesson,
            pass_mark=form.pass_mark.data,
            max_attempts=form.max_attempts.data,
            role=form.role.data or None,
        )
    except CompletionError as exc:
        db.session.rollback()
        return _quiz_page(
            workshop, lesson, settings_form=form, error=message(exc, MESSAGES), status=400
        )
    db.session.commit()
    flash(_("The quiz settings have been saved."), "success")
    return _done(flask_url_for("completion.quiz_edit", slug=workshop.slug, lesson_id=lesson.id))


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _question_data(form: QuestionForm) -> services.QuestionData:
    spanish = _lines(form.choices_es.data)
    english = _lines(form.choices_en.data)
    choices = []
    for index in range(max(len(spanish), len(english))):
        es = spanish[index] if index < len(spanish) else ""
        en = english[index] if index < len(english) else ""
        correct = es.startswith("*") or (not es and en.startswith("*"))
        labels = {k: v.lstrip("*").strip() for k, v in (("es", es), ("en", en)) if v.strip("* ")}
        choices.append((labels, correct))
    return services.QuestionData(
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
        services.add_question(lesson, _question_data(form))
    except CompletionError as exc:
        db.session.rollback()
        return _quiz_page(
            workshop, lesson, question_form=form, error=message(exc, MESSAGES), status=400
        )
    db.session.commit()
    flash(_("The question has been added."), "success")
    return _done(flask_url_for("completion.quiz_edit", slug=workshop.slug, lesson_id=lesson.id))


@bp.route(
    "/workshops/<slug>/lessons/<int:lesson_id>/quiz/questions/<int:question_id>/delete",
    methods=["POST"],
)
def question_delete(slug: str, lesson_id: int, question_id: int):
    """The workshop's authors: remove a question (attempts already made are kept)."""
    workshop = _editable(slug)
    lesson = _lesson(workshop, lesson_id, kind="quiz")
    _csrf()
    question = next((q for q in services.questions(lesson) if q.id == question_id), None)
    if question is None:
        abort(404)
    services.delete_question(question)
    db.session.commit()
    flash(_("The question has been removed."), "success")
    return _done(flask_url_for("completion.quiz_edit", slug=workshop.slug, lesson_id=lesson.id))


# The trainer's overview, the rule, attendance and the report ---------------------------------


@bp.route("/workshops/<slug>/completion")
def manage(slug: str):
    """The workshop's authors: editions (report, attendance), quizzes and the rule."""
    workshop = _editable(slug)
    lessons = services.curriculum_lessons(workshop)
    return render_template(
        "completion/manage.html",
        workshop=workshop,
        text=workshop.text(),
        editions=sorted(workshop.editions, key=lambda e: e.starts_on, reverse=True),
        quizzes=[lesson for lesson in lessons if lesson.kind == "quiz"],
        live=[lesson for lesson in lessons if lesson.kind == "live"],
        rule=services.rule_for(workshop),
        roles=services.quiz_roles(workshop),
        survey=services.survey_summary(workshop=workshop),
    )


@bp.route("/workshops/<slug>/completion-rule", methods=["GET", "POST"])
def rule(slug: str):
    """The workshop's authors: set the rule; a preview lists who would not meet it first."""
    workshop = _editable(slug)
    current = services.rule_for(workshop)
    form = RuleForm()
    if request.method == "GET":
        form.min_quiz_average.data = current.min_quiz_average if current else None
        form.min_attendance_share.data = current.min_attendance_share if current else None
        return render_template("completion/rule.html", workshop=workshop, form=form, preview=None)
    if not form.validate_on_submit():
        return render_template(
            "completion/rule.html", workshop=workshop, form=form, preview=None
        ), 400
    values = services.RuleValues(form.min_quiz_average.data, form.min_attendance_share.data)
    if form.step.data != "confirm":
        affected = services.would_lose(workshop, values)
        form.step.data = "confirm"
        return render_template(
            "completion/rule.html", workshop=workshop, form=form, preview=affected
        )
    try:
        granted = services.save_rule(workshop, values, by=current_user)
    except CompletionError as exc:
        db.session.rollback()
        return render_error(400, message(exc, MESSAGES))
    db.session.commit()
    flash(_("The completion rule has been saved."), "success")
    if granted:
        flash(_("%(num)s more people have now completed the workshop.", num=granted), "success")
    return _done(flask_url_for("completion.manage", slug=workshop.slug))


@bp.route(
    "/workshops/<slug>/editions/<int:edition_id>/attendance/<int:lesson_id>",
    methods=["GET", "POST"],
)
def attendance(slug: str, edition_id: int, lesson_id: int):
    """The workshop's authors: mark the whole roster of one live session on one page."""
    workshop = _editable(slug)
    edition = _edition(workshop, edition_id)
    lesson = _lesson(workshop, lesson_id, kind="live")
    if request.method == "POST":
        _csrf()
        marks: dict[int, str] = {}
        for key, value in request.form.items():
            if not key.startswith("status-"):
                continue
            raw = key.removeprefix("status-")
            if not raw.isdigit():
                return _refuse(CompletionError("not_enrolled"))
            if value:
                marks[int(raw)] = value
        try:
            changed = services.mark_attendance(edition, lesson, marks, by=current_user)
        except CompletionError as exc:
            db.session.rollback()
            return _refuse(exc)
        db.session.commit()
        flash(_("Attendance saved (%(num)s changes).", num=changed), "success")
        return _done(
            flask_url_for(
                "completion.attendance", slug=slug, edition_id=edition.id, lesson_id=lesson.id
            )
        )
    return render_template(
        "completion/attendance.html",
        workshop=workshop,
        edition=edition,
        lesson=lesson,
        text=lesson.text(),
        start=services.session_start(edition, lesson),
        roster=services.roster(edition, lesson),
        marks=services.attendance_marks(edition, lesson),
        form=PlainForm(),
    )


def _funnel_bars(funnel: list[tuple[str, int]]) -> list[dict[str, Any]]:
    """Bars of the funnel chart, drawn by the template as SVG (widths in a 0..300 scale)."""
    top = max((count for _key, count in funnel), default=0) or 1
    return [
        {
            "label": str(FUNNEL_LABELS[key]),
            "count": count,
            "width": round(300 * count / top),
            "y": index * 36,
        }
        for index, (key, count) in enumerate(funnel)
    ]


@bp.route("/workshops/<slug>/editions/<int:edition_id>/report")
def report(slug: str, edition_id: int):
    """The workshop's authors: participants × lessons, counts, the funnel, the survey."""
    cache.read_with(*cache.edition_kinds(edition_id))
    workshop = editable_facts(slug)
    found = edition_facts(edition_id)
    if found is None or found.workshop_slug != workshop.slug:
        abort(404)
    number = page_number()
    # Kept per edition: its participants' records and names, and the workshop's lessons,
    # quizzes and rules, renew it; statuses follow the day.
    body = cache.rendered(
        ("workshops", *cache.edition_kinds(found.id)),
        (found.id, number, utcnow().date(), str(get_timezone())),
        "completion/_report_body.html",
        lambda: _report_body(found.load(), number),
    )
    return render_template("completion/report.html", edition=found, body=body)


def _report_body(edition: Edition, number: int) -> dict[str, Any]:
    data = services.edition_report(edition, page=number, per_page=REPORT_PAGE)
    return {
        "workshop": edition.workshop,
        "edition": edition,
        "report": data,
        "rows": data.rows,
        "number": number,
        "pages": max(1, -(-data.total // REPORT_PAGE)),
        "day": date_formatter(),
        "bars": _funnel_bars(data.funnel),
    }


@bp.route("/workshops/<slug>/editions/<int:edition_id>/report.csv")
def report_csv(slug: str, edition_id: int):
    """The workshop's authors: the report as CSV (one row per participant)."""
    workshop = _editable(slug)
    edition = _edition(workshop, edition_id)
    data = services.edition_report(edition)
    certificates_by_enrolment = {
        c.enrolment_id: c
        for c in db.session.scalars(
            select(Certificate).where(
                Certificate.enrolment_id.in_([r.enrolment_id for r in data.rows])
            )
        )
    }
    header = [
        _("Name"),
        _("E-mail"),
        _("Progress (%)"),
        *[(lesson.text().title if lesson.text() else str(lesson.id)) for lesson in data.lessons],
        _("Average quiz score (%)"),
        _("Attendance (%)"),
        _("Completed on"),
        _("Certificate code"),
    ]

    def rows() -> Iterator[list[object]]:
        for row in data.rows:
            cert = certificates_by_enrolment.get(row.enrolment_id)
            completion = row.status.completion
            yield [
                row.name,
                row.email,
                row.percent,
                *["yes" if lesson.id in row.status.done else "" for lesson in data.lessons],
                "" if row.status.quiz_average is None else row.status.quiz_average,
                "" if row.status.attendance_share is None else row.status.attendance_share,
                completion.completed_at.isoformat() if completion else "",
                cert.code if cert and not cert.is_revoked else "",
            ]

    data_rows = list(rows())
    audit.record(
        "export.downloaded", target_type="edition", target_id=edition.id, table="completion"
    )
    db.session.commit()
    return private_download(
        export_rows(header, data_rows), "text/csv", f"{workshop.slug}-{edition.id}-completion.csv"
    )


# Survey -----------------------------------------------------------------------------------------


@bp.route("/workshops/<slug>/survey", methods=["GET", "POST"])
def survey(slug: str):
    """Participants who completed the workshop: the satisfaction survey, once."""
    workshop = _followable(slug)
    enrolment = services.recording_enrolment(current_user, workshop)
    if enrolment is None or services.status(enrolment).completion is None:
        return render_error(403, message(CompletionError("not_completed"), MESSAGES))
    if services.survey_response(enrolment) is not None:
        return render_error(409, message(CompletionError("already_answered"), MESSAGES))
    form = SurveyForm()
    if form.validate_on_submit():
        try:
            services.submit_survey(enrolment, int(form.rating.data), form.comment.data or "")
        except (CompletionError, ValueError) as exc:
            db.session.rollback()
            code = exc if isinstance(exc, CompletionError) else CompletionError("bad_rating")
            return _refuse(code)
        db.session.commit()
        flash(_("Thank you for your answer."), "success")
        return _done(flask_url_for("workshops.detail", slug=workshop.slug))
    status = 400 if request.method == "POST" else 200
    return render_template("completion/survey.html", workshop=workshop, form=form), status


# Certificates -----------------------------------------------------------------------------------


def _certificate(code: str) -> Certificate:
    """The certificate with ``code``; any unknown or malformed code is a plain 404."""
    found = services.find_certificate(code)
    if found is None:
        abort(404)
    return found


@bp.route("/certificates/<code>")
def verify(code: str):
    """Anyone: whether a certificate is valid or revoked."""
    certificate = _certificate(code)
    enrolment = certificate.enrolment
    workshop = enrolment.edition.workshop
    return render_template(
        "completion/verify.html",
        certificate=certificate,
        enrolment=enrolment,
        workshop=workshop,
        text=workshop.text(),
        may_revoke=current_user.is_authenticated and current_user.is_admin,
    )


@bp.route("/certificates/<code>/certificate.pdf")
def certificate_pdf(code: str):
    """The participant, the workshop's trainers and admins: the certificate as PDF
    (``?language=es|en|bilingual``, default the certificate's language)."""
    certificate = _certificate(code)
    if not current_user.is_authenticated:
        _sign_in()
    enrolment = certificate.enrolment
    workshop = enrolment.edition.workshop
    if enrolment.user_id != current_user.id and not can_edit(current_user, workshop):
        abort(403)
    if certificate.is_revoked:
        return render_error(410, _("This certificate was revoked."))
    language = request.args.get("language") or certificate.language
    if language not in CERTIFICATE_LANGUAGE_LABELS or (
        language != "bilingual" and language not in languages()
    ):
        return _refuse(CompletionError("bad_language"))
    return private_download(
        certificates.render_pdf(certificate, language),
        "application/pdf",
        f"certificate-{workshop.slug}.pdf",
    )


@bp.route("/certificates/<code>/revoke", methods=["GET", "POST"])
def revoke(code: str):
    """Admins: revoke a certificate, with a reason kept for the record."""
    if not current_user.is_authenticated:
        _sign_in()
    if not current_user.is_admin:
        abort(403)
    certificate = _certificate(code)
    form = RevokeForm()
    error = None
    if form.validate_on_submit():
        try:
            services.revoke(certificate, by=current_user, reason=form.reason.data or "")
        except CompletionError as exc:
            db.session.rollback()
            error = message(exc, MESSAGES)
        else:
            db.session.commit()
            flash(_("The certificate has been revoked."), "success")
            return _done(flask_url_for("completion.verify", code=certificate.code))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "completion/revoke.html", certificate=certificate, form=form, error=error
    ), status


@bp.route("/certificates/<code>/badge.json")
def badge_assertion(code: str):
    """Anyone: the certificate's Open Badges 2.0 hosted assertion (410 when revoked)."""
    certificate = _certificate(code)
    response = jsonify(badges.assertion(certificate))
    if certificate.is_revoked:
        response.status_code = 410
    return response


@bp.route("/workshops/<slug>/badge.json")
def badge_class(slug: str):
    """Anyone who may see the workshop: its Open Badges BadgeClass."""
    return jsonify(badges.badge_class(_visible(slug)))


@bp.route("/badges/issuer.json")
def badge_issuer():
    """Anyone: the programme's Open Badges issuer profile."""
    return jsonify(badges.issuer())
