"""A trainer writes to the people of an edition: the job queue (a real consumer) e-mails each
of them once, in their language for the frame, and the bad inputs get clear 4xx answers."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from learning.jobs import services as jobs
from learning.jobs.models import Job
from learning.platform import mail
from learning.platform.extensions import db
from learning.workshops.models import Enrolment


@pytest.fixture
def edition(workshop_world, make_edition, make_user):
    """Two participants (one Spanish, one English), one on the waitlist, one withdrawn and
    one whose account was closed."""
    edition = make_edition(workshop_world.workshop)
    people = {
        "ana@example.org": ("active", "es", True),
        "lee@example.org": ("completed", "en", True),
        "wait@example.org": ("waitlisted", "es", True),
        "gone@example.org": ("withdrawn", "es", True),
        "closed@example.org": ("active", "es", False),
    }
    for email, (state, language, active) in people.items():
        user = make_user(email=email, language=language)
        user.active = active
        db.session.add(Enrolment(edition=edition, user_id=user.id, state=state))
    db.session.commit()
    return edition


def _announce(client, edition, **data):
    form = {"audience": "participants", "subject": "Sesión del jueves", "body": "Traigan datos."}
    return client.post(f"/editions/{edition.id}/announce", data={**form, **data})


def test_participants_each_get_the_announcement_once(
    workshop_world, edition, client_for, outbox, run_jobs
):
    trainer = client_for(workshop_world.users["trainer"], "es")
    page = trainer.get(f"/editions/{edition.id}/roster").get_data(True)
    assert f"/editions/{edition.id}/announce" in page and "Escribir a la edición" in page
    form = trainer.get(f"/editions/{edition.id}/announce").get_data(True)
    assert "Participantes (inscritas o que ya terminaron) · 2" in form
    response = _announce(trainer, edition)
    assert response.status_code == 303
    job_page = response.headers["Location"]
    assert outbox.messages() == []  # nothing is sent inside the request
    run_jobs()
    sent = outbox.messages()
    assert sorted(m["To"] for m in sent) == ["ana@example.org", "lee@example.org"]
    for message in sent:
        assert message["Subject"] == "Sesión del jueves"
        assert "Traigan datos." in outbox.body(message)
    assert "escribe a las personas de" in outbox.body(outbox.to("ana@example.org")[0])
    assert "writes to the people of" in outbox.body(outbox.to("lee@example.org")[0])
    assert "2 correos enviados." in trainer.get(job_page).get_data(True)


def test_everyone_includes_the_waitlist(workshop_world, edition, client_for, outbox, run_jobs):
    trainer = client_for(workshop_world.users["trainer"])
    assert _announce(trainer, edition, audience="everyone").status_code == 303
    run_jobs()
    assert sorted(m["To"] for m in outbox.messages()) == [
        "ana@example.org",
        "lee@example.org",
        "wait@example.org",
    ]


def test_a_retried_announcement_writes_to_nobody_twice(
    app, workshop_world, edition, client_for, outbox, monkeypatch
):
    """The mail server breaks on the second e-mail (a crash, not a refusal): the retry carries
    on from the person after the last one sent. Run with ``execute`` twice, as the consumer
    would on the retry (its delay is not waited for here)."""
    trainer = client_for(workshop_world.users["trainer"])
    job_page = _announce(trainer, edition, audience="everyone").headers["Location"]
    job_id = int(job_page.rsplit("/", 1)[1])
    real = mail._deliver
    calls = {"n": 0}

    def flaky(message):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("the mail relay crashed")
        real(message)

    monkeypatch.setattr(mail, "_deliver", flaky)
    jobs.execute(job_id)
    job = db.session.get(Job, job_id)
    assert (job.state, job.done, job.attempts) == ("queued", 1, 1)
    jobs.execute(job_id)
    db.session.refresh(job)
    assert (job.state, job.done, job.total) == ("done", 3, 3)
    received = sorted(m["To"] for m in outbox.messages())
    assert received == ["ana@example.org", "lee@example.org", "wait@example.org"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"subject": ""}, "Escriba un asunto."),
        ({"body": "   "}, "Escriba el mensaje."),
        ({"subject": "x" * 151}, "150"),
        ({"body": "x" * 5001}, "5000"),
        ({"audience": "admins"}, "Elija de la lista quién recibe el aviso."),
    ],
)
def test_bad_input_is_a_400_in_the_reader_s_language(
    workshop_world, edition, client_for, data, message
):
    trainer = client_for(workshop_world.users["trainer"], "es")
    response = _announce(trainer, edition, **data)
    assert response.status_code == 400
    assert message in response.get_data(True)
    assert db.session.scalar(select(func.count(Job.id))) == 0


def test_a_subject_cannot_add_mail_headers(workshop_world, edition, client_for, outbox, run_jobs):
    trainer = client_for(workshop_world.users["trainer"])
    sneaky = "Hola\r\nBcc: everyone@example.org"
    assert _announce(trainer, edition, subject=sneaky).status_code == 303
    run_jobs()
    for message in outbox.messages():
        assert message["Bcc"] is None
        assert "\n" not in message["Subject"]


def test_an_empty_edition_says_nobody_would_receive_it(workshop_world, make_edition, client_for):
    empty = make_edition(workshop_world.workshop)
    trainer = client_for(workshop_world.users["trainer"])
    response = _announce(trainer, empty)
    assert response.status_code == 400
    assert "Nobody in this edition would receive it." in response.get_data(True)


def test_only_the_workshop_s_trainers_and_admins_announce(
    workshop_world, edition, client_for, make_user
):
    assert _announce(client_for(make_user(email="p@example.org")), edition).status_code == 403
    assert _announce(client_for("trainer"), edition).status_code == 403
    assert _announce(client_for(None), edition).status_code == 302
    admin = client_for(workshop_world.users["admin"])
    assert admin.get(f"/editions/{edition.id}/announce").status_code == 200
    trainer = client_for(workshop_world.users["trainer"])
    assert trainer.get("/editions/99999999/announce").status_code == 404
    assert trainer.get(f"/editions/{10**30}/announce").status_code == 404
    assert db.session.scalar(select(func.count(Job.id))) == 0
