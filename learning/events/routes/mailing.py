"""Who runs an event writes to its people (registered, waitlisted or checked in): the message
goes through the job queue, one e-mail each, and the job's page shows how far it got."""

from __future__ import annotations

from flask import render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from learning.audit import services as audit
from learning.events.blueprint import bp
from learning.events.forms import MailingForm
from learning.events.jobs import MAILING_JOB
from learning.events.routes.common import managed_event
from learning.events.services.mailing import AUDIENCES, audience_sizes
from learning.jobs.services import submit
from learning.platform.extensions import db
from learning.web.views import done

AUDIENCE_LABELS = {
    "registered": _l("Everyone with a place"),
    "waitlisted": _l("Everyone on the waitlist"),
    "checked_in": _l("Everyone who came (checked in at the door or online)"),
}


@bp.route("/<int:event_id>/write", methods=["GET", "POST"])
def write(event_id: int):
    """Who runs the event: e-mail its people."""
    event = managed_event(event_id)
    sizes = audience_sizes(event)
    form = MailingForm()
    form.audience.choices = [
        (name, f"{AUDIENCE_LABELS[name]} · {sizes[name]}") for name in AUDIENCES
    ]
    problem = None
    if form.validate_on_submit():
        if form.audience.data not in AUDIENCES:
            problem = _("Choose who receives the message from the list.")
        elif not sizes[form.audience.data]:
            problem = _("Nobody would receive it: choose other people.")
        else:
            params = {
                "event_id": event.id,
                "audience": form.audience.data,
                "subject": form.subject.data.strip(),
                "body": form.body.data.strip(),
                "by_id": current_user.id,
            }
            job = submit(MAILING_JOB, owner=current_user, params=params)
            audit.record(
                "event.mailed",
                target_type="event",
                target_id=event.id,
                audience=form.audience.data,
                subject=params["subject"],
            )
            db.session.commit()  # queues it; QueueUnavailable becomes a 503
            return done(url_for("jobs.job", job_id=job.id))
    invalid = form.is_submitted() and (problem is not None or bool(form.errors))
    return render_template(
        "events/mailing.html", event=event, text=event.text(), form=form, problem=problem
    ), 400 if invalid else 200
