"""The platform's own scheduled work, run on the job queue: storage gc, forgetting old sign-ins
and old export files (the features below admin cannot offer it themselves)."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import lazy_gettext as _l

from learning.accounts import signins
from learning.jobs.exports import KEEP_DAYS, purge_exports
from learning.jobs.models import Job
from learning.jobs.services import JobKind, Progress, Schedule
from learning.storage.services import collect_garbage

STORAGE_GC = "storage.gc"
PURGE_SIGN_INS = "accounts.purge_sign_ins"
PURGE_EXPORTS = "jobs.purge_exports"


def run_storage_gc(job: Job, progress: Progress) -> None:
    """Remove pending rows and unreferenced objects older than a day."""
    report = collect_garbage(older_than=timedelta(hours=24), dry_run=False)
    removed = len(report.pending_rows) + len(report.orphan_objects) + len(report.partial_uploads)
    job.result = {
        "pending_rows": len(report.pending_rows),
        "orphan_objects": len(report.orphan_objects),
        "partial_uploads": len(report.partial_uploads),
    }
    progress(removed, total=removed)


def run_purge_sign_ins(job: Job, progress: Progress) -> None:
    """Forget ended sign-ins and those older than any session could be."""
    count = signins.purge_expired_sign_ins()
    progress(count, total=count)


def run_purge_exports(job: Job, progress: Progress) -> None:
    """Forget export files older than a week; storage gc removes their objects."""
    count = purge_exports(timedelta(days=KEEP_DAYS))
    progress(count, total=count)


KINDS = {
    STORAGE_GC: JobKind(_l("Storage clean-up"), run_storage_gc),
    PURGE_SIGN_INS: JobKind(_l("Forget old sign-ins"), run_purge_sign_ins),
    PURGE_EXPORTS: JobKind(_l("Forget old export files"), run_purge_exports),
}
# After enrolment's purge of old uploads (03:20) and of old exports (03:30), so their objects
# go the same night.
SCHEDULE = {
    PURGE_EXPORTS: Schedule(PURGE_EXPORTS, {"minute": "30", "hour": "3"}),
    STORAGE_GC: Schedule(STORAGE_GC, {"minute": "40", "hour": "3"}),
    PURGE_SIGN_INS: Schedule(PURGE_SIGN_INS, {"minute": "50", "hour": "3"}),
}
