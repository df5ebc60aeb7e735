"""Enrol, waitlist, promotion, withdraw and rejoin, approval, keys, invitations, moves, as a
participant and a trainer would notice them (pages, states, e-mails)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from learning.enrolment.models import EnrolmentInvitation
from learning.enrolment.services import schedule, seats
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.workshops.models import Edition, Enrolment
from tests.conftest import sign_in_as
from tests.conftest import signed_in_client as _client
from tests.enrolment.conftest import edition_form


def _state(edition, user):
    db.session.expire_all()
    return db.session.scalar(
        select(Enrolment.state).where(
            Enrolment.edition_id == edition.id, Enrolment.user_id == user.id
        )
    )


def test_full_edition_waitlists_and_a_withdrawal_promotes_the_first_in_line(
    app, workshop_world, make_edition, make_user, outbox
):
    edition = make_edition(workshop_world.workshop, capacity=1)
    first = make_user(name="Ana Primera", language="es")
    second = make_user(name="Beto Segundo", language="es")
    third = make_user(name="Carla Tercera", language="en")
    page = _client(app, first).get(f"/editions/{edition.id}").get_data(True)
    assert "1 seat left" in page or "1 plaza" in page
    for user in (first, second, third):
        response = _client(app, user).post(f"/editions/{edition.id}/enrol")
        assert response.status_code == 303
    assert [_state(edition, u) for u in (first, second, third)] == [
        "active",
        "waitlisted",
        "waitlisted",
    ]
    assert "inscripción confirmada" in outbox.to(first.email)[0]["Subject"].lower()
    assert "lista de espera" in outbox.to(second.email)[0]["Subject"].lower()
    full_page = _client(app, third).get(f"/editions/{edition.id}").get_data(True)
    assert "Full: new people join the waitlist" in full_page and "waitlisted" in full_page

    confirm = _client(app, first).get(f"/editions/{edition.id}/withdraw")
    assert confirm.status_code == 200 and "¿Dejar esta edición?" in confirm.get_data(True)
    assert _client(app, first).post(f"/editions/{edition.id}/withdraw").status_code == 303
    assert _state(edition, first) == "withdrawn"
    assert _state(edition, second) == "active"  # first in line, promoted at once
    assert _state(edition, third) == "waitlisted"
    promoted = outbox.to(second.email)[-1]
    assert promoted["Content-Language"] == "es" and "plaza" in promoted["Subject"].lower()
    assert not [m for m in outbox.to(third.email) if "seat" in m["Subject"].lower()]

    # Rejoining puts the person at the back of the queue.
    assert _client(app, first).post(f"/editions/{edition.id}/enrol").status_code == 303
    assert _state(edition, first) == "waitlisted"
    assert _client(app, second).post(f"/editions/{edition.id}/withdraw").status_code == 303
    assert _state(edition, third) == "active" and _state(edition, first) == "waitlisted"


def test_enrolling_twice_is_refused_with_a_message(app, workshop_world, make_edition, make_user):
    edition = make_edition(workshop_world.workshop)
    user = make_user()
    client = _client(app, user)
    assert client.post(f"/editions/{edition.id}/enrol").status_code == 303
    again = client.post(f"/editions/{edition.id}/enrol")
    assert again.status_code == 400
    assert "already enrolled" in again.get_data(True)
    assert db.session.scalar(select(Enrolment.id).where(Enrolment.user_id == user.id)) is not None


@pytest.mark.parametrize(
    ("window", "text"),
    [
        ({"opens_at": utcnow() + timedelta(days=2)}, "has not opened yet"),
        ({"closes_at": utcnow() - timedelta(hours=1)}, "has closed"),
        ({"status": "closed"}, "does not accept enrolments"),
    ],
)
def test_enrolling_outside_the_window_is_refused(
    app, workshop_world, make_edition, make_user, window, text
):
    edition = make_edition(workshop_world.workshop, **window)
    user = make_user()
    response = _client(app, user).post(f"/editions/{edition.id}/enrol")
    assert response.status_code == 400 and text in response.get_data(True)
    assert _state(edition, user) is None


def test_wrong_key_is_refused_and_the_right_one_enrols(
    app, workshop_world, make_edition, make_user
):
    edition = make_edition(workshop_world.workshop, mode="key", key="puente-2026")
    assert "puente-2026" not in (edition.enrolment_key_hash or "")
    user = make_user()
    client = _client(app, user)
    page = client.get(f"/editions/{edition.id}").get_data(True)
    assert 'name="key"' in page
    wrong = client.post(f"/editions/{edition.id}/enrol", data={"key": "puente-2025"})
    assert wrong.status_code == 400 and "key is not right" in wrong.get_data(True)
    missing = client.post(f"/editions/{edition.id}/enrol")
    assert missing.status_code == 400 and "needs an enrolment key" in missing.get_data(True)
    assert (
        client.post(f"/editions/{edition.id}/enrol", data={"key": "puente-2026"}).status_code == 303
    )
    assert _state(edition, user) == "active"


def test_enrol_posts_are_rate_limited(app, workshop_world, make_edition, make_user):
    edition = make_edition(workshop_world.workshop, mode="key", key="secreto")
    client = _client(app, make_user())
    codes = [
        client.post(f"/editions/{edition.id}/enrol", data={"key": "nope"}).status_code
        for _ in range(21)
    ]
    assert codes[:20] == [400] * 20 and codes[20] == 429


def test_invitation_only_refuses_the_uninvited_and_admits_the_invited(
    app, workshop_world, make_edition, make_user
):
    edition = make_edition(workshop_world.workshop, mode="invitation")
    outsider = make_user()
    response = _client(app, outsider).post(f"/editions/{edition.id}/enrol")
    assert response.status_code == 400 and "invitation only" in response.get_data(True)
    guest = make_user(email="guest@example.org")
    db.session.add(
        EnrolmentInvitation(edition_id=edition.id, email="guest@example.org", name="Guest")
    )
    db.session.commit()
    assert _client(app, guest).post(f"/editions/{edition.id}/enrol").status_code == 303
    assert _state(edition, guest) == "active"
    db.session.expire_all()
    assert db.session.scalar(select(EnrolmentInvitation.accepted_at)) is not None


def test_an_invitation_becomes_an_enrolment_once_the_address_is_confirmed(
    app, workshop_world, make_edition, make_user
):
    edition = make_edition(workshop_world.workshop, mode="invitation", capacity=1)
    for email in ("late@example.org", "later@example.org"):
        db.session.add(EnrolmentInvitation(edition_id=edition.id, email=email, name=email))
    db.session.commit()
    unconfirmed = make_user(email="late@example.org", confirmed=False)
    assert seats.claim_invitations(unconfirmed) == []
    assert _state(edition, unconfirmed) is None
    unconfirmed.confirmed_at = utcnow()
    db.session.commit()
    page = _client(app, unconfirmed).get("/my-learning").get_data(True)
    assert _state(edition, unconfirmed) == "active" and "Cohorte 1" in page
    # Capacity applies to invitations too: the next invited person waits.
    later = make_user(email="later@example.org")
    _client(app, later).get("/my-learning")
    assert _state(edition, later) == "waitlisted"


def test_approval_mode_pending_then_approved_or_rejected_with_a_message(
    app, workshop_world, make_edition, make_user, outbox
):
    edition = make_edition(workshop_world.workshop, mode="approval", capacity=1)
    asker, other, third = make_user(language="es"), make_user(), make_user()
    for user in (asker, other, third):
        assert _client(app, user).post(f"/editions/{edition.id}/enrol").status_code == 303
        assert _state(edition, user) == "pending"
    # Pending requests hold no seat.
    assert seats.seats_left(db.session.get(Edition, edition.id)) == 1
    trainer = _client(app, workshop_world.users["trainer"])
    roster = trainer.get(f"/editions/{edition.id}/roster?state=pending").get_data(True)
    assert "3 people found" in roster and "pending approval" in roster
    ids = {
        e.user_id: e.id
        for e in db.session.scalars(select(Enrolment).where(Enrolment.edition_id == edition.id))
    }
    url = f"/editions/{edition.id}/enrolments"
    assert (
        trainer.post(f"{url}/{ids[asker.id]}/approve", data={"note": "Bienvenida"}).status_code
        == 303
    )
    assert _state(edition, asker) == "active"
    approved = outbox.to(asker.email)[-1]
    assert "aceptada" in approved["Subject"] and "Bienvenida" in outbox.body(approved)
    # No seat left: approval puts the next one on the waitlist.
    assert trainer.post(f"{url}/{ids[other.id]}/approve").status_code == 303
    assert _state(edition, other) == "waitlisted"
    page = trainer.get(f"{url}/{ids[third.id]}").get_data(True)
    assert "Do not accept" in page
    rejected = trainer.post(f"{url}/{ids[third.id]}/reject", data={"note": "Cupo para periodistas"})
    assert rejected.status_code == 303 and _state(edition, third) == "rejected"
    assert "Cupo para periodistas" in outbox.body(outbox.to(third.email)[-1])
    again = trainer.post(f"{url}/{ids[third.id]}/reject")
    assert again.status_code == 400
    refused = _client(app, third).post(f"/editions/{edition.id}/enrol")
    assert refused.status_code == 400 and "was not accepted" in refused.get_data(True)


def test_trainer_removes_and_moves_people_and_capacity_holds(
    app, workshop_world, make_edition, make_user
):
    first = make_edition(workshop_world.workshop, capacity=1, name="A")
    second = make_edition(workshop_world.workshop, capacity=1, name="B")
    ana, beto, carla = make_user(), make_user(), make_user()
    for user in (ana, beto):
        _client(app, user).post(f"/editions/{first.id}/enrol")
    _client(app, carla).post(f"/editions/{second.id}/enrol")
    trainer = _client(app, workshop_world.users["trainer"])
    ana_row = db.session.scalar(select(Enrolment).where(Enrolment.user_id == ana.id))
    response = trainer.post(
        f"/editions/{first.id}/enrolments/{ana_row.id}/move", data={"target": str(second.id)}
    )
    assert response.status_code == 303
    # B was full: Ana waits there; her seat in A went to Beto.
    assert _state(second, ana) == "waitlisted" and _state(first, beto) == "active"
    beto_row = db.session.scalar(select(Enrolment).where(Enrolment.user_id == beto.id))
    assert trainer.post(f"/editions/{first.id}/enrolments/{beto_row.id}/remove").status_code == 303
    assert _state(first, beto) == "withdrawn"
    bad = trainer.post(
        f"/editions/{first.id}/enrolments/{beto_row.id}/move", data={"target": str(second.id)}
    )
    assert bad.status_code == 400


def test_more_seats_promote_from_the_waitlist(app, workshop_world, make_edition, make_user):
    edition = make_edition(workshop_world.workshop, capacity=1)
    users = [make_user() for _ in range(3)]
    for user in users:
        _client(app, user).post(f"/editions/{edition.id}/enrol")
    response = _client(app, workshop_world.users["trainer"]).post(
        f"/editions/{edition.id}/edit",
        data=edition_form(days=(7, 40), name="Cohorte 1", capacity="2", country=""),
    )
    assert response.status_code == 303
    assert [_state(edition, u) for u in users] == ["active", "active", "waitlisted"]


def test_edition_form_refuses_bad_input_with_messages(app, workshop_world):
    trainer = _client(app, workshop_world.users["trainer"])
    base = {
        "name": "X",
        "starts_on": "2026-05-10",
        "ends_on": "2026-05-01",
        "timezone": "America/Mexico_City",
        "status": "open",
        "mode": "open",
    }
    response = trainer.post("/workshops/datos/editions/new", data=base)
    assert response.status_code == 400 and "on or after the first day" in response.get_data(True)
    keyless = trainer.post(
        "/workshops/datos/editions/new", data={**base, "ends_on": "2026-05-20", "mode": "key"}
    )
    assert keyless.status_code == 400 and "needs an enrolment key" in keyless.get_data(True)
    made = trainer.post("/workshops/datos/editions/new", data={**base, "ends_on": "2026-05-20"})
    assert made.status_code == 303
    edition = db.session.scalar(select(Edition).where(Edition.name == "X"))
    # The new edition got its own copy of the live session's time.
    assert [s.lesson.kind for s in schedule.sessions_for(edition)] == ["live"]
    assert all(s.id is not None for s in schedule.sessions_for(edition))


def test_database_refuses_an_unknown_mode_and_a_key_mode_without_key(
    app, workshop_world, make_edition
):
    from sqlalchemy.exc import IntegrityError

    edition = make_edition(workshop_world.workshop)
    edition.enrolment_mode = "lottery"
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    edition.enrolment_mode = "key"
    edition.enrolment_key_hash = None
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_workshop_page_and_catalogue_show_seats_left(
    app, workshop_world, make_edition, make_user, client
):
    edition = make_edition(workshop_world.workshop, capacity=3)
    _client(app, make_user()).post(f"/editions/{edition.id}/enrol")
    page = client.get("/workshops/datos").get_data(True)
    assert "2 seats left" in page and f"/editions/{edition.id}" in page
    assert "2 seats left" in client.get("/workshops/").get_data(True)


def test_invitations_are_claimed_when_the_person_confirms_or_signs_in(
    app, workshop_world, make_edition, make_user, outbox
):
    """Registering through the invitation and confirming enrols at once; so does signing in."""
    from tests.conftest import TEST_PASSWORD

    edition = make_edition(workshop_world.workshop, mode="invitation", capacity=5)
    for email in ("nueva@example.org", "existing@example.org"):
        db.session.add(EnrolmentInvitation(edition_id=edition.id, email=email, name=email))
    db.session.commit()

    client = app.test_client()
    client.post(
        "/account/register",
        data={
            "name": "Nueva Persona",
            "email": "nueva@example.org",
            "password": "una frase bastante larga",
            "password_again": "una frase bastante larga",
            "country": "SV",
            "sector": "media",
            "preferred_language": "es",
        },
    )
    confirm = outbox.link(outbox.to("nueva@example.org")[-1])
    assert client.get(confirm).status_code == 302
    newcomer = db.session.scalar(select(Enrolment).where(Enrolment.edition_id == edition.id))
    assert newcomer is not None and newcomer.state == "active"

    existing = make_user(email="existing@example.org")
    response = app.test_client().post(
        "/account/sign-in", data={"email": "existing@example.org", "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert _state(edition, existing) == "active"


def test_an_invitation_made_after_a_visit_is_claimed_on_the_next_one(
    app, workshop_world, make_edition, make_user
):
    """My learning keeps "no open invitation" for the person; a new invitation to their
    address is still claimed on their next visit."""
    edition = make_edition(
        workshop_world.workshop, mode="invitation", capacity=5, name="Por invitación"
    )
    person = make_user(email="invitada@example.org")
    client = sign_in_as(app.test_client(), person)
    for _ in range(2):
        assert "Por invitación" not in client.get("/my-learning").get_data(True)
    db.session.add(
        EnrolmentInvitation(edition_id=edition.id, email="invitada@example.org", name="Invitada")
    )
    db.session.commit()
    assert "Por invitación" in client.get("/my-learning").get_data(True)
    assert _state(edition, person) == "active"
