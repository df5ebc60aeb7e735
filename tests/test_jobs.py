"""Background jobs through a real Huey consumer (threads) on the real queue: the SQLite file
here, Redis in CI's PostgreSQL pass (TEST_JOBS_URL). Jobs of test kinds run on an app of their
own (``app_factory``), so the kinds never reach the other tests' app."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from learning.jobs import queue, services
from learning.jobs.models import Job
from learning.jobs.queue import QueueUnavailable
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.platform.slots import JOB_KINDS, JOB_SCHEDULE
from tests.conftest import sign_in_as

CALLS: dict[str, int] = {}


def _count(job: Job, progress: services.Progress) -> None:
    """Counts to params["n"], recording each step in job.result; carries on where it was."""
    total = job.params["n"]
    done = job.result.get("counted", 0)
    for step in range(done, total):
        job.result = {"counted": step + 1}
        progress(step + 1, total=total)


def _flaky(job: Job, progress: services.Progress) -> None:
    CALLS[job.params["name"]] = CALLS.get(job.params["name"], 0) + 1
    if CALLS[job.params["name"]] <= job.params["fail_times"]:
        raise RuntimeError(f"attempt {CALLS[job.params['name']]} broke")
    progress(1, total=1)


def _wait_for_cancel(job: Job, progress: services.Progress) -> None:
    for step in range(10_000):
        progress(step, total=10_000)  # raises Cancelled once someone asks
        db.session.execute(select(1))


@pytest.fixture(scope="module")
def _jobs_app(app_factory) -> Flask:
    """One app for the module (each app keeps its own pool of database connections)."""
    other = app_factory(JOBS_RETRY_SECONDS=1, JOBS_ATTEMPTS=3, JOBS_STALE_SECONDS=60)
    JOB_KINDS.fill(other, services.JobKind("Counting", _count), key="test.count")
    JOB_KINDS.fill(other, services.JobKind("Flaky", _flaky), key="test.flaky")
    JOB_KINDS.fill(other, services.JobKind("Endless", _wait_for_cancel), key="test.endless")
    JOB_SCHEDULE.fill(other, services.Schedule("test.count", {"minute": "0"}), key="test.hourly")
    return other


@pytest.fixture
def jobs_app(app, _jobs_app) -> Flask:
    services.get_huey(_jobs_app).flush()
    yield _jobs_app
    services.get_huey(_jobs_app).flush()


def _submit(app: Flask, kind: str, owner: Any = None, **params: Any) -> int:
    with app.app_context():
        job = services.submit(kind, owner=owner, params=params)
        db.session.commit()
        return job.id


def _job(job_id: int) -> Job:
    db.session.expire_all()
    return db.session.get(Job, job_id)


def test_a_job_runs_on_the_consumer_with_progress(jobs_app, run_jobs):
    job_id = _submit(jobs_app, "test.count", n=5)
    assert _job(job_id).state == "queued"
    run_jobs(on=jobs_app)
    job = _job(job_id)
    assert (job.state, job.done, job.total, job.attempts) == ("done", 5, 5, 1)
    assert job.result == {"counted": 5}
    assert job.started_at <= job.finished_at


def test_a_rolled_back_transaction_queues_nothing(jobs_app):
    with jobs_app.app_context():
        services.submit("test.count", params={"n": 1})
        db.session.rollback()
        db.session.commit()  # a later commit must not queue what was rolled back
        assert services.get_huey(jobs_app).pending_count() == 0
    assert db.session.scalar(select(func.count(Job.id))) == 0


def test_an_unknown_kind_is_refused(jobs_app):
    with jobs_app.app_context(), pytest.raises(ValueError):
        services.submit("test.nope")


def test_a_failing_job_is_retried_with_growing_delays_then_succeeds(jobs_app, run_jobs):
    job_id = _submit(jobs_app, "test.flaky", name="twice", fail_times=2)
    run_jobs(on=jobs_app)
    job = _job(job_id)
    assert (job.state, job.attempts) == ("done", 3)
    assert CALLS["twice"] == 3
    # Delays of 1 s then 2 s (JOBS_RETRY_SECONDS × 2^(attempt-1)).
    assert (job.finished_at - job.created_at).total_seconds() >= 3


def test_a_job_out_of_attempts_fails_with_its_message(jobs_app, run_jobs, make_user):
    owner = make_user("ana@example.org")
    job_id = _submit(jobs_app, "test.flaky", owner=owner, name="always", fail_times=99)
    run_jobs(on=jobs_app)
    job = _job(job_id)
    assert (job.state, job.attempts) == ("failed", 3)
    assert job.message == "RuntimeError: attempt 3 broke"
    with jobs_app.app_context():
        client = sign_in_as(jobs_app.test_client(), owner)
        page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "The job stopped with an error after 3 attempts" in page
    assert "attempt 3 broke" in page


def test_a_job_left_running_by_a_killed_consumer_resumes(jobs_app, run_jobs):
    job_id = _submit(jobs_app, "test.count", n=4)
    services.get_huey(jobs_app).flush()  # its consumer died holding it
    with jobs_app.app_context():
        job = db.session.get(Job, job_id)
        job.state, job.attempts, job.done, job.total = "running", 1, 2, 4
        job.result = {"counted": 2}
        job.heartbeat_at = utcnow() - timedelta(seconds=61)
        db.session.commit()
        assert services.recover_stale() == 1
    assert _job(job_id).state == "queued"
    run_jobs(on=jobs_app)
    job = _job(job_id)
    assert (job.state, job.done, job.attempts) == ("done", 4, 2)


def test_a_stale_job_without_attempts_left_is_failed(jobs_app):
    job_id = _submit(jobs_app, "test.count", n=4)
    with jobs_app.app_context():
        job = db.session.get(Job, job_id)
        job.state, job.attempts = "running", 3
        job.heartbeat_at = utcnow() - timedelta(seconds=61)
        fresh = services.submit("test.count", params={"n": 1})
        fresh.state, fresh.heartbeat_at = "running", utcnow()
        db.session.commit()
        assert services.recover_stale() == 1, "a job with a recent heartbeat is left alone"
    job = _job(job_id)
    assert job.state == "failed" and "no attempts are left" in job.message


def test_the_owner_cancels_a_running_job(jobs_app, run_jobs, make_user):
    owner = make_user("ana@example.org")
    job_id = _submit(jobs_app, "test.endless", owner=owner)
    with jobs_app.app_context():
        client = sign_in_as(jobs_app.test_client(), owner)
        db.session.get(Job, job_id).state = "running"  # as a consumer would have it
        db.session.commit()
        response = client.post(f"/jobs/{job_id}/cancel")
        assert response.status_code == 303
        assert _job(job_id).cancel_requested
        db.session.get(Job, job_id).state = "queued"
        db.session.commit()
    run_jobs(on=jobs_app)
    job = _job(job_id)
    assert job.state == "cancelled" and job.done < 10_000


def test_cancelling_a_queued_job_stops_it_before_it_starts(jobs_app, run_jobs, make_user):
    owner = make_user("ana@example.org")
    job_id = _submit(jobs_app, "test.count", owner=owner, n=3)
    with jobs_app.app_context():
        client = sign_in_as(jobs_app.test_client(), owner)
        client.post(f"/jobs/{job_id}/cancel")
        again = client.post(f"/jobs/{job_id}/cancel", follow_redirects=True)
        assert "already finished" in again.get_data(as_text=True)
    run_jobs(on=jobs_app)
    job = _job(job_id)
    assert (job.state, job.done, job.attempts) == ("cancelled", 0, 0)


def test_job_pages_are_for_the_owner_and_admins(jobs_app, make_user):
    owner = make_user("ana@example.org", language="es")
    other = make_user("bea@example.org")
    admin = make_user("root@example.org", roles=["admin"])
    job_id = _submit(jobs_app, "test.count", owner=owner, n=3)
    with jobs_app.app_context():
        visitor = jobs_app.test_client()
        assert visitor.get(f"/jobs/{job_id}").status_code == 302
        assert visitor.get(f"/jobs/{job_id}.json").status_code == 302
        assert sign_in_as(jobs_app.test_client(), other).get(f"/jobs/{job_id}").status_code == 404
        stranger = sign_in_as(jobs_app.test_client(), other)
        assert stranger.post(f"/jobs/{job_id}/cancel").status_code == 404
        assert _job(job_id).state == "queued"
        assert sign_in_as(jobs_app.test_client(), admin).get(f"/jobs/{job_id}").status_code == 200
        mine = sign_in_as(jobs_app.test_client(), owner)
        mine.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es"
        page = mine.get(f"/jobs/{job_id}").get_data(as_text=True)
        assert "En espera" in page
        assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page
        assert 'src="/static/js/job.js' in page
        data = mine.get(f"/jobs/{job_id}.json").get_json()
        assert data == {
            "state": "queued",
            "state_label": "En espera",
            "done": 0,
            "total": None,
            "percent": None,
            "finished": False,
            "text": "Esperando un proceso libre.",
        }
        assert mine.get("/jobs/99999999999999999999").status_code == 404
        assert mine.get("/jobs/abc").status_code == 404


def test_scheduled_work_runs_once_however_many_consumers_fire_it(jobs_app, run_jobs):
    with jobs_app.app_context():
        first = services.fire_scheduled("test.hourly")
        second = services.fire_scheduled("test.hourly")  # another host's consumer, same minute
        assert first is not None and second is None
        first.params = {"n": 2}
        db.session.commit()
    run_jobs(on=jobs_app)
    [job] = db.session.scalars(select(Job)).all()
    assert job.state == "done" and job.idempotency_key.startswith("test.hourly:")


def test_the_admin_list_filters_and_retries(jobs_app, run_jobs, make_user):
    admin = make_user("root@example.org", roles=["admin"])
    job_id = _submit(jobs_app, "test.flaky", name="admin-retry", fail_times=3)
    run_jobs(on=jobs_app)
    assert _job(job_id).state == "failed"
    with jobs_app.app_context():
        client = sign_in_as(jobs_app.test_client(), admin)
        listed = client.get("/admin/jobs?state=failed").get_data(as_text=True)
        assert f"/jobs/{job_id}" in listed and "Start again" in listed
        # The zone is named once, in the column header, not in every cell (issue 22).
        assert '<th scope="col">Created (Mexico City time)</th>' in listed
        assert re.search(r'data-label="Created \(Mexico City time\)">[^<(]+</td>', listed)
        assert f"/jobs/{job_id}" not in client.get("/admin/jobs?state=done").get_data(True)
        assert client.get("/admin/jobs?state=exploded").status_code == 400
        assert client.get("/admin/jobs?kind=<script>").status_code == 400
        assert client.post(f"/admin/jobs/{job_id}/retry").status_code == 303
    run_jobs(on=jobs_app)
    job = _job(job_id)
    assert (job.state, CALLS["admin-retry"]) == ("done", 4)
    with jobs_app.app_context():
        again = client.post(f"/admin/jobs/{job_id}/retry", follow_redirects=True)
        assert "Only a failed or cancelled job" in again.get_data(as_text=True)
        participant = sign_in_as(jobs_app.test_client(), make_user("p@example.org"))
        assert participant.get("/admin/jobs").status_code == 403


def test_an_unreachable_queue_is_a_503_and_nothing_is_written(app, app_factory, make_user):
    down = app_factory(JOBS_URL="redis://127.0.0.1:1/0")
    JOB_KINDS.fill(down, services.JobKind("Counting", _count), key="test.count")
    admin = make_user("root@example.org", roles=["admin"], language="es")
    job_id = _submit_failed(down)
    with down.app_context():
        client = sign_in_as(down.test_client(), admin)
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es"
        response = client.post(f"/admin/jobs/{job_id}/retry")
        assert response.status_code == 503
        assert "no se puede alcanzar la cola" in response.get_data(as_text=True)
        ready = client.get("/readyz")
        assert ready.status_code == 503 and ready.get_json()["failed"] == ["queue"]
        with pytest.raises(QueueUnavailable):
            services.submit("test.count", params={"n": 1})
        db.session.rollback()
    job = _job(job_id)
    assert job.state == "failed" and job.attempts == 0, "the retry changed nothing"
    assert db.session.scalar(select(func.count(Job.id))) == 1


def test_a_queue_lost_between_the_check_and_the_commit_fails_the_job_visibly(
    jobs_app, make_user, monkeypatch
):
    """The queue answers submit's check, then is gone when the commit hands it the id: the
    job is marked failed (an admin retries it) and the person gets the 503 page."""
    admin = make_user("root@example.org", roles=["admin"])
    job_id = _submit_failed(jobs_app)

    def gone(huey: Any, job_id: int, delay: Any = None) -> None:
        raise QueueUnavailable("connection lost")

    monkeypatch.setattr(queue, "enqueue", gone)  # a real outage cannot be timed this finely
    with jobs_app.app_context():
        client = sign_in_as(jobs_app.test_client(), admin)
        response = client.post(f"/admin/jobs/{job_id}/retry")
        assert response.status_code == 503
        assert "cannot be reached" in response.get_data(as_text=True)
    job = _job(job_id)
    assert job.state == "failed" and job.message == "Not queued: connection lost"


def _submit_failed(app: Flask) -> int:
    with app.app_context():
        job = Job(kind="test.count", params={"n": 1}, result={}, state="failed")
        db.session.add(job)
        db.session.commit()
        return job.id
