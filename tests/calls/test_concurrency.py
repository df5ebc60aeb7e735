"""The close holds under simultaneous submissions, on SQLite and on PostgreSQL: fifty
applicants submit at once, in the same second as the close; real threads, each with its own
app context (its own session and connection), all released together."""

from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import select

from learning.calls.models import Call, CallApplication
from learning.calls.services import applications
from learning.calls.services.common import CallError
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db

PEOPLE = 50


def test_fifty_submissions_in_the_second_of_the_close(app, make_call, make_user, filled):
    call = make_call(rules={"country": ["MX"]})
    ids = [filled(make_user(), call).id for _ in range(PEOPLE)]
    start = threading.Barrier(PEOPLE)
    errors: list[BaseException] = []
    refused: list[str] = []
    call.closes_at = utcnow() + timedelta(milliseconds=1500)
    db.session.commit()
    closes_at = call.closes_at
    # Released together just before the close: some get the lock in time, the others wait for
    # it past the close (the answer is the same whichever way the race goes on this machine).

    def submit(application_id: int) -> None:
        try:
            start.wait(timeout=30)
            with app.app_context():
                try:
                    applications.submit(db.session.get(CallApplication, application_id))
                    db.session.commit()
                except CallError as exc:
                    db.session.rollback()
                    refused.append(exc.code)
                db.session.remove()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=submit, args=(i,)) for i in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    db.session.expire_all()
    rows = db.session.scalars(
        select(CallApplication).where(CallApplication.call_id == call.id)
    ).all()
    submitted = [r for r in rows if r.state == "submitted"]
    # Every request got an answer: accepted before the close, or refused because it closed.
    assert len(submitted) + len(refused) == PEOPLE
    assert set(refused) <= {"closed"}
    assert submitted, "some got in before the close"
    assert all(r.submitted_at < closes_at for r in submitted)
    assert all(r.state == "draft" and r.submitted_at is None for r in rows if r not in submitted)
    assert db.session.get(Call, call.id).status == "open"
