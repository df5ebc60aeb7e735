"""Issue 22: a form with a file that fails for another field loses nothing: the chosen file is
kept (a pending stored file of the uploader, re-sent by a signed reference) and the form says
so, in the page's language; where it cannot be kept it says plainly to choose it again. Every
file input says what its button does in the page's language and loads the progress script."""

from __future__ import annotations

import io
import re
from datetime import timedelta

from sqlalchemy import select

from learning.platform.extensions import db
from learning.storage.models import AVAILABLE, PENDING, StoredFile
from learning.storage.services import collect_garbage
from learning.storage.store import get_storage
from learning.workshops.models import Material, Workshop
from tests.workshops.conftest import PDF, PNG
from tests.workshops.test_authoring import _form

URL = "/workshops/datos/materials"


def _send(client, **fields):
    data = {"file": (io.BytesIO(PDF), "agenda.pdf"), "language": "en", **fields}
    return client.post(URL, data=data, content_type="multipart/form-data")


def _tokens(html: str, name: str = "file") -> list[str]:
    return re.findall(rf'name="{name}-kept" value="([^"]+)"', html)


def _materials() -> list[Material]:
    db.session.expire_all()
    return list(db.session.scalars(select(Material).where(Material.title == "Agenda")))


def test_failed_material_form_keeps_the_file_and_sends_it_again(build, client_for, people):
    build()
    trainer = client_for(people["trainer"])
    page = trainer.get(URL).get_data(True)
    assert "Use the button to choose the file on your device." in page
    assert "/static/js/upload.js" in page
    assert "is kept" not in page

    response = _send(trainer, attach_to="lesson:0")
    assert response.status_code == 400
    text = response.get_data(True)
    assert "Your file agenda.pdf is kept: you do not need to choose it again." in text
    assert "Choose another to replace it." in text
    assert "was not kept" not in text
    assert 'aria-describedby="file-kept file-button"' in text
    (token,) = _tokens(text)
    kept = db.session.scalars(select(StoredFile).where(StoredFile.state == PENDING)).one()
    assert kept.original_name == "agenda.pdf" and kept.uploader_id == people["trainer"].id
    assert get_storage().size(kept.key) == len(PDF)
    assert _materials() == []

    # Corrected, sent again without choosing the file: the kept one is the material's file.
    again = trainer.post(
        URL,
        data={"title": "Agenda", "language": "en", "file-kept": token},
        content_type="multipart/form-data",
    )
    assert again.status_code == 303
    (material,) = _materials()
    file = material.current.file
    assert file.id == kept.id and file.state == AVAILABLE
    with trainer.get(f"/files/{file.id}/agenda.pdf") as download:
        assert download.data == PDF


def test_a_kept_file_is_kept_again_when_the_form_fails_twice(build, client_for, people):
    build()
    trainer = client_for(people["trainer"])
    (token,) = _tokens(_send(trainer, attach_to="lesson:0").get_data(True))
    second = trainer.post(
        URL,
        data={"language": "en", "attach_to": "lesson:0", "file-kept": token},
        content_type="multipart/form-data",
    )
    assert second.status_code == 400
    assert "Your file agenda.pdf is kept" in second.get_data(True)
    assert _tokens(second.get_data(True)) == [token]


def test_choosing_another_file_replaces_the_kept_one(build, client_for, people):
    build()
    trainer = client_for(people["trainer"])
    (token,) = _tokens(_send(trainer, attach_to="lesson:0").get_data(True))
    response = trainer.post(
        URL,
        data={
            "title": "Agenda",
            "language": "en",
            "file-kept": token,
            "file": (io.BytesIO(PDF + b"2"), "agenda-v2.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    (material,) = _materials()
    names = {row.original_name for row in db.session.scalars(select(StoredFile))}
    assert "agenda-v2.pdf" in names
    kept = db.session.scalars(
        select(StoredFile).where(StoredFile.original_name == "agenda.pdf")
    ).one()
    assert kept.state == PENDING  # never used: the garbage collector's


def test_someone_elses_or_forged_reference_is_not_taken(build, client_for, people):
    build()
    (token,) = _tokens(_send(client_for(people["trainer"]), attach_to="lesson:0").get_data(True))
    admin = client_for(people["admin"])
    for forged in (token, token[:-2] + "xx", "1", ""):
        response = admin.post(
            URL,
            data={"title": "Agenda", "language": "en", "file-kept": forged},
            content_type="multipart/form-data",
        )
        assert response.status_code == 400
        assert "Choose a file to upload." in response.get_data(True)
        assert "is kept" not in response.get_data(True)
    assert _materials() == []
    kept = db.session.scalars(select(StoredFile).where(StoredFile.state == PENDING)).one()
    assert kept.uploader_id == people["trainer"].id


def test_an_unused_kept_file_expires_with_the_pending_ones(build, client_for, people):
    build()
    _send(client_for(people["trainer"]), attach_to="lesson:0")
    kept = db.session.scalars(select(StoredFile).where(StoredFile.state == PENDING)).one()
    key = kept.key
    assert collect_garbage(older_than=timedelta(hours=1), dry_run=False).pending_rows == []
    report = collect_garbage(older_than=timedelta(seconds=-1), dry_run=False)
    assert key in report.pending_rows
    db.session.expire_all()
    assert db.session.scalars(select(StoredFile).where(StoredFile.key == key)).first() is None


def test_the_notice_is_in_spanish_for_spanish_pages(build, client_for, people):
    build()
    trainer = client_for(people["trainer"], language="es")
    text = _send(trainer, language="xx").get_data(True)
    assert "Su archivo agenda.pdf se conservó: no necesita elegirlo de nuevo." in text
    assert "Use el botón para elegir el archivo en su dispositivo." in text


def test_a_refused_file_is_not_kept_and_must_be_chosen_again(build, client_for, people):
    build()
    trainer = client_for(people["trainer"])
    response = trainer.post(
        URL,
        data={"file": (io.BytesIO(b"<html><script>x</script>"), "page.html"), "language": "xx"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    text = response.get_data(True)
    assert "The file you chose (page.html) was not kept: choose it again" in text
    assert _tokens(text) == []
    assert db.session.scalars(select(StoredFile).where(StoredFile.state == PENDING)).all() == []


def test_no_notice_when_no_file_was_chosen(build, client_for, people):
    build()
    trainer = client_for(people["trainer"])
    response = trainer.post(
        URL, data={"title": "No file", "language": "en"}, content_type="multipart/form-data"
    )
    assert response.status_code == 400
    assert "was not kept" not in response.get_data(True)
    assert "is kept" not in response.get_data(True)


def test_workshop_cover_is_kept_when_the_form_fails(build, client_for, people):
    build()
    client = client_for(people["trainer"])
    form = _form(people["trainer"], title_es="", title_en="")
    form["cover"] = (io.BytesIO(PNG), "portada.png")
    response = client.post("/workshops/datos/edit", data=form, content_type="multipart/form-data")
    assert response.status_code == 400
    text = response.get_data(True)
    assert "Your file portada.png is kept" in text
    (token,) = _tokens(text, "cover")
    fixed = _form(people["trainer"], **{"cover-kept": token})
    response = client.post("/workshops/datos/edit", data=fixed, content_type="multipart/form-data")
    assert response.status_code == 303
    db.session.expire_all()
    workshop = db.session.scalars(select(Workshop).where(Workshop.slug == "datos")).one()
    assert workshop.cover.original_name == "portada.png" and workshop.cover.state == AVAILABLE


def test_a_kept_file_of_the_wrong_kind_is_not_a_cover(build, client_for, people):
    """A reference kept by the materials form (a PDF) cannot become a cover image."""
    world = build()
    client = client_for(people["trainer"])
    (token,) = _tokens(_send(client, attach_to="lesson:0").get_data(True))
    fixed = _form(people["trainer"], summary_en="Changed", **{"cover-kept": token})
    response = client.post("/workshops/datos/edit", data=fixed, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Choose a file to upload." in response.get_data(True)
    db.session.expire_all()
    workshop = db.session.scalars(select(Workshop).where(Workshop.slug == "datos")).one()
    assert workshop.cover_file_id == world.cover.id
    assert workshop.text("en").summary != "Changed"


def test_the_upload_script_is_told_where_to_go_next(build, client_for, people):
    """static/js/upload.js sends the form itself; a redirect comes back as a location it
    opens, so the message for that page is still waiting there."""
    build()
    trainer = client_for(people["trainer"])
    data = {"file": (io.BytesIO(PDF), "agenda.pdf"), "title": "Agenda", "language": "en"}
    response = trainer.post(
        URL, data=data, content_type="multipart/form-data", headers={"X-Upload-Progress": "1"}
    )
    assert response.status_code == 200
    assert response.json["location"].endswith(URL)
    page = trainer.get(URL).get_data(True)
    assert "The material Agenda has been uploaded." in page

    # Sent back with its errors: the page itself, for the script to show.
    refused = trainer.post(
        URL,
        data={"file": (io.BytesIO(PDF), "agenda.pdf"), "language": "en", "attach_to": "lesson:0"},
        content_type="multipart/form-data",
        headers={"X-Upload-Progress": "1"},
    )
    assert refused.status_code == 400 and refused.mimetype == "text/html"
