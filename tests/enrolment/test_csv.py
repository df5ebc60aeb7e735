"""Bulk enrolment by CSV: a preview with every refused row and why, then one transaction;
and the roster export, which must not let a cell run as a formula."""

from __future__ import annotations

import io
import re

from sqlalchemy import func, select

from learning.enrolment.models import EnrolmentImport, EnrolmentInvitation
from learning.platform.extensions import db
from learning.workshops.models import Enrolment
from tests.enrolment.test_enrolment import _client


def _upload(client, edition, content: bytes, name: str = "people.csv"):
    return client.post(
        f"/editions/{edition.id}/import",
        data={"file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def _import_id(page: str) -> int:
    return int(re.search(r"/import/(\d+)/confirm", page).group(1))


def test_preview_lists_every_refused_row_then_confirm_writes_the_rest(
    app, workshop_world, make_edition, make_user, outbox, run_jobs
):
    edition = make_edition(workshop_world.workshop, capacity=2)
    known = make_user(email="known@example.org", language="es")
    also = make_user(email="also@example.org")
    waiting = make_user(email="waiting@example.org")
    already = make_user(email="already@example.org")
    _client(app, already).post(f"/editions/{edition.id}/enrol")
    content = (
        "email,name,country,organisation,sector,language\n"
        "known@example.org,Known Person,MX,Radio,media,es\n"  # 2: enrolled (seat 2 of 2)
        "new@example.org,Nueva Persona,México,ONG,civil-society,es\n"  # 3: invited
        "not-an-email,Bad,MX,,,\n"  # 4
        "KNOWN@example.org,Again,MX,,,\n"  # 5: duplicate of row 2
        "already@example.org,Already,MX,,,\n"  # 6: already enrolled
        "x@example.org,,MX,,,\n"  # 7: no name
        "y@example.org,Y,Atlantis,,,\n"  # 8: country
        "z@example.org,Z,MX,,astronaut,\n"  # 9: sector
        "w@example.org,W,MX,,,fr\n"  # 10: language
        "also@example.org,Also,Belize,,,\n"  # 11: known -> waitlisted (no seat left)
        "waiting@example.org,Waiting,,,,\n"  # 12: known -> waitlisted
    ).encode()
    trainer = _client(app, workshop_world.users["trainer"])
    response = _upload(trainer, edition, content)
    page = response.get_data(True)
    assert response.status_code == 200, page[:2000]
    for row, text in [
        (4, "not a valid e-mail"),
        (5, "already appears in row 2"),
        (6, "Already in this edition (enrolled)"),
        (7, "The name is empty"),
        (8, "Unknown country"),
        (9, "Unknown sector"),
        (10, "Use es (Spanish) or en (English)"),
    ]:
        assert re.search(rf"<td[^>]*>{row}</td>.*?{re.escape(text)}", page, re.S), (row, text)
    assert "Atlantis" in page and "astronaut" in page
    # Nothing written yet.
    assert db.session.scalar(select(func.count(Enrolment.id))) == 2  # workshop_world's + "already"
    upload_id = _import_id(page)
    # The stored file is readable only by the edition's trainers and admins.
    file_id = db.session.get(EnrolmentImport, upload_id).file_id
    from learning.storage.models import StoredFile
    from learning.storage.routes import download_url

    with app.test_request_context():
        url = download_url(db.session.get(StoredFile, file_id))
    with trainer.get(url) as got:
        assert got.status_code == 200
    with _client(app, workshop_world.users["other_trainer"]).get(url) as hidden:
        assert hidden.status_code == 404

    done = trainer.post(
        f"/editions/{edition.id}/import/{upload_id}/confirm",
        data={"import_id": str(upload_id), "notify": "y"},
    )
    assert done.status_code == 303
    # The rows are written and the e-mails sent by a job, whose page the trainer watches.
    job_page = done.headers["Location"]
    assert re.search(r"/jobs/\d+$", job_page)
    assert run_jobs() == 1
    watched = trainer.get(job_page).get_data(as_text=True)
    assert "1 enrolled, 2 on the waitlist, 1 invited, 7 rows refused" in watched
    assert "4 e-mails sent" in watched
    assert 'http-equiv="refresh"' not in watched, "a finished job's page stops reloading"
    states = dict(
        db.session.execute(
            select(Enrolment.user_id, Enrolment.state).where(Enrolment.edition_id == edition.id)
        ).all()
    )
    assert states == {
        already.id: "active",
        known.id: "active",
        also.id: "waitlisted",
        waiting.id: "waitlisted",
    }
    invitation = db.session.scalar(select(EnrolmentInvitation))
    assert (invitation.email, invitation.country, invitation.sector) == (
        "new@example.org",
        "MX",
        "civil-society",
    )
    invited = outbox.to("new@example.org")[0]
    assert "invitación" in invited["Subject"] and "/account/register" in outbox.body(invited)
    assert "Inscripción confirmada" in outbox.to("known@example.org")[0]["Subject"]
    # Confirming twice writes nothing more.
    again = trainer.post(
        f"/editions/{edition.id}/import/{upload_id}/confirm", data={"import_id": str(upload_id)}
    )
    assert again.status_code == 400 and "already been imported" in again.get_data(True)
    # The invited person registers and confirms: My learning turns the invitation into a place.
    newcomer = make_user(email="new@example.org")
    _client(app, newcomer).get("/my-learning")
    db.session.expire_all()
    assert (
        db.session.scalar(select(Enrolment.state).where(Enrolment.user_id == newcomer.id))
        == "waitlisted"
    )


def test_missing_column_empty_file_and_binary_are_refused_with_a_message(
    app, workshop_world, make_edition
):
    edition = make_edition(workshop_world.workshop)
    trainer = _client(app, workshop_world.users["trainer"])
    missing = _upload(trainer, edition, b"email,organisation\na@example.org,X\n")
    assert missing.status_code == 400 and "has no column name" in missing.get_data(True)
    empty = _upload(trainer, edition, b"")
    assert empty.status_code == 400 and "empty" in empty.get_data(True)
    blank = _upload(trainer, edition, b"\n\n  \n")
    assert blank.status_code == 400
    binary = _upload(trainer, edition, b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "people.csv")
    assert binary.status_code == 400
    assert db.session.scalar(select(func.count(EnrolmentImport.id))) == 0


def test_latin1_bom_and_semicolons_are_read(app, workshop_world, make_edition, make_user):
    edition = make_edition(workshop_world.workshop)
    trainer = _client(app, workshop_world.users["trainer"])
    latin = "email;nombre;país\nana@example.org;Ana Muñoz;México\n".encode("latin-1")
    page = _upload(trainer, edition, latin).get_data(True)
    assert "read as Windows-1252" in page and "Will be invited" in page
    assert re.search(r"Will be invited</dt><dd>1<", page)
    bom = "\ufeffemail,name\r\nbea@example.org,Beatriz Núñez\r\n".encode()
    page = _upload(trainer, edition, bom).get_data(True)
    assert "Windows-1252" not in page and re.search(r"Will be invited</dt><dd>1<", page)


def test_a_20_mb_file_is_refused_with_413(app, workshop_world, make_edition):
    edition = make_edition(workshop_world.workshop)
    trainer = _client(app, workshop_world.users["trainer"])
    big = b"email,name\n" + b"someone@example.org,Some One\n" * (20 * 1024 * 1024 // 28)
    # Multipart built in memory: the test client would spool it to a file nobody closes.
    body = (
        b'--XyZ\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\n'
        b"Content-Type: text/csv\r\n\r\n" + big + b"\r\n--XyZ--\r\n"
    )
    response = trainer.post(
        f"/editions/{edition.id}/import",
        data=body,
        content_type="multipart/form-data; boundary=XyZ",
    )
    assert response.status_code == 413
    assert "too large" in response.get_data(True)


def test_roster_export_neutralises_formulas_and_filters(
    app, workshop_world, make_edition, make_user
):
    edition = make_edition(workshop_world.workshop)
    evil = make_user(name="=cmd|' /C calc'!A0", organisation="+SUM(1,2)", email="evil@example.org")
    plain = make_user(name="Ana Pérez", organisation="Radio Sur", email="ana@example.org")
    for user in (evil, plain):
        _client(app, user).post(f"/editions/{edition.id}/enrol")
    trainer = _client(app, workshop_world.users["trainer"])
    with trainer.get(f"/editions/{edition.id}/roster.csv") as response:
        assert response.status_code == 200
        assert response.mimetype == "text/csv"
        assert "attachment" in response.headers["Content-Disposition"]
        text = response.get_data(True)
    assert text.startswith("\ufeffname,email,state")
    assert "'=cmd|" in text and "'+SUM(1,2)" in text and "\n=cmd" not in text
    assert "Ana Pérez" in text
    with trainer.get(f"/editions/{edition.id}/roster.csv?q=radio") as filtered:
        body = filtered.get_data(True)
    assert "Ana Pérez" in body and "cmd" not in body
    page = trainer.get(f"/editions/{edition.id}/roster?q=Mexico").get_data(True)
    assert "2 people found" in page  # country by name, in Spanish or English


def test_roster_search_with_a_nul_byte_finds_as_with_a_space(
    app, workshop_world, make_edition, make_user
):
    """PostgreSQL refuses NUL in text: the roster's search reads it as a space."""
    edition = make_edition(workshop_world.workshop)
    _client(app, make_user(name="Ana Pérez", email="ana@example.org")).post(
        f"/editions/{edition.id}/enrol"
    )
    trainer = _client(app, workshop_world.users["trainer"])
    page = trainer.get(f"/editions/{edition.id}/roster?q=Ana%00P%C3%A9rez")
    assert page.status_code == 200
    assert "1 person found" in page.get_data(True)
    with trainer.get(f"/editions/{edition.id}/roster.csv?q=%00ana&state=%00") as export:
        assert export.status_code == 200
        assert "Ana Pérez" in export.get_data(True)
