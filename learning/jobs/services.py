"""Submitting, running, watching and stopping jobs.

A feature offers work by filling the slot ``JOB_KINDS`` with a :class:`JobKind` and asks for
it with :func:`submit`, which adds the row to the request's transaction. The id goes on the
queue only when that transaction commits (a rolled-back request queues nothing); when the
queue cannot be reached the commit raises ``QueueUnavailable``, the feature's error handler
marks those jobs failed and answers 503, and an admin can retry them later.

A consumer claims a queued job (one UPDATE, so two consumers never run the same one), runs its
kind with a :class:`Progress` that commits the work done so far and the heartbeat, and marks
it done, cancelled or, after ``JOBS_ATTEMPTS`` attempts with growing delays, failed. A
consumer killed mid-job leaves the row ``running`` with a stale heartbeat: the next sweep
(every minute, and when a consumer starts) queues it again, to resume, and its kind carries on
from what it had recorded; a job out of attempts is marked failed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from flask import Flask, current_app
from huey import Huey
from sqlalchemy import event, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from learning.accounts.models import User
from learning.jobs import queue
from learning.jobs.models import Job
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.platform.slots import JOB_KINDS, JOB_SCHEDULE

log = logging.getLogger(__name__)
_PENDING = "puente.jobs.to_enqueue"
_UNQUEUED = "puente.jobs.unqueued"
_HUEY = "jobs.huey"


def _nothing(job: Job) -> None:
    return None


@dataclass(frozen=True)
class JobKind:
    """Work that runs on the queue. ``run(job, progress)`` does it (it may be run again after
    a failure or a lost worker: it must carry on from what ``job.result`` records, never
    repeat what was done); the rest say what the job page shows, in the reader's language:
    ``label`` (lazy string), ``summary(job)`` when done, ``back(job)`` and ``result(job)``
    as (label, url) links, and ``may_see(user, job)`` for readers beyond its owner and the
    admins."""

    label: Any
    run: Callable[[Job, Progress], None]
    summary: Callable[[Job], str | None] = _nothing
    back: Callable[[Job], tuple[str, str] | None] = _nothing
    result: Callable[[Job], tuple[str, str] | None] = _nothing
    may_see: Callable[[User, Job], bool] | None = None


@dataclass(frozen=True)
class Schedule:
    """Scheduled work: a job of ``kind`` submitted at the times ``crontab`` (Huey's crontab
    arguments: minute, hour, day, month, day_of_week) names."""

    kind: str
    crontab: dict[str, str] = field(default_factory=dict)


class Cancelled(Exception):
    """Raised by ``Progress`` when the job's owner or an admin asked it to stop."""


class Progress:
    """What a running job reports: each call records how far it got, renews the heartbeat and
    commits the work done so far (call it between finished chunks), then stops the job with
    ``Cancelled`` if someone asked."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self.job_id = job.id  # reading job.id after a commit would load the whole row again

    def __call__(self, done: int, total: int | None = None) -> None:
        # Statements, not the row's attributes: reading the row back after each commit would
        # load its ``result`` again (a roster import keeps 10,000 e-mails there).
        values: dict[str, Any] = {"done": done, "heartbeat_at": utcnow()}
        if total is not None:
            values["total"] = total
        db.session.execute(update(Job).where(Job.id == self.job_id).values(**values))
        db.session.commit()
        if db.session.scalar(select(Job.cancel_requested).where(Job.id == self.job_id)):
            raise Cancelled

    def aside(self, done: int) -> None:
        """Record progress on a connection of its own, leaving the job's transaction (and a
        query it is still reading) open; stops with ``Cancelled`` if someone asked."""
        with db.engine.begin() as connection:
            connection.execute(
                update(Job).where(Job.id == self.job_id).values(done=done, heartbeat_at=utcnow())
            )
            stop = connection.scalar(select(Job.cancel_requested).where(Job.id == self.job_id))
        if stop:
            raise Cancelled


# Submitting -------------------------------------------------------------------------------------


def submit(
    kind: str,
    *,
    owner: User | None = None,
    params: dict[str, Any] | None = None,
    total: int | None = None,
    key: str | None = None,
) -> Job:
    """Add a queued job of ``kind`` to the current transaction; it goes on the queue when the
    transaction commits. Raises ValueError for a kind nobody offers, and QueueUnavailable
    (before writing anything) when the queue cannot be reached."""
    if JOB_KINDS.get(kind) is None:
        raise ValueError(f"no job kind {kind!r}")
    ping()
    job = Job(
        kind=kind,
        owner_id=owner.id if owner is not None else None,
        params=params or {},
        result={},
        total=total,
        idempotency_key=key,
        state="queued",
    )
    db.session.add(job)
    db.session.flush()
    _queue_after_commit(job.id)
    return job


def _queue_after_commit(job_id: int) -> None:
    db.session.info.setdefault(_PENDING, []).append(job_id)


def _after_commit(session: Session) -> None:
    ids = session.info.pop(_PENDING, None)
    if not ids:
        return
    huey = get_huey()
    for position, job_id in enumerate(ids):
        try:
            queue.enqueue(huey, job_id)
        except queue.QueueUnavailable as exc:
            # No SQL may run here, and raising would leave the session unusable: the jobs
            # are marked failed by ``settle_unqueued`` once the commit has finished.
            log.error("jobs %s committed but not queued: %s", ids[position:], exc)
            session.info[_UNQUEUED] = (ids[position:], str(exc))
            return


def _after_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)


def listen() -> None:
    """Queue submitted jobs when their transaction commits, forget them when it rolls back."""
    if not event.contains(Session, "after_commit", _after_commit):
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_rollback", _after_rollback)


def settle_unqueued() -> bool:
    """Jobs the last commit could not put on the queue (it went away between ``submit``'s
    check and the commit): marked failed, for an admin to retry. Commits; returns whether
    there were any."""
    if not db.session.registry.has():
        return False  # runs after every request: a request that opened no session queued nothing
    found = db.session.info.pop(_UNQUEUED, None)
    if not found:
        return False
    ids, reason = found
    db.session.execute(
        update(Job)
        .where(Job.id.in_(ids), Job.state == "queued")
        .values(state="failed", message=f"Not queued: {reason}"[:500], finished_at=utcnow())
    )
    db.session.commit()
    return True


# The queue ------------------------------------------------------------------------------------


def schedules(app: Flask) -> dict[str, Schedule]:
    """The scheduled work every feature asked for, by name."""
    return {name: JOB_SCHEDULE.get(name, app=app) for name in JOB_SCHEDULE.keys(app=app)}


def get_huey(app: Flask | None = None) -> Huey:
    """The app's queue (built on first use, when every feature has filled the slots)."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    found = app.extensions.get(_HUEY)
    if found is None:
        found = app.extensions[_HUEY] = queue.build(
            app, execute, schedules(app), fire_scheduled, recover_stale
        )
    return found


def ping() -> None:
    """Check that the queue answers. Raises queue.QueueUnavailable."""
    queue.ping(get_huey())


def fire_scheduled(name: str) -> Job | None:
    """Submit the run of scheduled work ``name`` for this minute, unless another consumer
    already did; returns the job, or None."""
    schedule = JOB_SCHEDULE.get(name)
    key = f"{name}:{utcnow():%Y-%m-%dT%H:%M}"
    try:
        job = submit(schedule.kind, key=key)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return None
    settle_unqueued()
    return job


# Running ----------------------------------------------------------------------------------------


def execute(job_id: int) -> None:
    """Run job ``job_id`` if it is still queued (the queue may deliver an id twice)."""
    now = utcnow()
    claimed = db.session.execute(
        update(Job)
        .where(Job.id == job_id, Job.state == "queued")
        .values(state="running", started_at=now, heartbeat_at=now, attempts=Job.attempts + 1)
    ).rowcount
    db.session.commit()
    if not claimed:
        return
    job = db.session.get(Job, job_id)
    kind = JOB_KINDS.get(job.kind)
    try:
        if kind is None:
            raise LookupError(f"no job kind {job.kind!r}")
        if job.cancel_requested:
            raise Cancelled
        kind.run(job, Progress(job))
    except Cancelled:
        db.session.rollback()
        _finish(job_id, "cancelled")
    except Exception as exc:
        db.session.rollback()
        log.exception("job %s (%s) failed", job_id, job.kind)
        _failed(job_id, f"{type(exc).__name__}: {exc}")
    else:
        job.done = job.total if job.total is not None else job.done
        db.session.commit()
        _finish(job_id, "done")


def _finish(job_id: int, state: str, message: str | None = None) -> None:
    values: dict[str, Any] = {"state": state, "finished_at": utcnow(), "heartbeat_at": None}
    if message is not None:
        values["message"] = message[:500]
    db.session.execute(update(Job).where(Job.id == job_id).values(**values))
    db.session.commit()


def _failed(job_id: int, message: str) -> None:
    """An attempt failed: try again after a growing delay while attempts are left."""
    job = db.session.get(Job, job_id)
    if job.attempts >= current_app.config["JOBS_ATTEMPTS"]:
        _finish(job_id, "failed", message)
        return
    job.state = "queued"
    job.message = message[:500]
    job.heartbeat_at = None
    db.session.commit()
    delay = current_app.config["JOBS_RETRY_SECONDS"] * 2 ** (job.attempts - 1)
    try:
        queue.enqueue(get_huey(), job_id, delay=delay)
    except queue.QueueUnavailable as exc:
        _finish(job_id, "failed", f"{message}; not queued again: {exc}")


def recover_stale() -> int:
    """Jobs left ``running`` by a consumer that stopped (no heartbeat for JOBS_STALE_SECONDS):
    queued again to resume while attempts are left, else failed. Returns how many."""
    cutoff = utcnow() - timedelta(seconds=current_app.config["JOBS_STALE_SECONDS"])
    stale = db.session.scalars(
        select(Job).where(Job.state == "running", Job.heartbeat_at < cutoff)
    ).all()
    for job in stale:
        if job.attempts >= current_app.config["JOBS_ATTEMPTS"]:
            job.state, job.finished_at = "failed", utcnow()
            job.message = "The worker running it stopped, and no attempts are left."
        else:
            job.state = "queued"
            job.message = "The worker running it stopped; it will carry on."
            _queue_after_commit(job.id)
        job.heartbeat_at = None
    db.session.commit()
    settle_unqueued()
    return len(stale)


# Watching and stopping -----------------------------------------------------------------------


def may_see(user: User, job: Job) -> bool:
    """Its owner, the admins, and whoever its kind lets in."""
    if not user.is_authenticated:
        return False
    if job.owner_id == user.id or user.is_admin:
        return True
    kind = JOB_KINDS.get(job.kind)
    return bool(kind and kind.may_see and kind.may_see(user, job))


def cancel(job: Job) -> bool:
    """Stop ``job``: a queued one at once, a running one at its next progress report.
    Returns False when it had already finished."""
    if job.finished:
        return False
    if job.state == "queued":
        job.state, job.finished_at = "cancelled", utcnow()
    else:
        job.cancel_requested = True
    return True


def retry(job: Job) -> bool:
    """Queue a failed or cancelled job again with all its attempts (it carries on from what it
    recorded). Returns False for a job that has not finished or that succeeded."""
    if job.state not in ("failed", "cancelled"):
        return False
    ping()
    job.state, job.attempts, job.cancel_requested = "queued", 0, False
    job.finished_at = job.heartbeat_at = None
    job.message = None
    _queue_after_commit(job.id)
    return True
