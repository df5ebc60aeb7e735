"""Walk-ins who become members (issue 18): a person added at the door with an e-mail gets that
attendance on their account once they prove the address — confirming a new account, or signing
in to one they already had — and the typed name and e-mail leave the row. Nobody else claims
it: not another person, not an account whose address is not confirmed."""

from __future__ import annotations

from sqlalchemy import select

from learning.accounts.models import User
from learning.accounts.privacy import export_user
from learning.events.models import EventAttendance
from learning.events.services import attendance, registrations
from learning.platform.extensions import db
from tests.conftest import TEST_PASSWORD
from tests.test_accounts import register_form


def _rows(event):
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(EventAttendance)
            .where(EventAttendance.event_id == event.id)
            .order_by(EventAttendance.id)
        )
    )


def _walk_in(client, event, name, email):
    answer = client.post(
        f"/events/{event.id}/check-in/walk-in", data={"name": name, "email": email}
    )
    assert answer.status_code == 303


def test_a_walk_in_who_creates_an_account_gets_the_attendance(
    make_event, client_for, organiser, client, outbox
):
    event = make_event()
    _walk_in(client_for(organiser), event, "María José Pérez", "Maria@Example.org")
    answer = client.post("/account/register", data=register_form())
    assert answer.status_code == 200
    # Not yet: the address is not proven until the link in the e-mail is followed.
    [row] = _rows(event)
    assert row.user_id is None
    [message] = outbox.to("maria@example.org")
    assert client.get(outbox.link(message)).status_code == 302
    maria = db.session.scalar(select(User).where(User.email == "maria@example.org"))
    [row] = _rows(event)
    assert (row.user_id, row.name, row.email) == (maria.id, None, None)
    assert export_user(maria)["records"]["event_attendances"][0]["event_id"] == event.id


def test_a_member_added_as_a_walk_in_gets_it_on_signing_in(
    make_event, make_user, client_for, organiser, client
):
    event = make_event()
    lucia = make_user("lucia@example.org", name="Lucía Torres")
    other = make_user("otra@example.org")
    _walk_in(client_for(organiser), event, "Lucía", "lucia@example.org")
    signed = client.post("/account/sign-in", data={"email": other.email, "password": TEST_PASSWORD})
    assert signed.status_code == 302
    assert _rows(event)[0].user_id is None
    signed = client_for(None).post(
        "/account/sign-in", data={"email": "LUCIA@example.org", "password": TEST_PASSWORD}
    )
    assert signed.status_code == 302
    [row] = _rows(event)
    assert (row.user_id, row.email) == (lucia.id, None)


def test_an_unconfirmed_account_does_not_claim_a_walk_in(
    make_event, make_user, client_for, organiser
):
    event = make_event()
    make_user("sin@example.org", confirmed=False)
    _walk_in(client_for(organiser), event, "Sin Confirmar", "sin@example.org")
    refused = client_for(None).post(
        "/account/sign-in", data={"email": "sin@example.org", "password": TEST_PASSWORD}
    )
    assert refused.status_code == 400
    [row] = _rows(event)
    assert (row.user_id, row.email) == (None, "sin@example.org")


def test_a_day_already_counted_for_the_person_keeps_one_row(
    make_event, make_user, client_for, organiser
):
    event = make_event()
    ana = make_user("ana@example.org", name="Ana")
    registrations.register(ana, event, registrations.Answers())
    day = attendance.event_days(event)[0]
    attendance.check_in(event, registrations.find(event.id, ana.id), day)
    db.session.commit()
    _walk_in(client_for(organiser), event, "Ana otra vez", "ana@example.org")
    assert len(_rows(event)) == 2
    client_for(None).post(
        "/account/sign-in", data={"email": "ana@example.org", "password": TEST_PASSWORD}
    )
    [row] = _rows(event)
    assert (row.user_id, row.name, row.email) == (ana.id, None, None)
