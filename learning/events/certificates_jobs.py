"""Issuing certificates of attendance on the job queue, when more people qualify than an
organiser should wait for: in batches, each committed, so a retried job issues nobody twice
(and the unique constraint would refuse a twin anyway)."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from learning.accounts.models import User
from learning.audit import services as audit
from learning.events.models import Event
from learning.events.services import certificates
from learning.events.services.common import can_manage
from learning.jobs.models import Job
from learning.jobs.services import JobKind, Progress
from learning.platform.extensions import db

BATCH = 100


def _event(job: Job) -> Event | None:
    return db.session.get(Event, job.params.get("event_id"))


def run_issue(job: Job, progress: Progress) -> None:
    """Everyone who qualifies when the job first runs gets a certificate, batch by batch."""
    event = _event(job)
    if event is None:
        raise LookupError("the event was deleted before its certificates were issued")
    if "people" not in job.result:
        job.result = {"people": certificates.qualifying(event)}
        progress(0, total=len(job.result["people"]))
    people = job.result["people"]
    for start in range(job.done, len(people), BATCH):
        batch = people[start : start + BATCH]
        certificates.issue_many(event, batch)
        progress(start + len(batch))
    audit.record(
        "event_certificates.issued",
        target_type="event",
        target_id=event.id,
        actor_id=job.owner_id,
        issued=len(people),
    )


def issue_summary(job: Job) -> str | None:
    people = job.result.get("people")
    if people is None:
        return None
    return ngettext("%(num)s certificate issued.", "%(num)s certificates issued.", len(people))


def issue_back(job: Job) -> tuple[str, str] | None:
    event = _event(job)
    if event is None:
        return None
    return _("Back to the certificates"), url_for("events.certificates_manage", event_id=event.id)


def issue_readers(user: User, job: Job) -> bool:
    """Whoever runs the event follows the work another organiser started."""
    event = _event(job)
    return event is not None and can_manage(user, event)


KIND = JobKind(
    _l("Issue certificates of attendance"),
    run_issue,
    summary=issue_summary,
    back=issue_back,
    may_see=issue_readers,
)
