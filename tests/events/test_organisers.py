"""The organiser role (issue 18): administrators grant it on a person's page; staff who hold it
create and run their own events without being trainers; they do not run other people's
events; participants still may not create any."""

from __future__ import annotations

from sqlalchemy import select

from learning.accounts.models import User
from learning.events.models import Event
from learning.platform.extensions import db
from tests.events.conftest import event_form


def test_an_administrator_grants_the_organiser_role_and_it_runs_events(
    make_user, make_event, client_for
):
    staff = make_user("staff@example.org", name="Sofía Staff")
    admin = client_for("admin", language="es")
    page = admin.get(f"/admin/users/{staff.id}")
    assert "Organizador/a de eventos" in page.text
    assert client_for(staff).get("/events/new").status_code == 403
    granted = admin.post(f"/admin/users/{staff.id}", data={"organiser": "y"})
    assert granted.status_code in (302, 303)
    db.session.expire_all()
    assert db.session.get(User, staff.id).roles == {"organiser"}

    client = client_for(db.session.get(User, staff.id))
    assert "Events you organise" in client.get("/events/").text
    assert client.get("/events/new").status_code == 200
    assert client.post("/events/new", data=event_form()).status_code == 303
    mine = db.session.scalar(select(Event).where(Event.created_by_id == staff.id))
    assert client.get(f"/events/{mine.id}/questions").status_code == 200
    assert client.post(f"/events/{mine.id}/publish").status_code == 303
    # Somebody else's event stays theirs.
    theirs = make_event()
    assert client.get(f"/events/{theirs.id}/edit").status_code == 403
    assert client.get(f"/events/{theirs.id}/registrations").status_code == 403
    assert client.post(f"/events/{theirs.id}/questions", data={"label_en": "X"}).status_code == 403


def test_participants_may_not_organise(make_user, client_for):
    person = client_for(make_user())
    assert person.get("/events/new").status_code == 403
    assert person.post("/events/new", data=event_form()).status_code == 403
    assert "Events you organise" not in person.get("/events/").text
    assert db.session.scalar(select(Event.id)) is None
