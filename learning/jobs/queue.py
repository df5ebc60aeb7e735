"""The queue under the jobs: Huey, built from ``JOBS_URL`` once per app.

``redis://…`` gives a ``RedisHuey``: any number of consumers on any number of hosts.
``sqlite:///path`` (the default, a file under ``instance/``) gives a ``SqliteHuey``: consumers
on the same host as the file. The queue carries only job ids (``run_job``); what a job is and
how far it got lives in the ``jobs`` table (learning/jobs/models.py).

Scheduled work (the slot ``JOB_SCHEDULE``) becomes Huey periodic tasks. Every consumer's
scheduler fires them; each run is one row, named by the kind and the minute it fired
(``Job.idempotency_key``), so a run happens once however many consumers there are.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask
from huey import Huey, RedisHuey, SqliteHuey, crontab
from redis import ConnectionPool


class QueueUnavailable(Exception):
    """The queue could not be reached (Redis down, the SQLite file not writable)."""


def make_huey(url: str) -> Huey:
    """The Huey for ``url``. Raises ValueError for a scheme we do not know."""
    if url.startswith(("redis://", "rediss://", "unix://")):
        # Timeouts, so that a Redis that went away fails a request in seconds, not minutes.
        pool = ConnectionPool.from_url(url, socket_timeout=5, socket_connect_timeout=5)
        return RedisHuey("puente", connection_pool=pool, results=False)
    if url.startswith("sqlite:///"):
        return SqliteHuey("puente", filename=url[len("sqlite:///") :], results=False)
    raise ValueError(f"JOBS_URL must start with redis:// or sqlite:///, got {url!r}")


def build(
    app: Flask,
    execute: Callable[[int], Any],
    schedules: dict[str, Any],
    fire: Callable[[str], Any],
    sweep: Callable[[], Any],
) -> Huey:
    """The app's Huey with its one task (``execute(job id)`` in an app context), a periodic
    task per entry of ``schedules`` (name -> object with a ``crontab`` dict) calling
    ``fire(name)``, and ``sweep()`` every minute."""
    huey = make_huey(app.config["JOBS_URL"])

    @huey.task(name="puente.run_job")
    def run_job(job_id: int) -> None:
        with app.app_context():
            execute(job_id)

    huey.puente_run_job = run_job  # type: ignore[attr-defined]
    for name, schedule in schedules.items():
        huey.periodic_task(crontab(**schedule.crontab), name=f"puente.every.{name}")(
            _periodic(app, name, fire)
        )
    huey.periodic_task(crontab(), name="puente.sweep")(_periodic(app, "sweep", lambda _: sweep()))
    return huey


def _periodic(app: Flask, name: str, fire: Callable[[str], Any]) -> Callable[[], None]:
    def run() -> None:
        with app.app_context():
            fire(name)

    run.__name__ = f"every_{name.replace('.', '_')}"
    return run


def enqueue(huey: Huey, job_id: int, *, delay: float | None = None) -> None:
    """Put job ``job_id`` on the queue (after ``delay`` seconds). Raises QueueUnavailable."""
    try:
        if delay:
            huey.puente_run_job.schedule((job_id,), delay=delay)  # type: ignore[attr-defined]
        else:
            huey.puente_run_job(job_id)  # type: ignore[attr-defined]
    except Exception as exc:  # redis, sqlite3: any failure means the job is not queued
        raise QueueUnavailable(str(exc)) from exc


def ping(huey: Huey) -> None:
    """Check that the queue answers. Raises QueueUnavailable."""
    try:
        huey.pending_count()
    except Exception as exc:  # any failure means unreachable
        raise QueueUnavailable(str(exc)) from exc
