"""A stored file's name goes through the same cleaning on every upload path: markup in the name
a browser sends reaches neither the stored row, the download header nor the materials ZIP."""

from __future__ import annotations

import io
import zipfile
from urllib.parse import unquote

from sqlalchemy import select

from learning.platform.extensions import db
from learning.storage import services as storage
from learning.storage.models import StoredFile
from learning.workshops.models import Material, Workshop
from tests.workshops.conftest import PDF, PNG
from tests.workshops.test_authoring import _form

HOSTILE = "<img src=x onerror=alert(1)>.pdf"


def _no_markup(text: str) -> bool:
    return "<" not in text and ">" not in text


def _newest_material() -> Material:
    db.session.expire_all()
    return db.session.scalars(select(Material).order_by(Material.id.desc())).first()


def _upload_material(client, name: str):
    data = {"file": (io.BytesIO(PDF), name), "title": "", "language": "en"}
    return client.post("/workshops/datos/materials", data=data, content_type="multipart/form-data")


def test_a_material_named_with_markup_is_cleaned_in_the_header_and_the_zip(
    build, client_for, people
):
    build()
    trainer = client_for(people["trainer"])
    assert _upload_material(trainer, HOSTILE).status_code == 303
    material = _newest_material()
    stored = material.current.file
    assert _no_markup(stored.original_name) and stored.original_name.endswith(".pdf")
    assert _no_markup(material.title)

    enrolled = client_for(people["enrolled"])
    with enrolled.get(f"/files/{stored.id}/{stored.original_name}") as download:
        assert download.status_code == 200
        header = download.headers["Content-Disposition"]
    assert _no_markup(header) and _no_markup(unquote(header))

    with enrolled.get("/workshops/datos/materials.zip") as response:
        assert response.status_code == 200
        archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = archive.namelist()
    assert len(names) == 2 and all(_no_markup(name) for name in names)
    assert stored.original_name in names


def test_every_workshop_upload_path_cleans_the_name(build, client_for, people):
    world = build()
    trainer = client_for(people["trainer"])
    # A new version of a material.
    response = trainer.post(
        f"/workshops/datos/materials/{world.material.id}/replace",
        data={"file": (io.BytesIO(PDF + b"v2"), HOSTILE)},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    db.session.expire_all()
    assert _no_markup(db.session.get(Material, world.material.id).current.file.original_name)
    # A cover image.
    form = _form(people["trainer"], cover=(io.BytesIO(PNG), "<b>cover</b>.png"))
    response = trainer.post("/workshops/datos/edit", data=form, content_type="multipart/form-data")
    assert response.status_code == 303, response.get_data(True)
    db.session.expire_all()
    cover = db.session.scalar(select(Workshop).where(Workshop.slug == "datos")).cover
    assert _no_markup(cover.original_name) and cover.original_name.endswith(".png")
    # A lesson's own file (a video or a reading).
    module = world.modules[0]
    response = trainer.post(
        f"/workshops/datos/modules/{module.id}/lessons/new?kind=reading",
        data={"title_en": "Reading", "estimated_minutes": "10", "file": (io.BytesIO(PDF), HOSTILE)},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303, response.get_data(True)
    assert _no_markup(_newest_material().current.file.original_name)


def test_the_one_place_every_upload_passes_cleans_the_name(app):
    """Research files, roster imports and the admin's storage probe store through the same
    service as materials and covers."""
    with app.test_request_context():
        row = storage.store_upload(io.BytesIO(PDF), HOSTILE, kind="material", uploader_id=None)
        db.session.commit()
        kept = db.session.get(StoredFile, row.id)
        assert _no_markup(kept.original_name) and kept.original_name.endswith(".pdf")
