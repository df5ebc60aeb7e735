"""Issue 22: a form with a file that fails is shown again saying plainly that the file was
not kept and must be chosen again, in the page's language; every file input says what its
button does in the page's language and loads the upload-progress script."""

from __future__ import annotations

import io

from tests.workshops.conftest import PDF


def _send(client, **fields):
    data = {"file": (io.BytesIO(PDF), "agenda.pdf"), "language": "en", **fields}
    return client.post("/workshops/datos/materials", data=data, content_type="multipart/form-data")


def test_failed_material_form_asks_for_the_file_again(build, client_for, people):
    build()
    trainer = client_for(people["trainer"])
    page = trainer.get("/workshops/datos/materials").get_data(True)
    assert "Use the button to choose the file on your device." in page
    assert "/static/js/upload.js" in page
    assert "was not kept" not in page

    response = _send(trainer, attach_to="lesson:999999")
    assert response.status_code == 400
    text = response.get_data(True)
    assert "The file you chose (agenda.pdf) was not kept: choose it again" in text
    assert 'aria-describedby="file-again file-button"' in text


def test_the_notice_is_in_spanish_for_spanish_pages(build, client_for, people):
    build()
    trainer = client_for(people["trainer"], language="es")
    text = _send(trainer, language="xx").get_data(True)
    assert "El archivo que eligió (agenda.pdf) no se guardó: vuelva a elegirlo" in text
    assert "Use el botón para elegir el archivo en su dispositivo." in text


def test_no_notice_when_no_file_was_chosen(build, client_for, people):
    build()
    trainer = client_for(people["trainer"])
    response = trainer.post(
        "/workshops/datos/materials",
        data={"title": "No file", "language": "en"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert "was not kept" not in response.get_data(True)


def test_the_upload_script_is_told_where_to_go_next(build, client_for, people):
    """static/js/upload.js sends the form itself; a redirect comes back as a location it
    opens, so the message for that page is still waiting there."""
    build()
    trainer = client_for(people["trainer"])
    data = {"file": (io.BytesIO(PDF), "agenda.pdf"), "title": "Agenda", "language": "en"}
    response = trainer.post(
        "/workshops/datos/materials",
        data=data,
        content_type="multipart/form-data",
        headers={"X-Upload-Progress": "1"},
    )
    assert response.status_code == 200
    assert response.json["location"].endswith("/workshops/datos/materials")
    page = trainer.get("/workshops/datos/materials").get_data(True)
    assert "The material Agenda has been uploaded." in page

    # Sent back with its errors: the page itself, for the script to show.
    refused = trainer.post(
        "/workshops/datos/materials",
        data={"file": (io.BytesIO(PDF), "agenda.pdf"), "language": "en", "attach_to": "lesson:9"},
        content_type="multipart/form-data",
        headers={"X-Upload-Progress": "1"},
    )
    assert refused.status_code == 400 and refused.mimetype == "text/html"
