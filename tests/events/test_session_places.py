"""Sessions with places of their own (issue 18): organisers set a limit on a session; people
with a place at the event take a place in it or join its waitlist; a freed place goes to the
first person waiting; leaving the event frees the session places; 30 people asking at once for
a 10-place session give exactly 10 places (real threads, SQLite and PostgreSQL)."""

from __future__ import annotations

import threading

from sqlalchemy import select

from learning.accounts.models import User
from learning.events.models import EventSession, EventSessionPlace
from learning.events.services import places, registrations
from learning.platform.extensions import db
from tests.events.conftest import wall

PEOPLE = 30
PLACES = 10


def _places(session):
    db.session.expire_all()
    return {
        p.user_id: (p.state, p.position)
        for p in db.session.scalars(
            select(EventSessionPlace).where(EventSessionPlace.session_id == session.id)
        )
    }


def _registered(event, make_user, n, **fields):
    people = [make_user(**fields) for _ in range(n)]
    for person in people:
        registrations.register(person, event, registrations.Answers())
    db.session.commit()
    return people


def test_people_take_places_in_a_limited_session_and_the_waitlist_moves(
    make_event, make_user, add_session, client_for
):
    event = make_event()
    session = add_session(event, start=wall(10, 11), capacity=1)
    a, b = _registered(event, make_user, 2)
    ca, cb = client_for(a), client_for(b)
    mine = registrations.find(event.id, a.id)
    page = ca.get(f"/events/registrations/{mine.id}")
    assert "Sessions with limited places" in page.text and "1 place left of 1" in page.text
    assert (
        ca.post(f"/events/{event.id}/sessions/{session.id}/place", data={"on": "1"}).status_code
        == 303
    )
    assert (
        cb.post(f"/events/{event.id}/sessions/{session.id}/place", data={"on": "1"}).status_code
        == 303
    )
    assert _places(session) == {a.id: ("held", None), b.id: ("waitlisted", 1)}
    theirs = registrations.find(event.id, b.id)
    assert "You are on this session" in cb.get(f"/events/registrations/{theirs.id}").text
    twice = client_for(a, language="es").post(
        f"/events/{event.id}/sessions/{session.id}/place", data={"on": "1"}
    )
    assert twice.status_code == 400 and "Ya tiene un lugar en esta sesión" in twice.text
    assert (
        ca.post(f"/events/{event.id}/sessions/{session.id}/place", data={"on": "0"}).status_code
        == 303
    )
    assert _places(session) == {b.id: ("held", None)}
    # Leaving the event frees its session places for the next people.
    [c] = _registered(event, make_user, 1)
    places.take(c, db.session.get(EventSession, session.id))
    db.session.commit()
    cb.post(f"/events/registrations/{theirs.id}/withdraw")
    assert _places(session) == {c.id: ("held", None)}


def test_only_people_with_a_place_at_the_event_choose_sessions(
    make_event, make_user, add_session, client_for
):
    event = make_event(capacity=1)
    limited = add_session(event, start=wall(10, 11), capacity=5)
    open_to_all = add_session(event, start=wall(10, 14))
    holder, waiting = _registered(event, make_user, 2)
    outsider = make_user()
    spanish = client_for(waiting, language="es")
    refused = spanish.post(f"/events/{event.id}/sessions/{limited.id}/place", data={"on": "1"})
    assert refused.status_code == 400
    assert "Solo las personas con lugar en el evento" in refused.text
    assert (
        client_for(outsider)
        .post(f"/events/{event.id}/sessions/{limited.id}/place", data={"on": "1"})
        .status_code
        == 400
    )
    free = client_for(holder).post(
        f"/events/{event.id}/sessions/{open_to_all.id}/place", data={"on": "1"}
    )
    assert free.status_code == 400 and "no place to take" in free.text
    other = make_event()
    elsewhere = add_session(other, start=wall(10, 11), capacity=5)
    moved = client_for(holder).post(
        f"/events/{event.id}/sessions/{elsewhere.id}/place", data={"on": "1"}
    )
    assert moved.status_code == 404
    nothing = client_for(holder).post(
        f"/events/{event.id}/sessions/{limited.id}/place", data={"on": "0"}
    )
    assert nothing.status_code == 400
    assert _places(limited) == {}


def test_organisers_set_the_places_of_a_session(make_event, client_for, organiser, add_session):
    event = make_event()
    session = add_session(event, start=wall(10, 11))
    client = client_for(organiser, language="es")
    base = {
        "title_es": "Taller",
        "title_en": "Workshop",
        "starts_at": wall(10, 11).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": wall(10, 12).strftime("%Y-%m-%dT%H:%M"),
    }
    url = f"/events/{event.id}/sessions/{session.id}/edit"
    for capacity in ("0", "-3", "100001"):
        answer = client.post(url, data={**base, "capacity": capacity})
        assert answer.status_code == 400 and "de 1 a 100000" in answer.text
    backwards = client.post(
        url, data={**base, "ends_at": wall(10, 10).strftime("%Y-%m-%dT%H:%M"), "capacity": "5"}
    )
    assert backwards.status_code == 400
    assert "La sesión debe terminar después de empezar" in backwards.text
    assert client.post(url, data={**base, "capacity": "12"}).status_code == 303
    db.session.expire_all()
    assert db.session.get(EventSession, session.id).capacity == 12


def test_more_places_in_a_session_go_to_its_waitlist(
    make_event, make_user, add_session, client_for, organiser
):
    event = make_event()
    session = add_session(event, start=wall(10, 11), capacity=1)
    a, b = _registered(event, make_user, 2)
    for person in (a, b):
        places.take(person, db.session.get(EventSession, session.id))
    db.session.commit()
    form = {
        "title_es": "Apertura",
        "title_en": "Opening",
        "starts_at": wall(10, 11).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": wall(10, 12).strftime("%Y-%m-%dT%H:%M"),
        "capacity": "2",
    }
    edited = client_for(organiser).post(f"/events/{event.id}/sessions/{session.id}/edit", data=form)
    assert edited.status_code == 303
    assert _places(session) == {a.id: ("held", None), b.id: ("held", None)}


def test_thirty_simultaneous_requests_for_a_ten_place_session(
    app, make_event, make_user, add_session
):
    event = make_event()
    session_id = add_session(event, start=wall(10, 11), capacity=PLACES).id
    user_ids = [u.id for u in _registered(event, make_user, PEOPLE)]
    start = threading.Barrier(PEOPLE)
    errors: list[BaseException] = []

    def take(user_id: int) -> None:
        try:
            start.wait(timeout=30)
            with app.app_context():
                places.take(db.session.get(User, user_id), db.session.get(EventSession, session_id))
                db.session.commit()
                db.session.remove()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=take, args=(uid,)) for uid in user_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    db.session.expire_all()
    rows = db.session.scalars(
        select(EventSessionPlace).where(EventSessionPlace.session_id == session_id)
    ).all()
    assert len(rows) == PEOPLE
    assert [r.state for r in rows].count("held") == PLACES
    waiting = sorted(r.position for r in rows if r.state == "waitlisted")
    assert waiting == list(range(1, PEOPLE - PLACES + 1))
