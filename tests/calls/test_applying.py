"""Applying: a draft saved at each step without script, the checklist, the eligibility
reasons before starting and before submitting, the receipt by e-mail with the answers, changes
until the close (refused one second after it, on the server), withdrawal, the document's type."""

from __future__ import annotations

import io
from datetime import date, timedelta

from sqlalchemy import select

from learning.calls.models import CallApplication
from learning.calls.services import applications
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.storage.models import StoredFile

FUTURE = (date.today() + timedelta(days=90)).isoformat()


def _mine(user, call):
    db.session.expire_all()
    return db.session.scalar(
        select(CallApplication).where(
            CallApplication.user_id == user.id, CallApplication.call_id == call.id
        )
    )


def _status(client, link):
    response = client.get(link)
    response.close()
    return response.status_code


def test_a_whole_application_step_by_step(client_for, make_user, make_call, outbox):
    call = make_call()
    user = make_user(country="GT", sector="academia", language="es")
    client = client_for(user, "es")
    page = client.get(f"/calls/{call.id}").get_data(as_text=True)
    assert "Cumple: la convocatoria acepta Guatemala, México." in page
    response = client.post(f"/calls/{call.id}/apply", data={})
    assert response.location.endswith(f"/calls/{call.id}/application/profile")
    # Saved as a draft from the profile, with the checklist of what is missing.
    overview = client.get(f"/calls/{call.id}/application").get_data(as_text=True)
    assert "Su etapa profesional (paso 1)" in overview
    assert "El documento de respaldo (paso 3)" in overview
    response = client.post(
        f"/calls/{call.id}/application/profile",
        data={"country": "GT", "sector": "academia", "career_stage": "mid"},
    )
    assert response.location.endswith("/application/proposal")
    response = client.post(
        f"/calls/{call.id}/application/proposal",
        data={"project_title": "Agua y municipios", "statement": "Propuesta.", "start_on": FUTURE},
    )
    assert response.location.endswith("/application/document")
    response = client.post(
        f"/calls/{call.id}/application/document",
        data={"document": (io.BytesIO(b"%PDF-1.4 cv"), "cv.pdf")},
        content_type="multipart/form-data",
    )
    assert response.location.endswith(f"/calls/{call.id}/application")
    overview = client.get(f"/calls/{call.id}/application").get_data(as_text=True)
    assert "Nada: todas las respuestas están dadas." in overview
    assert _mine(user, call).state == "draft"
    response = client.post(f"/calls/{call.id}/application/submit", data={})
    assert response.status_code == 303
    mine = _mine(user, call)
    assert mine.state == "submitted" and mine.submitted_at is not None
    (receipt,) = outbox.to(user.email)
    body = outbox.body(receipt)
    assert receipt["Subject"].startswith("Solicitud recibida")
    assert "Agua y municipios" in body and "Propuesta." in body and "cv.pdf" in body
    assert "Guatemala" in body


def test_submitting_is_refused_while_the_checklist_is_open(client_for, make_user, make_call):
    call = make_call()
    user = make_user()
    client = client_for(user)
    client.post(f"/calls/{call.id}/apply", data={})
    response = client.post(f"/calls/{call.id}/application/submit", data={})
    assert response.status_code == 400
    assert "Some answers are missing" in response.get_data(as_text=True)
    assert _mine(user, call).state == "draft"


def test_an_ineligible_applicant_sees_why_and_cannot_submit(
    client_for, make_user, make_call, filled
):
    call = make_call(rules={"country": ["GT"], "no_award": []})
    user = make_user(country="SV")
    client = client_for(user)
    page = client.get(f"/calls/{call.id}").get_data(as_text=True)
    assert "Not met: the call accepts only Guatemala, and you said otherwise." in page
    assert "you do not meet every rule" in page
    filled(user, call)  # says Mexico, and no previous award
    overview = client.get(f"/calls/{call.id}/application").get_data(as_text=True)
    assert "Met: you have not held an award from the programme before." in overview
    response = client.post(f"/calls/{call.id}/application/submit", data={})
    assert response.status_code == 400
    assert "do not meet the call" in response.get_data(as_text=True)
    assert _mine(user, call).state == "draft"


def test_submitting_one_second_after_the_close_is_refused(client_for, make_user, make_call, filled):
    call = make_call()
    user = make_user()
    filled(user, call)
    call.closes_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    client = client_for(user, "es")
    # Whatever the client claims about its clock.
    response = client.post(
        f"/calls/{call.id}/application/submit", data={}, headers={"Date": "Mon, 01 Jan 2024"}
    )
    assert response.status_code == 409
    assert "La convocatoria cerró" in response.get_data(as_text=True)
    assert _mine(user, call).state == "draft"


def test_changes_until_the_close_then_none(client_for, make_user, make_call, filled):
    call = make_call()
    user = make_user()
    filled(user, call)
    client = client_for(user)
    assert client.post(f"/calls/{call.id}/application/submit", data={}).status_code == 303
    response = client.post(
        f"/calls/{call.id}/application/proposal",
        data={"project_title": "Nuevo título", "statement": "Otra.", "start_on": FUTURE},
    )
    assert response.status_code == 303
    mine = _mine(user, call)
    assert mine.project_title == "Nuevo título" and mine.state == "submitted"
    call.closes_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    response = client.post(
        f"/calls/{call.id}/application/proposal",
        data={"project_title": "Después", "statement": "Tarde.", "start_on": FUTURE},
    )
    assert response.status_code == 409
    assert "This call has closed" in response.get_data(as_text=True)
    assert _mine(user, call).project_title == "Nuevo título"
    assert client.get(f"/calls/{call.id}/application/withdraw").status_code == 200
    client.post(f"/calls/{call.id}/application/withdraw", data={})
    assert _mine(user, call).state == "submitted"


def test_bad_answers_are_refused_with_a_message(client_for, make_user, make_call):
    call = make_call(statement_limit=100)
    user = make_user()
    client = client_for(user, "es")
    client.post(f"/calls/{call.id}/apply", data={})
    url = f"/calls/{call.id}/application"
    cases = [
        ("profile", {"country": "ZZ"}, "Elija un país de la lista."),
        ("profile", {"sector": "astrology"}, "Elija un sector de la lista."),
        ("profile", {"career_stage": "eternal"}, "Elija una etapa profesional de la lista."),
        ("proposal", {"statement": "x" * 101}, "como máximo 100 caracteres"),
        ("proposal", {"project_title": "t" * 201}, "como máximo 200 caracteres"),
        ("proposal", {"start_on": "2020-01-01"}, "después del cierre"),
    ]
    for step, data, words in cases:
        response = client.post(f"{url}/{step}", data=data)
        assert response.status_code == 400, data
        assert words in response.get_data(as_text=True), data
    mine = _mine(user, call)
    assert mine.statement == "" and mine.start_on is None and mine.career_stage is None
    assert client.get(f"{url}/nonsense").status_code == 404


def test_a_forbidden_file_type_is_refused(client_for, make_user, make_call):
    call = make_call()
    user = make_user()
    client = client_for(user, "es")
    client.post(f"/calls/{call.id}/apply", data={})
    for name in ("virus.exe", "photo.png", "page.html"):
        response = client.post(
            f"/calls/{call.id}/application/document",
            data={"document": (io.BytesIO(b"MZ..."), name)},
            content_type="multipart/form-data",
        )
        assert response.status_code == 400, name
    assert _mine(user, call).document_file_id is None
    assert db.session.scalar(select(StoredFile)) is None
    response = client.post(f"/calls/{call.id}/application/document", data={})
    assert response.status_code == 400
    assert "Elija un archivo" in response.get_data(as_text=True)


def test_withdrawal_is_confirmed_and_final(client_for, make_user, make_call, filled):
    call = make_call()
    user = make_user()
    filled(user, call)
    client = client_for(user)
    page = client.get(f"/calls/{call.id}/application/withdraw").get_data(as_text=True)
    assert "button-danger" in page
    assert client.post(f"/calls/{call.id}/application/withdraw", data={}).status_code == 303
    assert _mine(user, call).state == "withdrawn"
    response = client.post(f"/calls/{call.id}/application/submit", data={})
    assert response.status_code == 400
    assert "You withdrew this application" in response.get_data(as_text=True)
    response = client.post(f"/calls/{call.id}/apply", data={})
    assert _mine(user, call).state == "withdrawn"


def test_an_application_is_its_applicants_and_staffs_only(
    client_for, make_user, make_call, filled, staff
):
    call = make_call()
    owner = make_user(name="Ana Aplicante")
    filled(owner, call)
    document = _mine(owner, call).document
    link = f"/files/{document.id}/{document.original_name}"
    other = client_for("participant")
    # Routes take the reader's own application; another's is never reachable.
    assert other.get(f"/calls/{call.id}/application").status_code == 404
    assert other.post(f"/calls/{call.id}/application/submit", data={}).status_code == 404
    assert _status(other, link) == 404
    assert _status(client_for(None), link) in (302, 404)
    assert _status(client_for(owner), link) == 200
    assert _status(client_for(staff), link) == 200
    listing = client_for(staff).get(f"/calls/{call.id}/applications").get_data(as_text=True)
    assert "Ana Aplicante" in listing


def test_the_checklist_follows_the_calls_rules(app, make_user, make_call):
    call = make_call(rules={})
    user = make_user()
    application = applications.start(user, call)
    assert "document" not in applications.missing(application)
    assert "previous_award" not in applications.missing(application)
    assert applications.missing(application)[:1] == ["career_stage"]
