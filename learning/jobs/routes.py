"""A job's page for its owner (and admins): progress that updates itself, the result, cancel."""

from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from learning.jobs import services
from learning.jobs.exports import KEEP_DAYS
from learning.jobs.messages import STATE_LABELS, describe
from learning.jobs.models import Job
from learning.platform.extensions import db
from learning.platform.slots import JOB_KINDS
from learning.web.forms import ActionForm
from learning.web.views import done, require_action_form

bp = Blueprint("jobs", __name__, url_prefix="/jobs")
# While a job runs, its page reloads itself this often (no script needed).
REFRESH_SECONDS = 3


def _visible_job(job_id: int) -> Job:
    job = db.session.get(Job, job_id)
    if job is None or not services.may_see(current_user, job):
        abort(404)  # someone else's job is none of this person's business
    return job


@bp.route("/<int:job_id>")
@login_required
def job(job_id: int):
    """The job's owner, admins, and whoever its kind lets in."""
    found = _visible_job(job_id)
    kind = JOB_KINDS.get(found.kind)
    return render_template(
        "jobs/job.html",
        job=found,
        label=kind.label if kind else found.kind,
        back=kind.back(found) if kind else None,
        result=kind.result(found) if kind and found.state == "done" else None,
        summary=kind.summary(found) if kind and found.state == "done" else None,
        state_label=STATE_LABELS[found.state],
        refresh=None if found.finished else REFRESH_SECONDS,
        action_form=ActionForm(),
        describe=describe,
        keep_days=KEEP_DAYS,
    )


@bp.route("/<int:job_id>.json")
@login_required
def job_json(job_id: int):
    """What the job page's script polls: state and progress."""
    found = _visible_job(job_id)
    response = jsonify(
        state=found.state,
        state_label=str(STATE_LABELS[found.state]),
        done=found.done,
        total=found.total,
        percent=found.percent,
        finished=found.finished,
        text=describe(found),
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/<int:job_id>/cancel", methods=["POST"])
@login_required
def cancel(job_id: int):
    """The job's owner or an admin stops a job that has not finished."""
    require_action_form()
    found = _visible_job(job_id)
    if services.cancel(found):
        db.session.commit()
        flash(_("The job will stop as soon as it can."), "info")
    else:
        flash(_("This job had already finished."), "info")
    return done(url_for("jobs.job", job_id=found.id))
