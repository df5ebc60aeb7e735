"""Administrators: every job on the queue, filtered by state and kind; failed ones retried."""

from __future__ import annotations

from flask import abort, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from learning.admin.exports import ENROLMENTS_EXPORT
from learning.admin.routes import bp
from learning.audit import services as audit
from learning.jobs import services as jobs
from learning.jobs.exports import submit_export
from learning.jobs.messages import STATE_LABELS, describe
from learning.jobs.models import Job
from learning.platform.extensions import db
from learning.platform.slots import JOB_KINDS
from learning.research.jobs import REINDEX
from learning.web.forms import ActionForm
from learning.web.pagination import paginate
from learning.web.views import done, load_or_404, require_action_form


@bp.route("/jobs")
def job_list():
    """Jobs newest first; a state or kind not in the lists is a 400 with the reason."""
    state = request.args.get("state") or ""
    kind = request.args.get("kind") or ""
    kinds = {name: JOB_KINDS.get(name).label for name in JOB_KINDS.keys()}
    problems = []
    query = select(Job).options(selectinload(Job.owner))
    if state:
        if state not in STATE_LABELS:
            problems.append(_("Choose a state from the list."))
        else:
            query = query.where(Job.state == state)
    if kind:
        if kind not in kinds:
            problems.append(_("Choose a kind of job from the list."))
        else:
            query = query.where(Job.kind == kind)
    page = paginate(query.order_by(Job.created_at.desc(), Job.id.desc()), per_page=50)
    return render_template(
        "admin/jobs.html",
        page=page,
        state=state,
        kind=kind,
        states=STATE_LABELS,
        kinds=kinds,
        describe=describe,
        problems=problems,
        action_form=ActionForm(),
        startable={name: JOB_KINDS.get(name).label for name in STARTABLE},
    ), 400 if problems else 200


# Work an administrator may start by hand from the jobs page.
STARTABLE = (ENROLMENTS_EXPORT, REINDEX)


@bp.route("/jobs/start/<name>", methods=["POST"])
def job_start(name: str):
    """Start one of the ``STARTABLE`` jobs now and follow it on its page."""
    require_action_form()
    if name not in STARTABLE:
        abort(404)
    if name == ENROLMENTS_EXPORT:
        audit.record("export.downloaded", target_type="programme", table="enrolments")
        job = submit_export(name, current_user, {}, 0)
    else:
        job = jobs.submit(name, owner=current_user)
    db.session.commit()  # queues it; QueueUnavailable becomes a 503
    return done(url_for("jobs.job", job_id=job.id))


@bp.route("/jobs/<int:job_id>/retry", methods=["POST"])
def job_retry(job_id: int):
    """Queue a failed or cancelled job again; it carries on from what it had done."""
    require_action_form()
    job = load_or_404(Job, job_id)
    if jobs.retry(job):
        db.session.commit()  # queues it; QueueUnavailable becomes a 503
        flash(_("The job is queued again."), "success")
    else:
        flash(_("Only a failed or cancelled job can be started again."), "info")
    return done(url_for("jobs.job", job_id=job.id))
