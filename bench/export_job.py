"""Export benchmark: every enrolment of a seeded programme as CSV through the export job.

    DATABASE_URL=sqlite:////tmp/perf_l.db .venv/bin/python -m bench.export_job

Seed first (``flask --app wsgi seed --size l``). Submits the administrators' export of every
enrolment, runs it in this process as a consumer would (``execute``), and prints the rows
written, the time, the Python memory the job allocated at its peak (tracemalloc) and how much
the process's resident memory grew. The file goes to local storage in a temporary folder.
Exit status 0 when the job is done and its peak stays under ``--limit-mb``.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
import tracemalloc

from sqlalchemy import select


def main(argv: list[str] | None = None) -> int:
    """Run the export once and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--limit-mb", type=float, default=100.0)
    args = parser.parse_args(argv)
    if not args.database_url:
        sys.exit("set DATABASE_URL to a seeded database (flask --app wsgi seed --size l)")

    from learning import create_app
    from learning.accounts.models import User, UserRole
    from learning.admin.exports import ENROLMENTS_EXPORT
    from learning.jobs import services
    from learning.jobs.exports import submit_export
    from learning.jobs.models import Job
    from learning.platform.extensions import db
    from learning.storage.models import StoredFile

    with tempfile.TemporaryDirectory() as workdir:
        app = create_app(
            {
                "PUENTE_ENV": "testing",
                "SQLALCHEMY_DATABASE_URI": args.database_url,
                "STORAGE_BACKEND": "local",
                "STORAGE_LOCAL_ROOT": workdir,
                "JOBS_URL": f"sqlite:///{workdir}/jobs.db",
                "RATELIMIT_STORAGE_URI": "memory://",
            }
        )
        with app.app_context():
            admin = db.session.scalar(
                select(User).join(UserRole).where(UserRole.role == "admin").limit(1)
            )
            if admin is None:
                sys.exit("the database has no administrator: is it seeded?")
            job = submit_export(ENROLMENTS_EXPORT, admin, {}, 0)
            db.session.commit()
            job_id = job.id
            db.session.expunge_all()
            rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            tracemalloc.start()
            started = time.perf_counter()
            services.execute(job_id)
            elapsed = time.perf_counter() - started
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            job = db.session.get(Job, job_id)
            stored = db.session.get(StoredFile, job.result_file_id) if job.result_file_id else None
            size = stored.size / 1024 / 1024 if stored else 0
            backend = args.database_url.split(":", 1)[0]
            print(f"export of every enrolment ({backend}): {job.state}, {job.done:,} rows")
            print(f"time: {elapsed:.1f} s ({job.done / elapsed:,.0f} rows/s); file {size:.1f} MB")
            print(f"peak Python memory of the job (tracemalloc): {peak / 1024 / 1024:.1f} MB")
            print(f"resident memory: {rss_before:.0f} MB before, peak {rss_after:.0f} MB after")
            db.session.delete(job)
            db.session.commit()
    return 0 if job.state == "done" and peak / 1024 / 1024 < args.limit_mb else 1


if __name__ == "__main__":
    sys.exit(main())
