"""Marking lessons: enrolled participants mark a text, video or reading lesson as done, or take
the mark back (the workshop's trainers and admins preview: nothing is recorded)."""

from __future__ import annotations

from flask import flash
from flask_babel import gettext as _
from flask_login import current_user

from learning.completion.blueprint import bp
from learning.completion.routes.common import lesson_url, refuse
from learning.completion.services.common import CompletionError, recording_enrolment
from learning.completion.services.engine import status
from learning.completion.services.marks import mark_complete, undo_complete
from learning.platform.extensions import db
from learning.web.views import done, require_action_form
from learning.workshops.access import followable as _followable
from learning.workshops.access import lesson as _lesson


@bp.route("/workshops/<slug>/lessons/<int:lesson_id>/complete", methods=["POST"])
def mark(slug: str, lesson_id: int):
    """Enrolled participants: mark a text, video or reading lesson as done."""
    workshop = _followable(slug)
    lesson = _lesson(workshop, lesson_id)
    require_action_form()
    enrolment = recording_enrolment(current_user, workshop)
    if enrolment is None:
        flash(_("Preview: marks by trainers and administrators are not recorded."), "warning")
        return done(lesson_url(workshop, lesson))
    already = status(enrolment).completion is not None
    try:
        completed = mark_complete(enrolment, lesson)
    except CompletionError as exc:
        return refuse(exc)
    db.session.commit()
    flash(_("Lesson completed."), "success")
    if completed and not already:
        flash(_("You have completed the workshop. Your certificate is ready."), "success")
    return done(lesson_url(workshop, lesson))


@bp.route("/workshops/<slug>/lessons/<int:lesson_id>/uncomplete", methods=["POST"])
def unmark(slug: str, lesson_id: int):
    """Enrolled participants: take back a mark made by mistake."""
    workshop = _followable(slug)
    lesson = _lesson(workshop, lesson_id)
    require_action_form()
    enrolment = recording_enrolment(current_user, workshop)
    if enrolment is None:
        flash(_("Preview: marks by trainers and administrators are not recorded."), "warning")
        return done(lesson_url(workshop, lesson))
    try:
        undo_complete(enrolment, lesson)
    except CompletionError as exc:
        return refuse(exc)
    db.session.commit()
    flash(_("The lesson is no longer marked as completed."), "success")
    return done(lesson_url(workshop, lesson))
