"""Waitlist offers with a deadline (issue 18): a freed place is offered to the first person
waiting, by e-mail, and held for the event's hours; they accept it on their registration page
(once, before the deadline); when nobody accepts in time, the scheduled job passes the place on
to the next person."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from learning.events.models import Event, EventRegistration
from learning.events.services import registrations
from learning.jobs.services import fire_scheduled
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from tests.events.conftest import event_form


def _full(make_event, make_user, client_for, **fields):
    """An event with one place: A has it, B and C wait (in that order)."""
    event = make_event(capacity=1, **fields)
    people = [make_user(name=n, email=f"{n.lower()}@example.org") for n in ("A", "B", "C")]
    clients = [client_for(p) for p in people]
    for client in clients:
        assert client.post(f"/events/{event.id}/register", data={}).status_code == 303
    return event, people, clients


def _mine(event, person):
    db.session.expire_all()
    return registrations.find(event.id, person.id)


def _expire(registration):
    db.session.execute(
        update(EventRegistration)
        .where(EventRegistration.id == registration.id)
        .values(offer_expires_at=utcnow() - timedelta(minutes=1))
    )
    db.session.commit()


def test_a_freed_place_is_offered_with_a_deadline_and_accepted_once(
    make_event, make_user, client_for, outbox
):
    event, (a, b, c), (ca, cb, cc) = _full(make_event, make_user, client_for, offer_hours=24)
    ca.post(f"/events/registrations/{_mine(event, a).id}/withdraw")
    offered = _mine(event, b)
    assert offered.state == "waitlisted" and offered.offer_expires_at is not None
    held = offered.offer_expires_at - utcnow()
    assert timedelta(hours=23, minutes=59) < held <= timedelta(hours=24)
    assert _mine(event, c).offer_expires_at is None
    [mail] = outbox.to("b@example.org")[-1:]
    assert "A place is free for you" in mail["Subject"]
    assert f"/events/registrations/{offered.id}" in outbox.body(mail)
    # The place is held: a newcomer joins the waitlist behind C, not in front of B.
    late = make_user()
    client_for(late).post(f"/events/{event.id}/register", data={})
    assert _mine(event, late).state == "waitlisted"
    page = cb.get(f"/events/registrations/{offered.id}")
    assert "Accept the place" in page.text
    assert "A place is free for you until" in cb.get(f"/events/{event.id}").text
    assert cb.post(f"/events/registrations/{offered.id}/accept").status_code == 303
    assert _mine(event, b).state == "registered"
    assert "A place is yours" in outbox.to("b@example.org")[-1]["Subject"]
    twice = client_for(b, language="es").post(f"/events/registrations/{offered.id}/accept")
    assert twice.status_code == 400
    assert "Ya aceptó este lugar" in twice.text
    # Someone not offered anything, and someone else's registration by id.
    nothing = cc.post(f"/events/registrations/{_mine(event, c).id}/accept")
    assert nothing.status_code == 400 and "no place offered" in nothing.text
    assert cc.post(f"/events/registrations/{offered.id}/accept").status_code == 404
    assert _mine(event, c).state == "waitlisted"


def test_after_the_deadline_the_place_passes_to_the_next_person(
    make_event, make_user, client_for, outbox, run_jobs
):
    event, (a, b, c), (ca, cb, cc) = _full(make_event, make_user, client_for)
    ca.post(f"/events/registrations/{_mine(event, a).id}/withdraw")
    offered = _mine(event, b)
    _expire(offered)
    late = client_for(b, language="es").post(f"/events/registrations/{offered.id}/accept")
    assert late.status_code == 400
    assert "El plazo para aceptar este lugar ha pasado" in late.text
    assert _mine(event, b).state == "waitlisted"
    assert fire_scheduled("events.offers") is not None
    run_jobs()
    assert _mine(event, b).state == "withdrawn"
    # B last used the site in Spanish: the e-mail is in Spanish.
    assert "ya no está disponible" in outbox.to("b@example.org")[-1]["Subject"]
    nxt = _mine(event, c)
    assert nxt.state == "waitlisted" and nxt.offer_expires_at is not None
    assert "A place is free for you" in outbox.to("c@example.org")[-1]["Subject"]
    assert cb.post(f"/events/registrations/{offered.id}/accept").status_code == 400
    assert cc.post(f"/events/registrations/{nxt.id}/accept").status_code == 303
    assert _mine(event, c).state == "registered"
    # A run with nothing due changes nothing.
    fire_scheduled("events.offers")
    run_jobs()
    assert _mine(event, c).state == "registered"


def test_leaving_while_holding_an_offer_passes_it_on(make_event, make_user, client_for):
    event, (a, b, c), (ca, cb, cc) = _full(make_event, make_user, client_for)
    ca.post(f"/events/registrations/{_mine(event, a).id}/withdraw")
    assert cb.post(f"/events/registrations/{_mine(event, b).id}/withdraw").status_code == 303
    assert _mine(event, b).state == "withdrawn" and _mine(event, b).offer_expires_at is None
    assert _mine(event, c).offer_expires_at is not None


def test_the_hours_to_accept_are_set_per_event_within_bounds(client_for, organiser):
    client = client_for(organiser, language="es")
    for hours in ("0", "337", "-5"):
        answer = client.post("/events/new", data=event_form(offer_hours=hours))
        assert answer.status_code == 400, hours
        assert "de 1 a 336" in answer.text
    assert client.post("/events/new", data=event_form(offer_hours="12")).status_code == 303
    assert client.post("/events/new", data=event_form()).status_code == 303
    hours = db.session.scalars(select(Event.offer_hours).order_by(Event.id)).all()
    assert hours == [12, 48]


def test_an_offer_for_a_cancelled_event_cannot_be_taken(
    make_event, make_user, client_for, organiser
):
    event, (a, b, c), (ca, cb, cc) = _full(make_event, make_user, client_for)
    ca.post(f"/events/registrations/{_mine(event, a).id}/withdraw")
    offered = _mine(event, b)
    client_for(organiser).post(f"/events/{event.id}/cancel")
    refused = cb.post(f"/events/registrations/{offered.id}/accept")
    assert refused.status_code in (400, 404)
    assert _mine(event, b).state == "waitlisted"
