"""Events' work on the job queue: telling everyone registered, waitlisted or waiting for
approval that an event is cancelled, and an organiser's message to the people of an event,
one e-mail each, resumable; and, every 15 minutes, passing on the waitlist offers nobody
accepted in time."""

from __future__ import annotations

from collections.abc import Callable

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from learning.accounts.models import User
from learning.events.models import Event
from learning.events.services import mailing, offers
from learning.events.services.common import can_manage
from learning.events.services.events import CANCEL_JOB
from learning.events.services.notices import deliver, notice_for
from learning.events.services.registrations import people_to_tell
from learning.jobs.models import Job
from learning.jobs.services import JobKind, Progress, Schedule
from learning.platform.extensions import db


def _tell_each(
    job: Job,
    progress: Progress,
    event: Event,
    people: Callable[[], list[int]],
    what: str,
    extra: dict[str, str] | None = None,
) -> None:
    """E-mail each person once: the list is fixed on the first run (``job.result``), and
    ``job.done`` counts those handed over, committed after each, so a retried job writes to
    nobody twice."""
    if "people" not in job.result:
        job.result = {"people": people()}
        progress(0, total=len(job.result["people"]))
    fixed = job.result["people"]
    for position in range(job.done, len(fixed)):
        user = db.session.get(User, fixed[position])
        if user is not None and user.active:
            notice = notice_for(what, user, event)
            notice.extra = extra or {}
            deliver([notice])
        progress(position + 1)


def run_cancelled(job: Job, progress: Progress) -> None:
    """Everyone registered, waitlisted or waiting for approval hears the event is cancelled."""
    event = db.session.get(Event, job.params["event_id"])
    if event is None:
        raise LookupError("the event was deleted before its cancellation was sent")
    _tell_each(
        job, progress, event, lambda: [r.user_id for r in people_to_tell(event.id)], "cancelled"
    )


def run_mailing(job: Job, progress: Progress) -> None:
    """An organiser's message to the people of an event (services/mailing.py), in their words;
    those who join the audience after the first run are not written to."""
    event = db.session.get(Event, job.params["event_id"])
    if event is None:
        raise LookupError("the event was deleted before the message was sent")
    author = db.session.get(User, job.params["by_id"]) if job.params.get("by_id") else None
    extra = {
        "subject": job.params["subject"],
        "body": job.params["body"],
        "organiser": author.name if author is not None else "",
    }
    _tell_each(
        job,
        progress,
        event,
        lambda: mailing.recipients(event, job.params["audience"]),
        "message",
        extra,
    )


def mailing_summary(job: Job) -> str | None:
    people = job.result.get("people")
    if people is None:
        return None
    return ngettext("%(num)s e-mail sent.", "%(num)s e-mails sent.", len(people))


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


OFFERS_JOB = "events.offers"


def run_offers(job: Job, progress: Progress) -> None:
    """Each event with an offer past its deadline: the place goes to the next person waiting,
    committed event by event before the e-mails go, so a retried run repeats nothing done."""
    events = offers.expired_events()
    progress(0, total=len(events))
    passed = job.result.get("passed", 0)
    for position, event_id in enumerate(events, start=1):
        notices = offers.expire(event_id)
        passed += sum(1 for n in notices if n.what == "offer_expired")
        job.result = {"passed": passed}
        db.session.commit()
        deliver(notices)
        progress(position)


def offers_summary(job: Job) -> str | None:
    passed = job.result.get("passed")
    if passed is None:
        return None
    return _("%(n)s places not accepted in time were offered to the next people.", n=passed)


MAILING_JOB = "events.mailing"

KINDS = {
    MAILING_JOB: JobKind(
        _l("Message to the people of an event"),
        run_mailing,
        summary=mailing_summary,
        back=cancelled_back,
        may_see=cancelled_readers,
    ),
    OFFERS_JOB: JobKind(
        _l("Pass on waitlist places not accepted in time"), run_offers, summary=offers_summary
    ),
    CANCEL_JOB: JobKind(
        _l("Tell registered people an event is cancelled"),
        run_cancelled,
        summary=cancelled_summary,
        back=cancelled_back,
        may_see=cancelled_readers,
    ),
}
# Offers are held for hours: a quarter of an hour late is soon enough.
SCHEDULES = {OFFERS_JOB: Schedule(OFFERS_JOB, {"minute": "*/15"})}
