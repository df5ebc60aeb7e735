"""Events' work on the job queue: telling everyone registered, waitlisted or waiting for
approval that an event is cancelled, one e-mail each, resumable."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from learning.accounts.models import User
from learning.events.models import Event
from learning.events.services.common import can_manage
from learning.events.services.events import CANCEL_JOB
from learning.events.services.notices import deliver, notice_for
from learning.events.services.registrations import people_to_tell
from learning.jobs.models import Job
from learning.jobs.services import JobKind, Progress
from learning.platform.extensions import db


def run_cancelled(job: Job, progress: Progress) -> None:
    """E-mail each person once: the list is fixed on the first run (``job.result``), and
    ``job.done`` counts those handed over, committed after each, so a retried job writes to
    nobody twice."""
    event = db.session.get(Event, job.params["event_id"])
    if event is None:
        raise LookupError("the event was deleted before its cancellation was sent")
    if "people" not in job.result:
        job.result = {"people": [r.user_id for r in people_to_tell(event.id)]}
        progress(0, total=len(job.result["people"]))
    people = job.result["people"]
    for position in range(job.done, len(people)):
        user = db.session.get(User, people[position])
        if user is not None and user.active:
            deliver([notice_for("cancelled", user, event)])
        progress(position + 1)


def cancelled_summary(job: Job) -> str | None:
    people = job.result.get("people")
    if people is None:
        return None
    return _("%(n)s people were told the event is cancelled.", n=len(people))


def _event(job: Job) -> Event | None:
    return db.session.get(Event, job.params.get("event_id"))


def cancelled_back(job: Job) -> tuple[str, str] | None:
    event = _event(job)
    if event is None:
        return None
    return _("Back to the registrations"), url_for("events.roster", event_id=event.id)


def cancelled_readers(user: User, job: Job) -> bool:
    """Whoever runs the event follows the e-mails another organiser started."""
    event = _event(job)
    return event is not None and can_manage(user, event)


KINDS = {
    CANCEL_JOB: JobKind(
        _l("Tell registered people an event is cancelled"),
        run_cancelled,
        summary=cancelled_summary,
        back=cancelled_back,
        may_see=cancelled_readers,
    ),
}
