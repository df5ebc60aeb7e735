"""Capacity holds under simultaneous requests: real threads, each with its own app context
(so its own session and database connection), against PostgreSQL."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from learning.platform.extensions import db
from learning.workshops.models import Edition, Enrolment


def test_twenty_simultaneous_enrolments_into_five_seats(
    app, workshop_world, make_edition, make_user
):
    if db.engine.dialect.name != "postgresql":
        pytest.skip(
            "row locks need PostgreSQL; CI runs the suite on PostgreSQL too "
            "(TEST_DATABASE_URL=postgresql+psycopg://…)"
        )
    from learning.enrolment.services import seats

    edition_id = make_edition(workshop_world.workshop, capacity=5).id
    user_ids = [make_user().id for _ in range(20)]
    start = threading.Barrier(20)
    errors: list[BaseException] = []

    def enrol(user_id: int) -> None:
        from learning.accounts.models import User

        try:
            # All start together; the pool (15 connections) makes some wait for a connection.
            start.wait(timeout=30)
            with app.app_context():
                user = db.session.get(User, user_id)
                edition = db.session.get(Edition, edition_id)
                seats.enrol(user, edition)
                db.session.commit()
                db.session.remove()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=enrol, args=(uid,)) for uid in user_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    db.session.expire_all()
    counts = dict(
        db.session.execute(
            select(Enrolment.state, func.count())
            .where(Enrolment.edition_id == edition_id)
            .group_by(Enrolment.state)
        ).all()
    )
    assert counts == {"active": 5, "waitlisted": 15}
