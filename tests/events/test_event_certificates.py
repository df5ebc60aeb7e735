"""Certificates of attendance: the event's rule, issuing to those who meet it (at once, or on
the job queue when many), the PDF drawn like the workshops' certificates, the public
verification page (also found by the "type a certificate code" page), the Open Badges
assertion, and revocation — with the refusals a careless or hostile person meets."""

from __future__ import annotations

import csv
import io
import json

import pypdf
from sqlalchemy import func, select

from learning.accounts.privacy import holds_text
from learning.audit.models import AuditEntry
from learning.completion.badges import hashed_identity
from learning.events.models import (
    Event,
    EventAttendance,
    EventCertificate,
    EventCertificateRule,
    EventRegistration,
    EventSessionAttendance,
)
from learning.events.services import attendance, certificates
from learning.events.services import survey as survey_services
from learning.platform.extensions import db
from tests.conftest import TEST_PASSWORD
from tests.events.conftest import wall


def _table(response) -> dict[str, list[str]]:
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    return {row[0]: row[1:] for row in rows[1:]}


def _past_event(make_event, add_session, sessions=2):
    """A two-day event that ended yesterday, with ``sessions`` sessions on its first day."""
    event = make_event(starts_at=wall(-3, 9), ends_at=wall(-2, 18))
    made = [add_session(event, start=wall(-3, 10 + 2 * n)) for n in range(sessions)]
    return event, made


def _attended(event, person, *, days=(), sessions=(), mode="in-person"):
    """``person`` registered and was there on ``days`` (indexes) and at ``sessions``."""
    db.session.add(EventRegistration(event_id=event.id, user_id=person.id, state="registered"))
    all_days = attendance.event_days(event)
    for n in days:
        db.session.add(
            EventAttendance(event_id=event.id, day=all_days[n], mode=mode, user_id=person.id)
        )
    for session in sessions:
        db.session.add(
            EventSessionAttendance(
                event_id=event.id, session_id=session.id, mode=mode, user_id=person.id
            )
        )
    db.session.commit()


def _held(event):
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(EventCertificate)
            .where(EventCertificate.event_id == event.id)
            .order_by(EventCertificate.user_id)
        )
    )


def test_organiser_sets_a_rule_and_issues_to_those_who_meet_it(
    make_event, add_session, make_user, client_for, organiser
):
    event, (first, second) = _past_event(make_event, add_session)
    rosa = make_user(name="Rosa Almeida", email="rosa@example.org", language="es")
    brief = make_user(name="Bruno Breve")
    _attended(event, rosa, days=[0, 1], sessions=[first, second])
    _attended(event, brief, days=[0], sessions=[first])
    door = client_for(organiser, language="es")
    page = door.get(f"/events/{event.id}/certificates")
    assert page.status_code == 200 and "Certificados de asistencia" in page.text
    assert "Primero defina la regla" in page.text

    saved = door.post(
        f"/events/{event.id}/certificates/rule",
        data={"measure": "share", "minimum": "100", "mode": "any"},
    )
    assert saved.status_code == 303
    shown = door.get(saved.location).text
    assert "1 persona cumple la regla y aún no tiene certificado." in shown
    assert "Rosa Almeida" in shown and "Bruno Breve" in shown and "No la cumple" in shown

    issued = door.post(f"/events/{event.id}/certificates/issue")
    assert issued.status_code == 303
    assert "1 certificado emitido." in door.get(issued.location).text
    [certificate] = _held(event)
    assert certificate.user_id == rosa.id and certificate.language == "es"
    audit = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "event_certificates.issued")
    )
    assert audit is not None and audit.target_id == event.id
    # Pressing again issues nobody twice.
    assert door.post(f"/events/{event.id}/certificates/issue").status_code == 303
    assert len(_held(event)) == 1

    # The holder sees it on the event's page and downloads it.
    holder = client_for(rosa, language="es")
    mine = holder.get(f"/events/{event.id}").text
    assert "Tiene un certificado de asistencia para este evento." in mine
    pdf = holder.get(f"/events/certificates/{certificate.code}/certificate.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.headers["Content-Disposition"].startswith("attachment")
    assert "no-store" in pdf.headers["Cache-Control"]
    text = pypdf.PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text()
    for expected in ("Certificado de asistencia", "Rosa Almeida", "Foro de democracia",
                     certificate.code, "2 días", "2 sesiones"):  # fmt: skip
        assert expected in text, expected
    both = holder.get(f"/events/certificates/{certificate.code}/certificate.pdf?language=bilingual")
    bilingual = pypdf.PdfReader(io.BytesIO(both.data)).pages[0].extract_text()
    assert "Certificate of attendance" in bilingual and "Democracy forum" in bilingual
    assert (
        holder.get(
            f"/events/certificates/{certificate.code}/certificate.pdf?language=xx"
        ).status_code
        == 400
    )
    # Nobody else downloads it; the organiser may.
    assert (
        client_for(brief)
        .get(f"/events/certificates/{certificate.code}/certificate.pdf")
        .status_code
        == 403
    )
    assert door.get(f"/events/certificates/{certificate.code}/certificate.pdf").status_code == 200
    assert "Bruno Breve" not in holder.get(f"/events/{event.id}").text


def test_verification_page_code_lookup_and_open_badge(
    make_event, add_session, make_user, client_for, organiser
):
    event, sessions = _past_event(make_event, add_session)
    rosa = make_user(name="Rosa Almeida", email="Rosa@Example.org")
    _attended(event, rosa, days=[0])
    certificates.save_rule(event, "days", 1, "any")
    certificate = certificates.issue(event, rosa)
    db.session.commit()
    visitor = client_for(None, language="es")
    page = visitor.get(f"/events/certificates/{certificate.code}")
    assert page.status_code == 200
    assert "Válido" in page.text and "Rosa Almeida" in page.text
    assert "Foro de democracia" in page.text
    # The "type a certificate code" page (completion) finds event certificates too.
    typed = visitor.get("/certificates/", query_string={"code": f" {certificate.code} "})
    assert typed.status_code == 303
    assert typed.location.endswith(f"/events/certificates/{certificate.code}")

    badge = visitor.get(f"/events/certificates/{certificate.code}/badge.json").get_json()
    assert badge["type"] == "Assertion" and badge["verification"] == {"type": "hosted"}
    assert badge["badge"].endswith(f"/events/{event.id}/badge.json")
    assert "rosa@example.org" not in str(badge).lower()
    assert badge["recipient"]["identity"] == hashed_identity(
        "rosa@example.org", badge["recipient"]["salt"]
    )
    badge_class = visitor.get(f"/events/{event.id}/badge.json").get_json()
    assert badge_class["type"] == "BadgeClass" and badge_class["issuer"].endswith(
        "/badges/issuer.json"
    )


def test_forged_and_revoked_codes_get_a_clear_answer(
    make_event, add_session, make_user, client_for, organiser
):
    event, _ = _past_event(make_event, add_session)
    rosa = make_user(name="Rosa Almeida")
    _attended(event, rosa, days=[0, 1])
    certificates.save_rule(event, "days", 2, "in-person")
    certificate = certificates.issue(event, rosa)
    db.session.commit()
    visitor = client_for(None, language="es")
    forged = certificate.code[:-1] + ("A" if certificate.code[-1] != "A" else "B")
    for bad in (forged, "nope", "x" * 300, "<script>"):
        answer = visitor.get(f"/events/certificates/{bad}")
        assert answer.status_code == 404, bad
        assert "No hay ningún certificado válido con este código" in answer.text, bad
        assert "<script>" not in answer.text.split("<main", 1)[-1]
        typed = visitor.get("/certificates/", query_string={"code": bad})
        assert typed.status_code == 404 and "No hay ningún certificado válido" in typed.text

    # Revoking: only who runs the event, and with a reason.
    stranger = client_for(make_user(roles=["trainer"]))
    assert stranger.get(f"/events/certificates/{certificate.code}/revoke").status_code == 403
    assert (
        client_for(rosa)
        .post(f"/events/certificates/{certificate.code}/revoke", data={"reason": "x"})
        .status_code
        == 403
    )
    door = client_for(organiser, language="es")
    form = door.get(f"/events/certificates/{certificate.code}/revoke")
    assert form.status_code == 200 and "button-danger" in form.text
    empty = door.post(f"/events/certificates/{certificate.code}/revoke", data={"reason": "  "})
    assert empty.status_code == 400 and "Escriba por qué se revoca" in empty.text
    assert _held(event)[0].revoked_at is None
    done = door.post(
        f"/events/certificates/{certificate.code}/revoke",
        data={"reason": "Registro de asistencia erróneo"},
    )
    assert done.status_code == 303
    revoked = visitor.get(f"/events/certificates/{certificate.code}")
    assert revoked.status_code == 200 and "Revocado" in revoked.text
    assert "erróneo" not in revoked.text  # the reason is for organisers
    assert "erróneo" in door.get(f"/events/certificates/{certificate.code}").text
    again = door.post(
        f"/events/certificates/{certificate.code}/revoke", data={"reason": "otra vez"}
    )
    assert again.status_code == 400 and "ya está revocado" in again.text
    holder = client_for(rosa, language="es")
    assert holder.get(f"/events/certificates/{certificate.code}/certificate.pdf").status_code == 410
    assert "fue revocado" in holder.get(f"/events/{event.id}").text
    badge = visitor.get(f"/events/certificates/{certificate.code}/badge.json")
    assert badge.status_code == 410 and badge.get_json()["revoked"] is True
    assert (
        db.session.scalar(
            select(func.count(AuditEntry.id)).where(
                AuditEntry.action == "event_certificate.revoked"
            )
        )
        == 1
    )


def test_refusals_someone_who_does_not_qualify_a_bad_rule_a_running_event(
    make_event, add_session, make_user, client_for, organiser
):
    event, (first, second) = _past_event(make_event, add_session)
    online_only = make_user(name="Olivia En Línea")
    _attended(event, online_only, days=[0], sessions=[first], mode="online")
    door = client_for(organiser, language="es")
    # Without a rule there is nothing to issue.
    refused = door.post(f"/events/{event.id}/certificates/issue/{online_only.id}")
    assert refused.status_code == 400 and "Primero defina la regla" in refused.text
    for bad in (
        {"measure": "days", "minimum": "0", "mode": "any"},
        {"measure": "days", "minimum": "101", "mode": "any"},
        {"measure": "days", "minimum": "dos", "mode": "any"},
        {"measure": "hours", "minimum": "1", "mode": "any"},
        {"measure": "days", "minimum": "1", "mode": "telepathy"},
    ):
        answer = door.post(f"/events/{event.id}/certificates/rule", data=bad)
        assert answer.status_code == 400, bad
        assert "Elija qué se cuenta" in answer.text
    assert db.session.get(EventCertificateRule, event.id) is None

    # In person only: the online attendance does not count.
    door.post(
        f"/events/{event.id}/certificates/rule",
        data={"measure": "sessions", "minimum": "1", "mode": "in-person"},
    )
    refused = door.post(f"/events/{event.id}/certificates/issue/{online_only.id}")
    assert refused.status_code == 400
    assert "Esta persona no cumple la regla del evento" in refused.text
    assert _held(event) == []
    door.post(
        f"/events/{event.id}/certificates/rule",
        data={"measure": "sessions", "minimum": "1", "mode": "online"},
    )
    assert door.post(f"/events/{event.id}/certificates/issue/{online_only.id}").status_code == 303
    assert [c.user_id for c in _held(event)] == [online_only.id]

    # An event not over yet issues nothing; strangers and participants may not run it.
    upcoming = make_event()
    certificates.save_rule(upcoming, "days", 1, "any")
    db.session.commit()
    early = door.post(f"/events/{upcoming.id}/certificates/issue")
    assert early.status_code == 400 and "una vez que el evento ha terminado" in early.text
    for who in (online_only, "trainer"):
        client = client_for(who)
        assert client.get(f"/events/{event.id}/certificates").status_code == 403
        assert client.post(f"/events/{event.id}/certificates/issue").status_code == 403
    assert client_for(None).post(f"/events/{event.id}/certificates/issue").status_code in (
        302,
        303,
        400,
    )
    assert len(_held(event)) == 1


def test_many_people_are_issued_through_the_job_queue(
    make_event, add_session, make_user, client_for, organiser, run_jobs, monkeypatch
):
    event, (first, _) = _past_event(make_event, add_session)
    people = [make_user(name=f"Persona {n}") for n in range(4)]
    for person in people:
        _attended(event, person, sessions=[first])
    certificates.save_rule(event, "sessions", 1, "any")
    db.session.commit()
    monkeypatch.setattr(certificates, "AT_ONCE", 2)
    door = client_for(organiser, language="es")
    answer = door.post(f"/events/{event.id}/certificates/issue")
    assert answer.status_code == 303 and "/jobs/" in answer.location
    assert _held(event) == []
    run_jobs()
    assert sorted(c.user_id for c in _held(event)) == sorted(p.id for p in people)
    job_page = door.get(answer.location).text
    assert "4 certificados emitidos." in job_page


def test_dashboard_counts_session_attendance_and_certificates(
    make_event, add_session, make_user, client_for
):
    event, (first, second) = _past_event(make_event, add_session)
    women = [make_user(country="GT", gender="woman") for _ in range(6)]
    for person in women:
        _attended(event, person, days=[0], sessions=[first, second])
    man = make_user(country="HN", gender="man")
    _attended(event, man, days=[0], sessions=[first], mode="online")
    certificates.save_rule(event, "sessions", 2, "any")
    for person in women:
        certificates.issue(event, person)
    db.session.commit()
    revoked = certificates.certificate_of(event, women[0])
    certificates.revoke(revoked, by=man, reason="error")
    db.session.commit()
    admin = client_for("admin")
    page = admin.get("/dashboard/")
    assert "Session attendances" in page.text and "Certificates of attendance" in page.text
    region = _table(admin.get("/dashboard/events-region.csv"))
    # in person, online, session attendances, certificates (the revoked one does not count)
    assert region["Guatemala"][2:] == ["6", "0", "12", "5"]
    assert region["Honduras"][2:] == ["0", "1", "1", "0"]
    published = _table(admin.get("/dashboard/events-region.csv?publication=1"))
    assert published["Guatemala"][4:] == ["12", "5"] and published["Honduras"][4:] == ["<5", "0"]
    spanish = client_for("admin", language="es").get("/dashboard/")
    assert "Asistencias a sesiones" in spanish.text


def test_personal_data_export_and_account_deletion(make_event, add_session, make_user, client_for):
    event, (first, _) = _past_event(make_event, add_session)
    person = make_user(name="Xiomara Quintanilla", email="xiomara@example.org")
    _attended(event, person, days=[0], sessions=[first])
    certificates.save_rule(event, "days", 1, "any")
    certificate = certificates.issue(event, person)
    db.session.commit()
    code = certificate.code
    client = client_for(person)
    data = json.loads(client.get("/account/data.json").data)
    [held] = data["records"]["event_certificates"]
    assert held["code"] == code and held["event_id"] == event.id
    [present] = data["records"]["event_session_attendances"]
    assert present["session_id"] == first.id and present["mode"] == "in-person"

    answer = client.post("/account/delete", data={"password": TEST_PASSWORD, "confirm": "y"})
    assert answer.status_code in (302, 303)
    db.session.expire_all()
    assert _held(event) == []  # no public page certifies someone who is gone
    gone = client_for(None).get(f"/events/certificates/{code}")
    assert gone.status_code == 404
    [kept] = db.session.scalars(select(EventSessionAttendance)).all()  # still counted
    assert kept.user.name == "[deleted]"
    assert holds_text("Xiomara") == [] and holds_text("xiomara@example.org") == []


def test_demo_past_forum_has_session_attendance_and_a_certificate(app, client_for):
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    past = db.session.scalar(
        select(Event).where(Event.format == "in-person", Event.kind == "forum")
    )
    counts = attendance.session_counts(past)
    assert sorted(c["in-person"] for c in counts.values()) == [1, 2]
    [held] = _held(past)
    assert held.user.email == "participant@demo.puente"
    assert survey_services.summary(past).count == 2
    shown = client_for(None, language="es").get(f"/events/{past.id}").text
    assert "Grabación del foro" in shown and "video.example.org" in shown
    assert "docs.example.org" not in shown  # the report is for registered people
    page = client_for(None, language="es").get(f"/events/certificates/{held.code}")
    assert page.status_code == 200 and "Válido" in page.text
