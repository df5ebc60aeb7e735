"""CSV import benchmark: upload, preview and confirm a roster of N rows through the app, then
run the import job on a real Huey consumer.

Half the rows are people with an account (enrolled: seats, then the waitlist), half are new
e-mails (invited); a few are refused. Runs against a fresh SQLite file (or DATABASE_URL; the
queue is a SQLite file, or JOBS_URL) and prints the preview and confirm request times, the
job's total time, the e-mails in the outbox and the process's peak memory:

    .venv/bin/python -m bench.csv_import --rows 10000 --notify
"""

from __future__ import annotations

import argparse
import io
import os
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

MiB = 1024 * 1024


def build_csv(rows: int) -> bytes:
    """A semicolon-separated, BOM-prefixed file the way Excel saves it."""
    lines = ["email;nombre;país;organización;sector;idioma"]
    for n in range(rows):
        if n % 500 == 499:
            lines.append(f"not-an-email-{n};Persona {n};MX;;;")
            continue
        lines.append(f"person{n}@example.org;Persona Núñez {n};México;Radio {n % 40};media;es")
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode()


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; 0 when the confirm of ``--rows`` takes under ``--target-s``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--target-s", type=float, default=1.0, help="for the confirm request")
    parser.add_argument("--notify", action="store_true", help="also write every e-mail")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as workdir:
        root = Path(workdir)
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{root / 'bench.db'}"
        from flask_migrate import upgrade

        from learning import create_app
        from learning.platform.extensions import db

        app = create_app(
            {
                "PUENTE_ENV": "testing",
                "SQLALCHEMY_DATABASE_URI": url,
                "WTF_CSRF_ENABLED": False,
                "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
                "MAIL_SERVER": None,
                "MAIL_OUTBOX": str(root / "outbox"),
                "STORAGE_BACKEND": "local",
                "STORAGE_LOCAL_ROOT": str(root / "objects"),
                "RATELIMIT_STORAGE_URI": "memory://",
                "SERVER_NAME": "bench.local",
                "JOBS_URL": os.environ.get("JOBS_URL") or f"sqlite:///{root / 'jobs.db'}",
            }
        )
        with app.app_context():
            upgrade(revision="heads")
            edition_id, trainer = _world(args.rows)
            client = app.test_client()
            with client.session_transaction() as session:
                session["_user_id"] = trainer.get_id()
                session["_fresh"] = True
            data = build_csv(args.rows)
            print(f"{args.rows} rows, {len(data) / MiB:.1f} MB")
            started = time.perf_counter()
            response = client.post(
                f"/editions/{edition_id}/import",
                data={"file": (io.BytesIO(data), "roster.csv")},
                content_type="multipart/form-data",
            )
            preview = time.perf_counter() - started
            page = response.get_data(True)
            assert response.status_code == 200, page[:500]
            upload = re.search(r"/import/(\d+)/confirm", page).group(1)
            print(f"preview: {preview:.2f} s ({args.rows / preview:,.0f} rows/s)")
            started = time.perf_counter()
            form = {"import_id": upload}
            if args.notify:
                form["notify"] = "y"
            response = client.post(f"/editions/{edition_id}/import/{upload}/confirm", data=form)
            confirm = time.perf_counter() - started
            assert response.status_code == 303, response.get_data(True)[:500]
            mails = "with" if args.notify else "without"
            print(f"confirm request ({mails} e-mails): {confirm:.3f} s")
            job_id = int(response.headers["Location"].rsplit("/", 1)[1])
            before = _peak_mb()
            elapsed, state = _run_job(app, job_id)
            outbox = root / "outbox"
            sent = len(list(outbox.iterdir())) if outbox.exists() else 0
            print(f"job: {state} in {elapsed:.1f} s; e-mails in the outbox: {sent:,}")
            after = _peak_mb()
            print(f"peak memory: {before:.0f} MB before the job, {after:.0f} MB after")
            db.engine.dispose()
    return 0 if confirm < args.target_s else 1


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _run_job(app, job_id: int) -> tuple[float, str]:
    """A real consumer (one worker thread) runs the job; returns its time and final state."""
    from learning.jobs import services
    from learning.jobs.models import Job
    from learning.platform.extensions import db

    consumer = services.get_huey(app).create_consumer(
        workers=1, periodic=False, initial_delay=0.01, backoff=1.0, max_delay=0.05
    )
    started = time.perf_counter()
    consumer.start()
    try:
        while True:
            db.session.rollback()
            job = db.session.get(Job, job_id)
            db.session.refresh(job)
            if job.finished:
                return time.perf_counter() - started, job.state
            time.sleep(0.2)
    finally:
        consumer.stop(graceful=True)


def _world(rows: int):
    """A trainer, a published workshop, an edition of 1,000 seats, and accounts for half the
    rows (inserted in bulk, with a cheap password hash)."""
    from sqlalchemy import insert

    from learning.accounts import services as accounts
    from learning.accounts.models import User
    from learning.enrolment.services import editions
    from learning.platform.dbtypes import utcnow
    from learning.platform.extensions import db
    from learning.workshops.services import authoring, curriculum, lessons
    from learning.workshops.services.authoring import WorkshopData
    from learning.workshops.services.common import Texts
    from learning.workshops.services.curriculum import ModuleData
    from learning.workshops.services.lessons import LessonData

    trainer = accounts.register(
        email="trainer@bench.local",
        name="Trainer",
        password="bench-password-2026",  # noqa: S106 - a throwaway database
        preferred_language="es",
        confirmed=True,
    )
    accounts.set_roles(trainer, {"trainer"})
    workshop = authoring.save_workshop(
        None,
        WorkshopData(slug="bench", texts={"es": Texts(title="Banco")}, trainer_ids=[trainer.id]),
        author=trainer,
    )
    module = curriculum.save_module(workshop, None, ModuleData(texts={"es": Texts(title="M")}))
    lessons.save_lesson(module, None, LessonData(kind="text", texts={"es": Texts(title="L")}))
    authoring.publish(workshop)
    today = utcnow().date()
    edition, _ = editions.save_edition(
        workshop,
        None,
        editions.EditionData(name="Bench", starts_on=today, ends_on=today, capacity=1000),
    )
    hashed = trainer.password_hash
    db.session.execute(
        insert(User),
        [
            {
                "email": f"person{n}@example.org",
                "name": f"Persona {n}",
                "password_hash": hashed,
                "preferred_language": "es",
                "confirmed_at": utcnow(),
            }
            for n in range(0, rows, 2)
        ],
    )
    db.session.commit()
    return edition.id, trainer


if __name__ == "__main__":
    sys.exit(main())
