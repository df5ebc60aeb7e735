"""The network conversation's work on the job queue: the daily run that sends the e-mail
digests that are due (daily and weekly), one person at a time, committed after each so a
retried run writes to nobody twice."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from learning.accounts.models import User
from learning.jobs.models import Job
from learning.jobs.services import JobKind, Progress, Schedule
from learning.network.services.digest import due, send_digest
from learning.platform.extensions import db

DIGEST_JOB = "network.digest"


def run_digests(job: Job, progress: Progress) -> None:
    """Send each due digest; a person's digest is marked sent in the same commit as the
    count, so a run that stops halfway resumes with the people still due."""
    people = due()
    progress(0, total=len(people))
    sent = job.result.get("sent", 0)
    for position, user_id in enumerate(people, start=1):
        user = db.session.get(User, user_id)
        if user is not None and send_digest(user):
            sent += 1
        job.result = {"sent": sent}
        db.session.commit()
        progress(position)


def digests_summary(job: Job) -> str | None:
    sent = job.result.get("sent")
    if sent is None:
        return None
    return _("%(n)s digests were sent.", n=sent)


KINDS = {
    DIGEST_JOB: JobKind(
        _l("Send the network's e-mail digests"), run_digests, summary=digests_summary
    )
}
# Every morning in the Americas (12:00 UTC); weekly digests go out seven days apart.
SCHEDULES = {DIGEST_JOB: Schedule(DIGEST_JOB, {"minute": "0", "hour": "12"})}
