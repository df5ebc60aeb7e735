"""Attendance: the workshop's authors mark the whole roster of one live session of an edition on
one page."""

from __future__ import annotations

from flask import flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning.completion.blueprint import bp
from learning.completion.routes.common import refuse
from learning.completion.services import attendance as attendance_service
from learning.completion.services.common import CompletionError, session_start
from learning.platform.extensions import db
from learning.web.forms import ActionForm
from learning.web.views import done, load_or_404, require_action_form
from learning.workshops.access import editable as _editable
from learning.workshops.access import lesson as _lesson
from learning.workshops.models import Edition


@bp.route(
    "/workshops/<slug>/editions/<int:edition_id>/attendance/<int:lesson_id>",
    methods=["GET", "POST"],
)
def attendance(slug: str, edition_id: int, lesson_id: int):
    """The workshop's authors: mark the whole roster of one live session on one page."""
    workshop = _editable(slug)
    edition = load_or_404(Edition, edition_id, workshop_id=workshop.id)
    lesson = _lesson(workshop, lesson_id, kind="live")
    if request.method == "POST":
        require_action_form()
        marks: dict[int, str] = {}
        for key, value in request.form.items():
            if not key.startswith("status-"):
                continue
            raw = key.removeprefix("status-")
            if not raw.isdigit():
                return refuse(CompletionError("not_enrolled"))
            if value:
                marks[int(raw)] = value
        try:
            changed = attendance_service.mark_attendance(edition, lesson, marks, by=current_user)
        except CompletionError as exc:
            db.session.rollback()
            return refuse(exc)
        db.session.commit()
        flash(_("Attendance saved (%(num)s changes).", num=changed), "success")
        return done(
            url_for("completion.attendance", slug=slug, edition_id=edition.id, lesson_id=lesson.id)
        )
    return render_template(
        "completion/attendance.html",
        workshop=workshop,
        edition=edition,
        lesson=lesson,
        text=lesson.text(),
        start=session_start(edition, lesson),
        roster=attendance_service.roster(edition, lesson),
        marks=attendance_service.attendance_marks(edition, lesson),
        form=ActionForm(),
    )
