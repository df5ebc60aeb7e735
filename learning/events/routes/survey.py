"""The satisfaction survey after an event: people who attended answer it once the event has
ended, once; who runs the event reads the results (only the number of answers while fewer than
five people answered) and downloads the answers as CSV (no names)."""

from __future__ import annotations

from flask import flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning.audit import services as audit
from learning.events.blueprint import bp
from learning.events.certificates_forms import EventSurveyForm
from learning.events.messages import error_message
from learning.events.models import Event
from learning.events.routes.common import managed_event, signed_in_only, visible_event
from learning.events.services import survey
from learning.events.services.common import EventError
from learning.platform.extensions import db
from learning.storage.filenames import private_download
from learning.web.csvutil import export_rows
from learning.web.errors import render_error
from learning.web.views import done

REFUSALS = {"not_attended": 403, "already_answered": 409, "survey_not_yet": 403}


@bp.route("/<int:event_id>/survey", methods=["GET", "POST"])
def survey_answer(event_id: int):
    """People who attended, once the event has ended: the satisfaction survey, once."""
    event = visible_event(event_id)
    signed_in_only()
    try:
        survey.check_may_answer(event, current_user)
    except EventError as exc:
        return render_error(REFUSALS.get(exc.code, 400), error_message(exc))
    form = EventSurveyForm()
    error = None
    if form.validate_on_submit():
        try:
            survey.submit(event, current_user, form.rating.data, form.comment.data or "")
        except EventError as exc:
            db.session.rollback()
            if exc.code in REFUSALS:
                return render_error(REFUSALS[exc.code], error_message(exc))
            error = error_message(exc)
        else:
            db.session.commit()
            flash(_("Thank you for your answer."), "success")
            return done(url_for("events.detail", event_id=event.id))
    return render_template(
        "events/survey.html", event=event, text=event.text(), form=form, error=error
    ), (400 if request.method == "POST" else 200)


def _results(event: Event):
    result = survey.summary(event)
    shown = result.count >= survey.SUPPRESS_BELOW
    return render_template(
        "events/survey_results.html",
        event=event,
        text=event.text(),
        result=result,
        shown=shown,
        comments=survey.comments(event) if shown else [],
        suppress_below=survey.SUPPRESS_BELOW,
    )


@bp.route("/<int:event_id>/survey/results")
def survey_results(event_id: int):
    """Who runs the event: the survey's results, with small-number suppression."""
    return _results(managed_event(event_id))


@bp.route("/<int:event_id>/survey.csv")
def survey_csv(event_id: int):
    """Who runs the event: the answers as CSV (rating, comment; no names), refused (409) while
    fewer than five people answered."""
    event = managed_event(event_id)
    rows = survey.answers(event)
    if len(rows) < survey.SUPPRESS_BELOW:
        return render_error(409, error_message(EventError("too_few_answers")))
    audit.record("export.downloaded", target_type="event", target_id=event.id, rows=len(rows))
    db.session.commit()
    return private_download(
        export_rows([_("Rating"), _("Comment")], rows),
        "text/csv",
        f"event-{event.id}-survey.csv",
    )


@bp.context_processor
def _survey_helpers() -> dict[str, object]:
    """The event page offers the survey to who may answer it."""
    return {"event_survey_offered": lambda event: survey.offered(event, current_user)}
