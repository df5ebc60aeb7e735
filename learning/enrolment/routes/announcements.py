"""Announcements for an edition's trainers and admins: write once, and the job queue e-mails
each person of the edition (its page shows how far it got)."""

from __future__ import annotations

from flask import render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from learning.enrolment.blueprint import bp
from learning.enrolment.forms import AnnouncementForm
from learning.enrolment.jobs import ANNOUNCEMENT
from learning.enrolment.routes.common import managed_edition
from learning.enrolment.services.announcements import AUDIENCES, audience_sizes
from learning.jobs import mailings
from learning.jobs.mailings import Mailing

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
    mailing = Mailing(
        job=ANNOUNCEMENT,
        audiences=AUDIENCES,
        labels=AUDIENCE_LABELS,
        action="edition.announced",
        target_type="edition",
        target_id=edition.id,
        params={"edition_id": edition.id},
        not_listed=_("Choose who receives the announcement from the list."),
        nobody=_("Nobody in this edition would receive it."),
    )
    answer = mailings.handle(form, mailing, sizes)
    if answer is not None and not isinstance(answer, str):
        return answer
    return render_template(
        "enrolment/announce.html", edition=edition, form=form, problem=answer
    ), mailings.status(form, answer)
