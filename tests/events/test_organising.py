"""Organisers create, edit, publish and cancel events and their agenda, read and export the
registrations; nobody else may, and bad input gets a clear message in the reader's language."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from sqlalchemy import func, select

from learning.audit.models import AuditEntry
from learning.events.models import Event, EventSession
from learning.events.services import registrations
from learning.jobs.models import Job
from learning.platform.extensions import db
from tests.events.conftest import ZONE, event_form, wall


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_an_organiser_creates_and_publishes_a_bilingual_event(client_for, organiser):
    client = client_for(organiser, language="es")
    form = client.get("/events/new")
    assert form.status_code == 200
    assert "Crear un evento" in form.text and "Zona horaria del evento" in form.text
    answer = client.post("/events/new", data=event_form(), follow_redirects=False)
    assert answer.status_code == 303
    event = db.session.scalar(select(Event))
    assert event.status == "draft"
    assert event.timezone == ZONE and event.capacity == 50
    assert event.themes == ["climate"] and event.countries == ["CR"]
    assert {t.language: t.title for t in event.translations} == {
        "es": "Foro de clima",
        "en": "Climate forum",
    }
    # 09:00 in Mexico City is 15:00 UTC.
    assert event.starts_at.hour == 15
    visitor = client_for(None)
    assert visitor.get(f"/events/{event.id}").status_code == 404
    assert "Climate forum" not in visitor.get("/events/").text
    assert client.post(f"/events/{event.id}/publish").status_code == 303
    assert "Climate forum" in visitor.get("/events/").text
    english = visitor.get(f"/events/{event.id}")
    assert english.status_code == 200 and "Climate forum" in english.text


def test_an_event_in_a_time_zone_that_does_not_exist_is_refused(client_for, organiser):
    spanish = client_for(organiser, language="es")
    answer = spanish.post("/events/new", data=event_form(timezone="Mars/Olympus_Mons"))
    assert answer.status_code == 400
    assert "la que indicó no existe" in answer.text
    english = client_for(organiser)
    answer = english.post("/events/new", data=event_form(timezone="America/Atlantis"))
    assert answer.status_code == 400
    assert "does not exist" in answer.text
    assert _count(Event) == 0


def test_other_bad_event_input_gets_a_message_not_a_server_error(client_for, organiser):
    client = client_for(organiser)
    cases = [
        ({"ends_at": wall(19, 9).strftime("%Y-%m-%dT%H:%M")}, "must end after it starts"),
        ({"starts_at": ""}, "Enter when it starts"),
        ({"title_es": "", "title_en": "", "summary_es": "", "summary_en": ""}, "at least one"),
        ({"title_en": "x" * 201}, "at most 200 characters"),
        ({"capacity": "0"}, "from 1 to 100000"),
        ({"kind": "party"}, "kind of event"),
        ({"venue": ""}, "venue"),
        ({"online_url": "javascript:alert(1)"}, "https://"),
        ({"countries": "XX"}, "countries"),
        ({"opens_at": wall(5).strftime("%Y-%m-%dT%H:%M"),
          "closes_at": wall(4).strftime("%Y-%m-%dT%H:%M")}, "close after it opens"),
    ]  # fmt: skip
    for fields, expected in cases:
        answer = client.post("/events/new", data=event_form(**fields))
        assert answer.status_code == 400, fields
        assert expected in answer.text, (fields, expected)
    assert _count(Event) == 0


def test_a_session_ending_before_it_starts_is_refused(
    make_event, client_for, organiser, add_session
):
    event = make_event()
    client = client_for(organiser, language="es")
    data = {
        "title_es": "Panel",
        "title_en": "Panel",
        "starts_at": wall(10, 11).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": wall(10, 10).strftime("%Y-%m-%dT%H:%M"),
    }
    answer = client.post(f"/events/{event.id}/sessions/new", data=data)
    assert answer.status_code == 400
    assert "La sesión debe terminar después de empezar." in answer.text
    assert _count(EventSession) == 0
    data["ends_at"] = wall(10, 12).strftime("%Y-%m-%dT%H:%M")
    data["speakers"] = "Ana Gómez — FLACSO\nJohn Smith, EU Delegation\n"
    data["interpretation"] = ["en", "sign"]
    data["room"] = "Sala B"
    assert client.post(f"/events/{event.id}/sessions/new", data=data).status_code == 303
    session = db.session.scalar(select(EventSession))
    assert [(s.name, s.affiliation) for s in session.speakers] == [
        ("Ana Gómez", "FLACSO"),
        ("John Smith", "EU Delegation"),
    ]
    assert session.interpretation_languages == ["en", "sign"]
    too_many = {**data, "speakers": "\n".join(f"P{i}" for i in range(21))}
    answer = client.post(f"/events/{event.id}/sessions/{session.id}/edit", data=too_many)
    assert answer.status_code == 400 and "como máximo 20 ponentes" in answer.text


def test_only_who_runs_an_event_may_change_it(make_event, client_for, make_user):
    event = make_event()
    paths = [
        ("get", "/events/new"),
        ("get", f"/events/{event.id}/edit"),
        ("post", f"/events/{event.id}/publish"),
        ("get", f"/events/{event.id}/cancel"),
        ("post", f"/events/{event.id}/cancel"),
        ("get", f"/events/{event.id}/sessions/new"),
        ("get", f"/events/{event.id}/registrations"),
        ("get", f"/events/{event.id}/registrations.csv"),
        ("get", f"/events/{event.id}/check-in"),
    ]
    participant = client_for("participant")
    for method, path in paths:
        assert getattr(participant, method)(path).status_code == 403, path
    other_trainer = client_for("trainer")
    for method, path in paths[1:]:
        assert getattr(other_trainer, method)(path).status_code == 403, path
    assert other_trainer.get("/events/new").status_code == 200
    visitor = client_for(None)
    for method, path in paths:
        assert getattr(visitor, method)(path).status_code == 302, path
    admin = client_for("admin")
    assert admin.get(f"/events/{event.id}/edit").status_code == 200
    db.session.expire_all()
    assert db.session.get(Event, event.id).status == "published"


def test_cancelling_emails_everyone_registered_through_the_job_queue(
    make_event, make_user, client_for, organiser, outbox, run_jobs
):
    event = make_event(capacity=1)
    people = [
        make_user(email="uno@example.org", language="es"),
        make_user(email="two@example.org"),
        make_user(email="gone@example.org"),
    ]
    for person in people:
        client_for(person, language=person.preferred_language).post(f"/events/{event.id}/register")
    gone = registrations.find(event.id, people[2].id)
    registrations.withdraw(gone)
    db.session.commit()
    before = len(outbox.messages())
    client = client_for(organiser)
    assert "This cannot be undone" in client.get(f"/events/{event.id}/cancel").text
    answer = client.post(f"/events/{event.id}/cancel")
    assert answer.status_code == 303
    job = db.session.scalar(select(Job))
    assert answer.headers["Location"].endswith(f"/jobs/{job.id}")
    assert len(outbox.messages()) == before  # nothing is sent in the request itself
    run_jobs()
    db.session.refresh(job)
    assert job.state == "done"
    assert outbox.to("uno@example.org")[-1]["Subject"].startswith("Cancelado:")
    assert outbox.to("two@example.org")[-1]["Subject"].startswith("Cancelled:")
    assert not any(m["Subject"].startswith("Cancel") for m in outbox.to("gone@example.org"))
    assert db.session.get(Event, event.id).status == "cancelled"
    page = client_for(organiser).get(f"/jobs/{job.id}")
    assert "2 people were told the event is cancelled" in page.text
    again = client.post(f"/events/{event.id}/cancel")
    assert again.status_code == 303
    assert db.session.scalar(select(func.count(Job.id))) == 1


def test_the_registrations_export_is_excel_friendly_and_formula_safe(
    make_event, make_user, client_for, organiser
):
    event = make_event()
    person = make_user(name='=HYPERLINK("http://evil")', organisation="Ñandú, S.A.")
    client_for(person).post(
        f"/events/{event.id}/register", data={"consent_list": "y", "accessibility": "@SUM(1)"}
    )
    export = client_for(organiser, language="es").get(f"/events/{event.id}/registrations.csv")
    assert export.status_code == 200
    assert export.data.startswith("\ufeff".encode())
    assert "attachment" in export.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(export.data.decode("utf-8-sig"))))
    assert "nombre" in rows[0][0] and "país" in rows[0][2]
    assert rows[0][5] == "estado"
    assert rows[1][0] == '\'=HYPERLINK("http://evil")'
    assert rows[1][3] == "Ñandú, S.A."
    assert rows[1][5] == "inscrita"
    assert rows[1][8] == "sí"
    assert rows[1][-1] == "'@SUM(1)"
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "export.downloaded"))
    assert (entry.target_type, entry.target_id, entry.actor_id) == ("event", event.id, organiser.id)


def test_more_places_promote_the_waitlist(make_event, make_user, client_for, organiser):
    event = make_event(capacity=1)
    first, second = make_user(), make_user()
    for person in (first, second):
        client_for(person).post(f"/events/{event.id}/register")
    assert registrations.find(event.id, second.id).state == "waitlisted"
    data = event_form(capacity="2", venue="Sede", format="hybrid")
    data["starts_at"] = (wall(10, 9)).strftime("%Y-%m-%dT%H:%M")
    data["ends_at"] = (wall(10, 9) + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    assert client_for(organiser).post(f"/events/{event.id}/edit", data=data).status_code == 303
    # Issue 18: the freed place is offered (held for the event's hours), no longer given at once.
    offered = registrations.find(event.id, second.id)
    assert offered.state == "waitlisted" and offered.offer_expires_at is not None
