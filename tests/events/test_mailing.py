"""Organisers write to the people of an event (issue 18): registered, waitlisted or checked
in; the job queue sends one e-mail each, in the organiser's words and the person's language
for the frame; the job's page shows the progress to who runs the event. Nobody else may send,
and a bad form is refused with a clear message, queueing nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from learning.audit.models import AuditEntry
from learning.events.services import attendance, registrations
from learning.jobs.models import Job
from learning.platform.extensions import db


def _people(make_event, make_user):
    """An event with one place: Ana (Spanish) holds it, Ben (English) waits."""
    event = make_event(capacity=1)
    ana = make_user("ana@example.org", name="Ana", language="es")
    ben = make_user("ben@example.org", name="Ben", language="en")
    for person in (ana, ben):
        registrations.register(person, event, registrations.Answers())
    db.session.commit()
    return event, ana, ben


def _write(client, event, **fields):
    data = {"audience": "registered", "subject": "Cambio de sala", "body": "Sala B.", **fields}
    return client.post(f"/events/{event.id}/write", data=data)


def test_organisers_write_to_the_registered_in_each_persons_language(
    make_event, make_user, client_for, organiser, outbox, run_jobs
):
    event, ana, ben = _people(make_event, make_user)
    client = client_for(organiser, language="es")
    page = client.get(f"/events/{event.id}/write")
    assert page.status_code == 200
    assert "Todas las personas con lugar · 1" in page.text
    sent = _write(client, event, subject="Cambio de sala", body="La sesión será en la Sala B.")
    assert sent.status_code == 303 and "/jobs/" in sent.location
    run_jobs()
    [mail] = outbox.to("ana@example.org")[-1:]
    assert mail["Subject"] == "Cambio de sala"
    body = outbox.body(mail)
    assert "Hola, Ana" in body and "La sesión será en la Sala B." in body
    assert "Olga Organizadora escribe a las personas de" in body
    assert not [m for m in outbox.to("ben@example.org") if m["Subject"] == "Cambio de sala"]
    progress = client.get(sent.location)
    assert progress.status_code == 200 and "1 correo enviado" in progress.text
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "event.mailed"))
    assert entry.target_id == event.id and entry.actor_id == organiser.id

    _write(client_for(organiser), event, audience="waitlisted", subject="Waitlist news")
    run_jobs()
    [mail] = outbox.to("ben@example.org")[-1:]
    assert mail["Subject"] == "Waitlist news" and "Hello Ben" in outbox.body(mail)
    assert "writes to the people of" in outbox.body(mail)


def test_the_people_who_came_are_an_audience(
    make_event, make_user, client_for, organiser, outbox, run_jobs
):
    event, ana, ben = _people(make_event, make_user)
    day = attendance.event_days(event)[0]
    attendance.check_in(event, registrations.find(event.id, ana.id), day)
    db.session.commit()
    client = client_for(organiser)
    assert (
        "Everyone who came (checked in at the door or online) · 1"
        in client.get(f"/events/{event.id}/write").text
    )
    assert _write(client, event, audience="checked_in", subject="Thanks").status_code == 303
    run_jobs()
    assert [m["Subject"] for m in outbox.to("ana@example.org")][-1] == "Thanks"
    assert "Thanks" not in [m["Subject"] for m in outbox.to("ben@example.org")]


def test_bad_messages_are_refused_and_nothing_is_queued(
    make_event, make_user, client_for, organiser
):
    event, _, _ = _people(make_event, make_user)
    spanish = client_for(organiser, language="es")
    cases = [
        ({"subject": ""}, "Escriba un asunto."),
        ({"body": ""}, "Escriba el mensaje."),
        ({"body": "x" * 5001}, "5000"),
        ({"subject": "x" * 151}, "150"),
        ({"audience": "everyone-ever"}, "Elija de la lista quién recibe el mensaje."),
        ({"audience": "checked_in"}, "Nadie lo recibiría"),
    ]
    for data, words in cases:
        answer = _write(spanish, event, **data)
        assert answer.status_code == 400, data
        assert words in answer.text, (data, words)
    assert db.session.scalar(select(func.count(Job.id))) == 0


def test_only_who_runs_the_event_may_write(make_event, make_user, client_for, outbox):
    event, ana, _ = _people(make_event, make_user)
    other_trainer = client_for(make_user(roles=["trainer"]))
    assert other_trainer.get(f"/events/{event.id}/write").status_code == 403
    assert _write(other_trainer, event).status_code == 403
    participant = client_for(ana)
    assert _write(participant, event).status_code == 403
    visitor = client_for(None)
    assert _write(visitor, event).status_code in (302, 303)
    assert db.session.scalar(select(func.count(Job.id))) == 0
