"""Calls' work on the job queue: telling each applicant with a decision what the panel
decided and why, one e-mail each in their language, resumable."""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from learning.calls.models import Call, CallApplication
from learning.calls.services.notices import send_decision
from learning.calls.services.selection import DECISIONS_JOB, decided_people
from learning.jobs.models import Job
from learning.jobs.services import JobKind, Progress
from learning.platform.extensions import db


def run_decisions(job: Job, progress: Progress) -> None:
    """E-mail each decided applicant once: the list is fixed on the first run
    (``job.result``) and ``job.done`` counts those handed over, so a retry writes to nobody
    twice."""
    call = db.session.get(Call, job.params["call_id"])
    if call is None:
        raise LookupError("the call was deleted before its decisions were sent")
    if "applications" not in job.result:
        job.result = {"applications": decided_people(call)}
        progress(0, total=len(job.result["applications"]))
    fixed = job.result["applications"]
    for position in range(job.done, len(fixed)):
        application = db.session.get(CallApplication, fixed[position])
        if application is not None and application.user.active:
            send_decision(application)
        progress(position + 1)


def decisions_summary(job: Job) -> str | None:
    sent = job.result.get("applications")
    if sent is None:
        return None
    return ngettext("%(num)s decision e-mailed.", "%(num)s decisions e-mailed.", len(sent))


def decisions_back(job: Job) -> tuple[str, str] | None:
    call = db.session.get(Call, job.params.get("call_id"))
    if call is None:
        return None
    return str(_l("Back to the ranking")), url_for("calls.ranking", call_id=call.id)


KINDS = {
    DECISIONS_JOB: JobKind(
        _l("Tell applicants the panel's decisions"),
        run_decisions,
        summary=decisions_summary,
        back=decisions_back,
    ),
}
