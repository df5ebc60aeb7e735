"""A call's own application form: staff write text, choice, date and file questions in each
language; applicants answer them as a draft in a last step, the checklist asks for the required
ones, the receipt copies them, reviewers read them, and the answers leave with the person's data.
Bad input: unknown kinds, one-option choices, forged file types and sizes, a wrong option, a
date in another format, an over-long text, a forbidden or over-large file, a change after the
close, another person reaching the file."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from learning.accounts.privacy import delete_account, export_user
from learning.calls.models import CallAnswer, CallQuestion
from learning.calls.services import applications, review
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.storage.models import StoredFile


def _status(client, link):
    response = client.get(link)
    response.close()
    return response.status_code


def _send(client, url, data):
    """POST ``data`` (files included) and close the response and the request body the test
    client spooled to a temporary file (werkzeug's test client leaves that one open); the
    response keeps its status, location and text."""
    response = client.post(url, data=data)
    response.text = response.get_data(as_text=True)
    response.close()
    response.request.environ["wsgi.input"].close()
    return response


def _question(**fields):
    return {"kind": "text", "label_es": "", "label_en": "", "options_es": "", "options_en": "",
            **fields}  # fmt: skip


def _define(client, call):
    """Staff add four questions through the page; their ids in order."""
    url = f"/calls/{call.id}/form"
    posts = [
        _question(label_es="¿Por qué este tema?", label_en="Why this topic?", required="y",
                  max_length="300"),
        _question(kind="choice", label_es="Formato preferido", label_en="Preferred format",
                  options_es="Presencial\nEn línea", options_en="In person\nOnline",
                  required="y"),
        _question(kind="date", label_es="Fecha de disponibilidad", label_en="Available from"),
        _question(kind="file", label_es="Carta de la institución", label_en="Host letter",
                  file_types=["pdf"], max_megabytes="1", required="y"),
    ]  # fmt: skip
    for data in posts:
        assert client.post(url, data=data).status_code == 303
    return list(
        db.session.scalars(
            select(CallQuestion.id)
            .where(CallQuestion.call_id == call.id)
            .order_by(CallQuestion.position)
        )
    )


def test_staff_define_the_form_and_bad_questions_are_explained(
    client_for, make_call, staff, make_user
):
    call = make_call(status="draft")
    client = client_for(staff, "es")
    ids = _define(client, call)
    assert len(ids) == 4
    page = client.get(f"/calls/{call.id}/form").get_data(as_text=True)
    assert "¿Por qué este tema?" in page and "PDF" in page and "como máximo 1 MB" in page
    url = f"/calls/{call.id}/form"
    for data, words in [
        (_question(kind="script", label_es="x"), "Elija un tipo de pregunta"),
        (_question(kind="choice", label_es="Una", options_es="sola"), "de 2 a 30 opciones"),
        (_question(kind="file", label_es="Archivo"), "al menos un tipo de archivo"),
        (_question(kind="file", label_es="Archivo", file_types=["exe"]), "al menos un tipo"),
        (_question(kind="file", label_es="A", file_types=["pdf"], max_megabytes="50"), "1 a 10 MB"),
        (_question(label_es="Texto", max_length="90000"), "como máximo 20000"),
        (_question(label_es="x" * 301), "demasiado largo"),
    ]:
        response = client.post(url, data=data)
        assert response.status_code == 400, data
        assert words in response.get_data(as_text=True), data
    assert db.session.scalar(select(func.count(CallQuestion.id))) == 4
    # Only staff write the form: a draft call does not exist for anyone else; an open one
    # answers 403.
    someone = client_for(make_user(), "es")
    assert someone.post(url, data=_question(label_es="x")).status_code == 404
    call.status = "open"
    db.session.commit()
    assert someone.post(url, data=_question(label_es="x")).status_code == 403
    # Once the call is closed the form stays as applicants saw it.
    call.status = "closed"
    db.session.commit()
    locked = client.post(url, data=_question(label_es="Tarde"))
    assert locked.status_code == 400
    assert "solo puede cambiar mientras" in locked.get_data(as_text=True)
    gone = client.post(f"{url}/{ids[0]}/delete", data={})
    assert gone.status_code == 303
    assert db.session.scalar(select(func.count(CallQuestion.id))) == 4


def test_applicants_answer_as_a_draft_and_submit_with_a_receipt(
    client_for, make_call, staff, make_user, filled, outbox
):
    call = make_call()
    text_q, choice_q, date_q, file_q = _define(client_for(staff), call)
    user = make_user(country="MX", sector="media", language="es")
    filled(user, call)
    client = client_for(user, "es")
    url = f"/calls/{call.id}/application/questions"
    # After the document, the call's own questions are the last step (4 of 4).
    moved = _send(
        client,
        f"/calls/{call.id}/application/document",
        {"document": (io.BytesIO(b"%PDF-1.4 cv"), "cv.pdf")},
    )
    assert moved.location.endswith(url)
    page = client.get(url).get_data(as_text=True)
    assert "Paso 4 de 4" in page and "Formato preferido" in page and 'type="date"' in page
    # A draft may leave required questions: they join the checklist, and submitting waits.
    assert client.post(url, data={f"q_{text_q}": "Porque importa."}).status_code == 303
    overview = client.get(f"/calls/{call.id}/application").get_data(as_text=True)
    assert "Su respuesta a «Formato preferido» (paso 4)" in overview
    assert "Su respuesta a «Carta de la institución» (paso 4)" in overview
    refused = client.post(f"/calls/{call.id}/application/submit", data={})
    assert refused.status_code == 400

    # Bad answers: explained, the typed words kept in the form, nothing written.
    bad = client.post(url, data={f"q_{text_q}": "Texto nuevo", f"q_{choice_q}": "7"})
    assert bad.status_code == 400
    body = bad.get_data(as_text=True)
    assert "En «Formato preferido», elija una de las opciones" in body and "Texto nuevo" in body
    assert client.post(url, data={f"q_{date_q}": "31/03/2027"}).status_code == 400
    assert client.post(url, data={f"q_{text_q}": "x" * 301}).status_code == 400
    db.session.expire_all()
    kept = db.session.scalar(select(CallAnswer.value).where(CallAnswer.question_id == text_q))
    assert kept == "Porque importa."
    files_before = db.session.scalar(select(func.count(StoredFile.id)))
    exe = _send(client, url, {f"q_{file_q}": (io.BytesIO(b"MZ\x90\x00"), "carta.exe")})
    assert exe.status_code == 400
    big = b"%PDF-1.4 " + b"0" * (1024 * 1024 + 10)
    large = _send(client, url, {f"q_{file_q}": (io.BytesIO(big), "carta.pdf")})
    assert large.status_code == 413
    assert "como máximo 1 MB" in large.text
    db.session.expire_all()
    assert db.session.scalar(select(func.count(StoredFile.id))) == files_before
    with_file = select(func.count(CallAnswer.id)).where(CallAnswer.file_id.is_not(None))
    assert db.session.scalar(with_file) == 0

    answers = {
        f"q_{text_q}": "Porque importa.",
        f"q_{choice_q}": "1",
        f"q_{date_q}": "2027-03-31",
        f"q_{file_q}": (io.BytesIO(b"%PDF-1.4 carta"), "carta.pdf"),
    }
    saved = _send(client, url, answers)
    assert saved.status_code == 303 and saved.location.endswith(f"/calls/{call.id}/application")
    overview = client.get(f"/calls/{call.id}/application").get_data(as_text=True)
    assert "paso 4)" not in overview and "En línea" in overview and "carta.pdf" in overview
    assert client.post(f"/calls/{call.id}/application/submit", data={}).status_code == 303
    (receipt,) = outbox.to(user.email)
    body = outbox.body(receipt)
    assert "Formato preferido:\nEn línea" in body
    assert "Porque importa." in body and "carta.pdf" in body
    assert "31 de marzo de 2027" in body

    # After the close nothing changes, whatever is sent.
    call.closes_at = utcnow()
    db.session.commit()
    late = client.post(url, data={f"q_{text_q}": "Cambio tardío"})
    assert late.status_code == 409
    db.session.expire_all()
    kept = db.session.scalar(select(CallAnswer.value).where(CallAnswer.question_id == text_q))
    assert kept == "Porque importa."


def test_reviewers_read_the_answers_and_files_stay_with_those_who_may_see_them(
    client_for, make_call, staff, make_user, filled
):
    call = make_call()
    text_q, choice_q, _date_q, file_q = _define(client_for(staff), call)
    applicant = make_user(country="MX", sector="media", language="es")
    application = filled(applicant, call)
    client = client_for(applicant, "es")
    _send(
        client,
        f"/calls/{call.id}/application/questions",
        {
            f"q_{text_q}": "Porque importa.",
            f"q_{choice_q}": "0",
            f"q_{file_q}": (io.BytesIO(b"%PDF-1.4 carta"), "carta.pdf"),
        },
    )
    applications.submit(application)
    reviewer = make_user("rev@panel.example.net")
    review.add_reviewer(call, reviewer.email)
    db.session.commit()
    row = review.assign(application, reviewer, by=staff)
    db.session.commit()
    file = db.session.scalar(
        select(StoredFile).join(CallAnswer, CallAnswer.file_id == StoredFile.id)
    )
    link = f"/files/{file.id}/{file.original_name}"

    page = client_for(reviewer, "en").get(f"/calls/{call.id}/reviews/{row.id}")
    text = page.get_data(as_text=True)
    assert "Why this topic?" in text and "Porque importa." in text and "In person" in text
    assert _status(client_for(reviewer), link) == 200
    assert _status(client, link) == 200
    assert _status(client_for(staff), link) == 200
    assert _status(client_for(make_user()), link) == 404
    assert _status(client_for(None), link) in (302, 404)
    # Another person has no way into the step of this application.
    other = client_for(make_user(), "es")
    assert other.get(f"/calls/{call.id}/application/questions").status_code == 404


def test_answers_leave_with_the_persons_data_and_go_with_the_account(
    client_for, make_call, staff, make_user, filled
):
    call = make_call()
    text_q, _choice_q, _date_q, file_q = _define(client_for(staff), call)
    applicant = make_user(country="MX", sector="media")
    filled(applicant, call)
    _send(
        client_for(applicant),
        f"/calls/{call.id}/application/questions",
        {
            f"q_{text_q}": "Mi motivo personal.",
            f"q_{file_q}": (io.BytesIO(b"%PDF-1.4 carta"), "carta.pdf"),
        },
    )
    exported = export_user(applicant)
    values = {row["value"] for row in exported["records"]["call_answers"]}
    assert {"Mi motivo personal.", "carta.pdf"} <= values
    delete_account(applicant)
    db.session.commit()
    assert db.session.scalar(select(func.count(CallAnswer.id))) == 0
    letters = select(func.count(StoredFile.id)).where(StoredFile.original_name == "carta.pdf")
    assert db.session.scalar(letters) == 0


def test_a_call_without_questions_keeps_three_steps(client_for, make_call, make_user, filled):
    call = make_call()
    user = make_user(country="MX", sector="media", language="es")
    filled(user, call)
    client = client_for(user, "es")
    step = client.get(f"/calls/{call.id}/application/document").get_data(as_text=True)
    assert "Paso 3 de 3" in step
    assert client.get(f"/calls/{call.id}/application/questions").status_code == 404
    moved = _send(
        client,
        f"/calls/{call.id}/application/document",
        {"document": (io.BytesIO(b"%PDF-1.4 cv"), "cv.pdf")},
    )
    assert moved.location.endswith(f"/calls/{call.id}/application")


def test_staff_read_one_application_whole_and_reviewers_open_its_document(
    client_for, make_call, staff, make_user, filled
):
    call = make_call()
    text_q, choice_q, _date_q, file_q = _define(client_for(staff), call)
    applicant = make_user(name="Ana Aplicante", country="MX", sector="media")
    application = filled(applicant, call)
    _send(
        client_for(applicant),
        f"/calls/{call.id}/application/questions",
        {
            f"q_{text_q}": "Porque importa.",
            f"q_{choice_q}": "1",
            f"q_{file_q}": (io.BytesIO(b"%PDF-1.4 carta"), "carta.pdf"),
        },
    )
    applications.submit(application)
    db.session.commit()
    other_call = make_call()
    url = f"/calls/{call.id}/applications/{application.id}"
    listing = client_for(staff, "es").get(f"/calls/{call.id}/applications")
    assert f'href="{url}"' in listing.get_data(as_text=True)
    page = client_for(staff, "es").get(url).get_data(as_text=True)
    assert "Ana Aplicante" in page and "Porque importa." in page and "En línea" in page
    assert application.statement in page and "cv.pdf" in page
    # Only staff; an application of another call, or none, is a 404.
    assert client_for(applicant).get(url).status_code == 403
    elsewhere = f"/calls/{other_call.id}/applications/{application.id}"
    assert client_for(staff).get(elsewhere).status_code == 404
    assert client_for(staff).get(f"/calls/{call.id}/applications/999999").status_code == 404

    # The reviewers' page links to the supporting document: a reviewer opens it, a reviewer
    # who declared a conflict does not.
    document = application.document
    link = f"/files/{document.id}/{document.original_name}"
    reader, conflicted = make_user("r1@panel.example.net"), make_user("r2@panel.example.net")
    for person in (reader, conflicted):
        review.add_reviewer(call, person.email)
    db.session.commit()
    review.assign(application, reader, by=staff)
    row = review.assign(application, conflicted, by=staff)
    db.session.commit()
    review.declare_conflict(row, "Trabajamos juntos.")
    db.session.commit()
    assert _status(client_for(reader), link) == 200
    assert _status(client_for(conflicted), link) == 404
