"""Words for jobs, in the reader's language."""

from __future__ import annotations

from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from learning.jobs.models import Job

STATE_LABELS = {
    "queued": _l("Waiting to start"),
    "running": _l("Running"),
    "done": _l("Done"),
    "failed": _l("Failed"),
    "cancelled": _l("Cancelled"),
}


def describe(job: Job) -> str:
    """How far along the job is, as a sentence."""
    if job.total:
        return _(
            "%(done)s of %(total)s (%(percent)s%%)",
            done=format_decimal(job.done),
            total=format_decimal(job.total),
            percent=job.percent,
        )
    if job.state == "queued":
        return _("Waiting for a free worker.")
    return _("%(done)s done", done=format_decimal(job.done))
