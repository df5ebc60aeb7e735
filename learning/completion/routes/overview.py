"""The workshop's authors: the completion overview of a workshop (its editions, quizzes, live
sessions and survey) and its completion rule, previewed before it is saved."""

from __future__ import annotations

from flask import flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning.completion.blueprint import bp
from learning.completion.forms import RuleForm
from learning.completion.messages import MESSAGES
from learning.completion.services.common import CompletionError, curriculum_lessons
from learning.completion.services.engine import (
    RuleValues,
    quiz_roles,
    rule_for,
    save_rule,
    would_lose,
)
from learning.completion.services.survey import survey_summary
from learning.platform.extensions import db
from learning.web.errors import render_error
from learning.web.views import done, message
from learning.workshops.access import editable as _editable


@bp.route("/workshops/<slug>/completion")
def manage(slug: str):
    """The workshop's authors: editions (report, attendance), quizzes and the rule."""
    workshop = _editable(slug)
    lessons = curriculum_lessons(workshop)
    return render_template(
        "completion/manage.html",
        workshop=workshop,
        text=workshop.text(),
        editions=sorted(workshop.editions, key=lambda e: e.starts_on, reverse=True),
        quizzes=[lesson for lesson in lessons if lesson.kind == "quiz"],
        live=[lesson for lesson in lessons if lesson.kind == "live"],
        rule=rule_for(workshop),
        roles=quiz_roles(workshop),
        survey=survey_summary(workshop=workshop),
    )


@bp.route("/workshops/<slug>/completion-rule", methods=["GET", "POST"])
def rule(slug: str):
    """The workshop's authors: set the rule; a preview lists who would not meet it first."""
    workshop = _editable(slug)
    current = rule_for(workshop)
    form = RuleForm()
    if request.method == "GET":
        form.min_quiz_average.data = current.min_quiz_average if current else None
        form.min_attendance_share.data = current.min_attendance_share if current else None
        return render_template("completion/rule.html", workshop=workshop, form=form, preview=None)
    if not form.validate_on_submit():
        return render_template(
            "completion/rule.html", workshop=workshop, form=form, preview=None
        ), 400
    values = RuleValues(form.min_quiz_average.data, form.min_attendance_share.data)
    if form.step.data != "confirm":
        affected = would_lose(workshop, values)
        form.step.data = "confirm"
        return render_template(
            "completion/rule.html", workshop=workshop, form=form, preview=affected
        )
    try:
        granted = save_rule(workshop, values, by=current_user)
    except CompletionError as exc:
        db.session.rollback()
        return render_error(400, message(exc, MESSAGES))
    db.session.commit()
    flash(_("The completion rule has been saved."), "success")
    if granted:
        flash(_("%(num)s more people have now completed the workshop.", num=granted), "success")
    return done(url_for("completion.manage", slug=workshop.slug))
