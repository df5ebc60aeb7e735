"""The satisfaction survey: participants who completed the workshop answer it, once."""

from __future__ import annotations

from flask import flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning.completion.blueprint import bp
from learning.completion.forms import SurveyForm
from learning.completion.messages import MESSAGES
from learning.completion.routes.common import refuse
from learning.completion.services.common import CompletionError, recording_enrolment
from learning.completion.services.engine import status
from learning.completion.services.survey import submit_survey, survey_response
from learning.platform.extensions import db
from learning.web.errors import render_error
from learning.web.views import done, message
from learning.workshops.access import followable as _followable


@bp.route("/workshops/<slug>/survey", methods=["GET", "POST"])
def survey(slug: str):
    """Participants who completed the workshop: the satisfaction survey, once."""
    workshop = _followable(slug)
    enrolment = recording_enrolment(current_user, workshop)
    if enrolment is None or status(enrolment).completion is None:
        return render_error(403, message(CompletionError("not_completed"), MESSAGES))
    if survey_response(enrolment) is not None:
        return render_error(409, message(CompletionError("already_answered"), MESSAGES))
    form = SurveyForm()
    if form.validate_on_submit():
        try:
            submit_survey(enrolment, int(form.rating.data), form.comment.data or "")
        except (CompletionError, ValueError) as exc:
            db.session.rollback()
            code = exc if isinstance(exc, CompletionError) else CompletionError("bad_rating")
            return refuse(code)
        db.session.commit()
        flash(_("Thank you for your answer."), "success")
        return done(url_for("workshops.detail", slug=workshop.slug))
    status_code = 400 if request.method == "POST" else 200
    return render_template("completion/survey.html", workshop=workshop, form=form), status_code
