"""Capacity holds under simultaneous registrations, on SQLite and on PostgreSQL: real
threads, each with its own app context (its own session and connection), all released at once."""

from __future__ import annotations

import threading

from sqlalchemy import select

from learning.accounts.models import User
from learning.events.models import Event, EventRegistration
from learning.events.services import registrations
from learning.platform.extensions import db

PEOPLE = 30
PLACES = 10


def test_thirty_simultaneous_registrations_for_ten_places(app, make_event, make_user):
    event_id = make_event(capacity=PLACES).id
    user_ids = [make_user().id for _ in range(PEOPLE)]
    start = threading.Barrier(PEOPLE)
    errors: list[BaseException] = []

    def register(user_id: int) -> None:
        try:
            start.wait(timeout=30)
            with app.app_context():
                user = db.session.get(User, user_id)
                event = db.session.get(Event, event_id)
                registrations.register(user, event, registrations.Answers())
                db.session.commit()
                db.session.remove()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=register, args=(uid,)) for uid in user_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    db.session.expire_all()
    rows = db.session.scalars(
        select(EventRegistration)
        .where(EventRegistration.event_id == event_id)
        .order_by(EventRegistration.id)
    ).all()
    states = [r.state for r in rows]
    assert len(rows) == PEOPLE
    assert states.count("registered") == PLACES
    assert states.count("waitlisted") == PEOPLE - PLACES
    waiting = sorted((r for r in rows if r.state == "waitlisted"), key=lambda r: r.position)
    # In order: positions 1…20 with no gap or repeat, given in the order people got the lock
    # (each registration was written after the one before it, so its time is not earlier).
    assert [r.position for r in waiting] == list(range(1, PEOPLE - PLACES + 1))
    assert [r.created_at for r in waiting] == sorted(r.created_at for r in waiting)
    latest_registered = max(r.created_at for r in rows if r.state == "registered")
    assert all(r.created_at >= latest_registered for r in waiting)
