"""Job queue drain: N small jobs, two consumer processes on one Redis, each job run once.

    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test \\
        .venv/bin/python -m bench.jobs_drain --jobs 1000 --consumers 2

Submits ``--jobs`` jobs of a bench kind whose run appends its job id to a Redis list, starts
``--consumers`` processes (each a Huey consumer with two threads, as ``flask jobs worker``),
waits until no job is queued or running, then prints the time taken, jobs per second, how many
runs the list recorded and how many ids ran more than once or never. Exit status 0 only when
every job ran exactly once and is ``done``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter

from redis import Redis
from sqlalchemy import func, select

RUNS = "puente-bench:runs"


def _app(database_url: str, jobs_url: str):
    from learning import create_app
    from learning.jobs.services import JobKind
    from learning.platform.slots import JOB_KINDS

    app = create_app(
        {
            "PUENTE_ENV": "testing",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "JOBS_URL": jobs_url,
            "MAIL_SERVER": None,
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )
    JOB_KINDS.fill(app, JobKind("Bench tick", _tick), key="bench.tick")
    return app


def _tick(job, progress) -> None:
    """The bench job: record that it ran (outside the database, so a double run shows)."""
    Redis.from_url(os.environ["BENCH_REDIS"]).rpush(RUNS, job.id)
    progress(1, total=1)


def _worker(database_url: str, jobs_url: str) -> None:
    from learning.jobs import services

    app = _app(database_url, jobs_url)
    services.get_huey(app).create_consumer(workers=2, worker_type="thread", periodic=False).run()


def main(argv: list[str] | None = None) -> int:
    """Run the drain; see the module's docstring."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=1000)
    parser.add_argument("--consumers", type=int, default=2)
    parser.add_argument(
        "--redis", default=os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/11")
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    os.environ["BENCH_REDIS"] = args.redis
    with tempfile.TemporaryDirectory() as workdir:
        database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{workdir}/bench.db"
        if args.worker:
            _worker(database_url, args.redis)
            return 0
        return _drain(args, database_url)


def _drain(args: argparse.Namespace, database_url: str) -> int:
    from flask_migrate import upgrade

    from learning.jobs import services
    from learning.jobs.models import Job
    from learning.platform.extensions import db

    app = _app(database_url, args.redis)
    redis = Redis.from_url(args.redis)
    redis.flushdb()
    with app.app_context():
        upgrade(revision="heads")
        db.session.execute(Job.__table__.delete())
        db.session.commit()
        for _ in range(args.jobs):
            services.submit("bench.tick")
        db.session.commit()  # queues them all
        env = {**os.environ, "DATABASE_URL": database_url}
        started = time.perf_counter()
        workers = [
            subprocess.Popen(  # noqa: S603 - this script, fixed arguments
                [sys.executable, "-m", "bench.jobs_drain", "--worker", "--redis", args.redis],
                env=env,
            )
            for _ in range(args.consumers)
        ]
        try:
            while True:
                db.session.rollback()
                busy = db.session.scalar(
                    select(func.count(Job.id)).where(Job.state.in_(("queued", "running")))
                )
                if not busy:
                    break
                time.sleep(0.1)
            elapsed = time.perf_counter() - started
        finally:
            for worker in workers:
                worker.terminate()
            for worker in workers:
                worker.wait(timeout=30)
        done = db.session.scalar(select(func.count(Job.id)).where(Job.state == "done"))
        ids = set(db.session.scalars(select(Job.id)))
    runs = Counter(int(value) for value in redis.lrange(RUNS, 0, -1))
    twice = sum(1 for count in runs.values() if count > 1)
    never = len(ids - set(runs))
    backend = database_url.split(":", 1)[0]
    print(f"{args.jobs} jobs, {args.consumers} consumers on Redis, database {backend}")
    print(f"drained in {elapsed:.1f} s ({args.jobs / elapsed:,.0f} jobs/s)")
    print(f"done: {done}; runs recorded: {sum(runs.values())}; twice: {twice}; never: {never}")
    return 0 if done == args.jobs and twice == 0 and never == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
