"""Trainers upload materials; replacing keeps earlier versions; enrolled participants download
them one by one or all at once in a ZIP that is streamed, never held in memory."""

from __future__ import annotations

import io
import zipfile

from sqlalchemy import func, select

from learning.platform.extensions import db
from learning.storage.models import StoredFile
from learning.storage.store import CHUNK_SIZE, get_storage
from learning.workshops.models import Material, MaterialVersion
from learning.workshops.services import zips
from tests.workshops.conftest import PDF


def _upload(client, content=PDF, name="agenda.pdf", **fields):
    data = {"file": (io.BytesIO(content), name), "title": "Agenda", "language": "en", **fields}
    return client.post("/workshops/datos/materials", data=data, content_type="multipart/form-data")


def _materials():
    db.session.expire_all()
    return list(db.session.scalars(select(Material).order_by(Material.id)))


def test_upload_replace_keep_versions_delete(build, client_for, people):
    world = build()
    trainer = client_for(people["trainer"])
    lesson = world.lessons[1]
    response = _upload(trainer, attach_to=f"lesson:{lesson.id}", description="Day by day")
    assert response.status_code == 303
    material = _materials()[-1]
    assert (material.title, material.language, material.lesson_id) == ("Agenda", "en", lesson.id)
    assert material.module_id == lesson.module_id
    first_file_id = material.current.file.id

    page = trainer.get(f"/workshops/datos/materials/{material.id}/replace").get_data(True)
    assert "Upload a new version of Agenda" in page
    response = trainer.post(
        f"/workshops/datos/materials/{material.id}/replace",
        data={"file": (io.BytesIO(PDF + b"v2"), "agenda-v2.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    db.session.expire_all()
    material = db.session.get(Material, material.id)
    assert [v.number for v in material.versions] == [2, 1]
    assert material.current.file.original_name == "agenda-v2.pdf"

    enrolled = client_for(people["enrolled"])
    page = enrolled.get("/workshops/datos/materials").get_data(True)
    assert "1 earlier version" in page and "agenda.pdf" in page
    # The earlier version is still there to download.
    with enrolled.get(f"/files/{first_file_id}/agenda.pdf") as old:
        assert old.status_code == 200 and old.data == PDF
    lesson_page = enrolled.get(f"/workshops/datos/lessons/{lesson.id}").get_data(True)
    assert "Agenda" in lesson_page

    response = trainer.post(f"/workshops/datos/materials/{material.id}/delete")
    assert response.status_code == 303
    assert [m.title for m in _materials()] == ["Guía"]
    assert db.session.scalar(select(func.count(MaterialVersion.id))) == 1
    # The files' rows go; their objects are then unreferenced and `flask storage gc` removes them.
    assert db.session.get(StoredFile, first_file_id) is None


def test_refused_upload_type_leaves_nothing(build, client_for, people):
    build()
    before = db.session.scalar(select(func.count(StoredFile.id)))
    trainer = client_for(people["trainer"])
    for content, name, words in (
        (b"MZ\x90\x00" + b"\x00" * 100, "tool.exe", "not accepted"),
        (b"<html><script>alert(1)</script></html>", "agenda.pdf", "does not match"),
        (b"", "empty.pdf", "The file is empty"),
    ):
        response = _upload(trainer, content, name)
        assert response.status_code == 400, name
        assert words in response.get_data(True)
    response = trainer.post(
        "/workshops/datos/materials",
        data={"title": "No file", "language": "en"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400 and "Choose a file to upload." in response.get_data(True)
    assert db.session.scalar(select(func.count(StoredFile.id))) == before
    assert len(_materials()) == 1


def test_material_cannot_be_attached_to_another_workshops_lesson(build, client_for, people):
    from tests.workshops.conftest import make_workshop

    build()
    other = make_workshop(people["other_trainer"], slug="otro")
    db.session.commit()
    foreign = other.modules[0].lessons[0]
    response = _upload(client_for(people["trainer"]), attach_to=f"lesson:{foreign.id}")
    assert response.status_code == 400
    assert "belongs to another workshop" in response.get_data(True)
    response = _upload(client_for(people["trainer"]), attach_to="lesson:abc")
    assert response.status_code == 400
    assert len(_materials()) == 1


def test_download_all_is_a_streamed_zip_with_clean_unique_names(build, client_for, people):
    build()
    trainer = client_for(people["trainer"])
    assert _upload(trainer, name="guide.pdf", title="Copy").status_code == 303
    assert _upload(trainer, name="../../Guide.pdf", title="Other").status_code == 303
    assert _upload(trainer, content=b"a,b\n1,2\n", name="datos.csv").status_code == 303
    with client_for(people["enrolled"]).get("/workshops/datos/materials.zip") as response:
        assert response.status_code == 200
        assert response.is_streamed
        assert response.mimetype == "application/zip"
        assert "attachment" in response.headers["Content-Disposition"]
        assert "datos-materials.zip" in response.headers["Content-Disposition"]
        archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert archive.testzip() is None
    assert archive.namelist() == ["guide.pdf", "guide (2).pdf", "Guide (3).pdf", "datos.csv"]
    assert archive.read("guide.pdf") == PDF
    assert archive.read("datos.csv") == b"a,b\n1,2\n"


def test_zip_memory_is_bounded_by_the_chunk_size(app):
    """Three 3 MB objects: no piece handed to the server is much bigger than one read chunk."""
    from datetime import UTC, datetime

    storage = get_storage()
    size = 3 * 1024 * 1024
    entries = []
    for n in range(3):
        key = f"material/zip-test-{n}"
        storage.put(key, io.BytesIO(bytes([n]) * size), "application/pdf")
        entries.append((f"f{n}.pdf", key, size, datetime(2026, 1, 1, tzinfo=UTC)))
    largest = 0
    total = bytearray()
    for piece in zips.stream_zip(storage, entries):
        largest = max(largest, len(piece))
        total += piece
    assert largest <= CHUNK_SIZE + 1024
    archive = zipfile.ZipFile(io.BytesIO(bytes(total)))
    assert [info.file_size for info in archive.infolist()] == [size] * 3
    assert archive.read("f2.pdf") == bytes([2]) * size


def test_no_materials_means_no_zip(app, people, client_for):
    from tests.workshops.conftest import enrol_in_new_edition, make_workshop

    workshop = make_workshop(people["trainer"], slug="vacio")
    enrol_in_new_edition(people["enrolled"], workshop)
    db.session.commit()
    assert client_for(people["enrolled"]).get("/workshops/vacio/materials.zip").status_code == 404
    assert "No materials yet." in client_for(people["enrolled"]).get("/workshops/vacio").get_data(
        True
    )


def test_withdrawn_or_pending_participants_may_not_download(build, client_for, people):
    from tests.workshops.conftest import enrol_in_new_edition

    world = build()
    enrol_in_new_edition(people["participant"], world.workshop, state="pending")
    db.session.commit()
    client = client_for(people["participant"])
    assert client.get("/workshops/datos/materials.zip").status_code == 403
    assert client.get(f"/workshops/datos/lessons/{world.lessons[0].id}").status_code == 403
