"""Issue 22: a deposit sent back (a field wrong, or refused by the rules) keeps its files for
the next try; adding files that are refused on the output's page says plainly to choose them
again."""

from __future__ import annotations

import io
import re

from sqlalchemy import select

from learning.platform.extensions import db
from learning.research.models import ResearchOutput
from learning.storage.models import AVAILABLE, PENDING, StoredFile
from tests.conftest import sign_in_as
from tests.research.conftest import pdf_upload
from tests.research.test_workflow import deposit_form, only_output

SVG = b"<svg xmlns='http://www.w3.org/2000/svg'/>"


def _tokens(html: str) -> list[str]:
    return re.findall(r'name="files-kept" value="([^"]+)"', html)


def _pending() -> list[StoredFile]:
    db.session.expire_all()
    return list(db.session.scalars(select(StoredFile).where(StoredFile.state == PENDING)))


def test_a_deposit_with_a_wrong_field_keeps_its_files(app, make_user):
    client = sign_in_as(app.test_client(), make_user(roles=["researcher"]))
    response = client.post(
        "/research/new", data=deposit_form(doi="doi-10.12/x"), content_type="multipart/form-data"
    )
    assert response.status_code == 400
    assert "This is not a DOI" in response.text
    assert "Your files nota-es.pdf, brief-en.pdf are kept" in response.text
    assert "were not kept" not in response.text
    assert "/static/js/upload.js" in response.text
    tokens = _tokens(response.text)
    assert len(tokens) == 2 and len(_pending()) == 2
    assert db.session.scalars(select(ResearchOutput)).first() is None

    fixed = deposit_form(files=[], **{"files-kept": tokens})
    again = client.post("/research/new", data=fixed, content_type="multipart/form-data")
    assert again.status_code == 302
    output = only_output()
    files = sorted(f.original_name for f in output.versions[0].files)
    assert files == ["brief-en.pdf", "nota-es.pdf"]
    assert all(f.state == AVAILABLE for f in output.versions[0].files)
    assert _pending() == []


def test_a_deposit_with_a_refused_file_keeps_the_good_one(app, make_user):
    client = sign_in_as(app.test_client(), make_user(roles=["researcher"]))
    files = [pdf_upload("nota-es.pdf"), (io.BytesIO(SVG), "mapa.svg")]
    response = client.post(
        "/research/new", data=deposit_form(files=files), content_type="multipart/form-data"
    )
    assert response.status_code == 400
    assert "mapa.svg: This kind of file is not accepted." in response.text
    assert "Your file nota-es.pdf is kept" in response.text
    assert "The file you chose (mapa.svg) was not kept: choose it again" in response.text
    tokens = _tokens(response.text)
    assert len(tokens) == 1
    assert db.session.scalars(select(ResearchOutput)).first() is None
    # Sent again with the kept file and nothing else: the deposit has that one file.
    again = client.post(
        "/research/new",
        data=deposit_form(files=[], **{"files-kept": tokens}),
        content_type="multipart/form-data",
    )
    assert again.status_code == 302
    assert [f.original_name for f in only_output().versions[0].files] == ["nota-es.pdf"]


def test_kept_files_are_only_their_depositors(app, make_user):
    first = sign_in_as(app.test_client(), make_user(roles=["researcher"]))
    tokens = _tokens(
        first.post(
            "/research/new", data=deposit_form(doi="x"), content_type="multipart/form-data"
        ).text
    )
    other = sign_in_as(app.test_client(), make_user(roles=["researcher"]))
    response = other.post(
        "/research/new",
        data=deposit_form(files=[], **{"files-kept": tokens}),
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert only_output().versions[0].files == []
    assert len(_pending()) == 2


def test_refused_files_on_the_output_page_must_be_chosen_again(app, make_user):
    user = make_user(roles=["researcher"])
    client = sign_in_as(app.test_client(), user)
    client.post("/research/new", data=deposit_form(), content_type="multipart/form-data")
    url = f"/research/{only_output().id}/v/1/files"
    response = client.post(
        url, data={"files": [(io.BytesIO(SVG), "a.svg")]}, content_type="multipart/form-data"
    )
    assert response.status_code == 400
    assert "None of the files you chose was added: choose them again" in response.text
    assert _pending() == []
    user.preferred_language = "es"
    db.session.commit()
    spanish = client.post(
        url, data={"files": [(io.BytesIO(SVG), "a.svg")]}, content_type="multipart/form-data"
    )
    assert spanish.status_code == 400
    assert "Ninguno de los archivos que eligió se agregó" in spanish.text
