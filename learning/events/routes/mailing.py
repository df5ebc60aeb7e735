"""Who runs an event writes to its people (registered, waitlisted or checked in): the message
goes through the job queue, one e-mail each, and the job's page shows how far it got."""

from __future__ import annotations

from flask import render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from learning.events.blueprint import bp
from learning.events.forms import MailingForm
from learning.events.jobs import MAILING_JOB
from learning.events.routes.common import managed_event
from learning.events.services.mailing import AUDIENCES, audience_sizes
from learning.jobs import mailings
from learning.jobs.mailings import Mailing

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
    mailing = Mailing(
        job=MAILING_JOB,
        audiences=AUDIENCES,
        labels=AUDIENCE_LABELS,
        action="event.mailed",
        target_type="event",
        target_id=event.id,
        params={"event_id": event.id},
        not_listed=_("Choose who receives the message from the list."),
        nobody=_("Nobody would receive it: choose other people."),
    )
    answer = mailings.handle(form, mailing, sizes)
    if answer is not None and not isinstance(answer, str):
        return answer
    return render_template(
        "events/mailing.html", event=event, text=event.text(), form=form, problem=answer
    ), mailings.status(form, answer)
