"""Exports too large for a request: a job writes the CSV (or ZIP) to a temporary file, stores
it as a private ``export`` file of the job's owner, and the job page links to it (the usual
presigned redirect on S3).

A feature offers an export by writing an :class:`ExportSource` and a job kind whose ``run``
calls :func:`run_export` with it; pages submit that kind with :func:`submit_export`, or stream
the CSV straight away when it is small (:func:`fits_in_request`).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import IO, Any

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import delete, select

from learning.accounts.models import User
from learning.jobs.models import Job
from learning.jobs.services import Progress, submit
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.storage import services as storage_services
from learning.storage.models import StoredFile
from learning.storage.routes import download_url
from learning.web.csvutil import export_rows

KIND = "export"  # the stored files' kind: learning.storage FILE_ACCESS
# How often a running export reports progress (rows).
REPORT_EVERY = 1000
# How long an export file is kept for its owner (then the nightly purge forgets it).
KEEP_DAYS = 7


@dataclass(frozen=True)
class ExportSource:
    """A CSV a job can write: ``header(params)`` and ``rows(params)`` (streamed: read in
    batches, never all at once), ``count(params)`` for the progress bar, and the file's
    ``filename(params)``. They run in the owner's language."""

    header: Callable[[dict[str, Any]], Sequence[str]]
    rows: Callable[[dict[str, Any]], Iterable[Sequence[object]]]
    count: Callable[[dict[str, Any]], int]
    filename: Callable[[dict[str, Any]], str]


def fits_in_request(rows: int) -> bool:
    """Whether an export of ``rows`` rows is small enough to stream in the request
    (config ``EXPORT_INLINE_ROWS``); larger ones go through a job."""
    return rows <= current_app.config["EXPORT_INLINE_ROWS"]


def submit_export(kind: str, owner: User, params: dict[str, Any], total: int) -> Job:
    """Queue the export job ``kind`` for ``owner`` (the caller commits), or give back the same
    export of theirs still waiting or running (a link clicked twice makes one file). Raises
    QueueUnavailable when the queue cannot be reached."""
    unfinished = db.session.scalars(
        select(Job).where(
            Job.kind == kind, Job.owner_id == owner.id, Job.state.in_(("queued", "running"))
        )
    )
    for job in unfinished:
        if job.params == params:
            return job
    return submit(kind, owner=owner, params=params, total=total)


def _language(job: Job) -> str:
    owner = db.session.get(User, job.owner_id) if job.owner_id else None
    return owner.preferred_language if owner is not None else "es"


def run_export(job: Job, progress: Progress, source: ExportSource) -> None:
    """Write ``source``'s CSV for ``job.params`` and keep it for the job's owner. Progress is
    recorded beside the reading transaction (``Progress.aside``), so the rows stream from one
    query; a retried job starts the file again from the top."""
    params = job.params
    with force_locale(_language(job)):
        progress(0, total=source.count(params))
        with tempfile.TemporaryFile() as out:
            written = 0
            lines = export_rows(source.header(params), source.rows(params))
            out.write(next(lines).encode("utf-8"))
            for line in lines:
                out.write(line.encode("utf-8"))
                written += 1
                if written % REPORT_EVERY == 0:
                    progress.aside(written)
            db.session.commit()  # ends the reading transaction
            keep_result(job, progress, out, source.filename(params), written)


def keep_result(job: Job, progress: Progress, stream: IO[bytes], filename: str, done: int) -> None:
    """Store ``stream`` as the job's result file, private to its owner, and record it."""
    stream.seek(0)
    row = storage_services.store_upload(
        stream, filename, kind=KIND, uploader_id=job.owner_id, allowed=("csv", "zip")
    )
    job.result_file_id = row.id
    job.result = {**job.result, "rows": done}
    progress(done, total=done)


def result_link(job: Job) -> tuple[str, str] | None:
    """The job page's link to the file it made."""
    row = db.session.get(StoredFile, job.result_file_id) if job.result_file_id else None
    if row is None or not row.is_available:
        return None
    return _("Download %(name)s", name=row.original_name), download_url(row)


def file_access(user: Any, row: StoredFile) -> str:
    """An export is its owner's (and the admins'): others do not learn that it exists."""
    if not getattr(user, "is_authenticated", False):
        return storage_services.LOGIN
    if row.uploader_id == user.id or user.is_admin:
        return storage_services.ALLOW
    return storage_services.HIDE


def purge_exports(older_than: timedelta) -> int:
    """Forget export files made longer than ``older_than`` ago (storage gc then removes their
    objects); their jobs keep saying what they made. Returns how many; commits."""
    cutoff = utcnow() - older_than
    count = db.session.execute(
        delete(StoredFile).where(StoredFile.kind == KIND, StoredFile.created_at < cutoff)
    ).rowcount
    db.session.commit()
    return count
