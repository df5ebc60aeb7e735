"""Announcements for an edition's trainers and admins: write once, and the job queue e-mails
each person of the edition (its page shows how far it got)."""

from __future__ import annotations

from flask import render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from learning.audit import services as audit
from learning.enrolment.blueprint import bp
from learning.enrolment.forms import AnnouncementForm
from learning.enrolment.jobs import ANNOUNCEMENT
from learning.enrolment.routes.common import managed_edition
from learning.enrolment.services.announcements import AUDIENCES, audience_sizes
from learning.jobs.services import submit
from learning.platform.extensions import db
from learning.web.views import done

AUDIENCE_LABELS = {
    "participants": _l("Participants (enrolled or finished)"),
    "everyone": _l("Everyone (also the waitlist and requests waiting for approval)"),
}


@bp.route("/editions/<int:edition_id>/announce", methods=["GET", "POST"])
def announce(edition_id: int):
    """The workshop's trainers and admins: e-mail the people of the edition."""
    edition = managed_edition(edition_id)
    sizes = audience_sizes(edition)
    form = AnnouncementForm()
    form.audience.choices = [
        (name, f"{AUDIENCE_LABELS[name]} · {sizes[name]}") for name in AUDIENCES
    ]
    problem = None
    if form.validate_on_submit():
        if form.audience.data not in AUDIENCES:
            problem = _("Choose who receives the announcement from the list.")
        elif not sizes[form.audience.data]:
            problem = _("Nobody in this edition would receive it.")
        else:
            params = {
                "edition_id": edition.id,
                "audience": form.audience.data,
                "subject": form.subject.data.strip(),
                "body": form.body.data.strip(),
                "by_id": current_user.id,
            }
            job = submit(ANNOUNCEMENT, owner=current_user, params=params)
            audit.record(
                "edition.announced",
                target_type="edition",
                target_id=edition.id,
                audience=form.audience.data,
                subject=params["subject"],
            )
            db.session.commit()  # queues it; QueueUnavailable becomes a 503
            return done(url_for("jobs.job", job_id=job.id))
    invalid = form.is_submitted() and (problem is not None or bool(form.errors))
    return render_template(
        "enrolment/announce.html", edition=edition, form=form, problem=problem
    ), 400 if invalid else 200
