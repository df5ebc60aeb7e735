"""Issue 22, the curator's review page: the deposited PDF read in the page (served from our
origin for a frame only there, never HTML or SVG), and what a resubmission with the same
version number changed since the curator asked for changes."""

from __future__ import annotations

import html
import io
import re

from learning.platform.extensions import db
from learning.research.services.curation import submit
from learning.research.services.deposit import add_files, remove_file
from learning.storage.services import store_upload
from tests.research.conftest import PDF

CSV = b"name,country\nRosa,CR\n"


def _changes(page: str) -> str:
    found = re.search(r'<section aria-labelledby="changes-title">.*?</section>', page, re.S)
    assert found, "no changes section"
    return found.group(0)


def test_the_review_page_frames_the_pdf_from_our_origin(make_output, client_for, make_user):
    output = make_output(title_es="Política fiscal", state="submitted")
    file = output.newest.files[0]
    curator = client_for(make_user(roles=["curator"]))
    response = curator.get(f"/research/{output.id}/v/1/curate")
    assert response.status_code == 200
    csp = response.headers["Content-Security-Policy"]
    assert "frame-src 'self'" in csp and "frame-ancestors 'none'" in csp
    preview = f"/research/{output.id}/v/1/files/{file.id}/preview"
    assert f'<iframe src="{preview}" title="{file.original_name}"' in response.get_data(True)
    # Every other page frames nothing.
    assert "frame-src 'none'" in curator.get("/research/").headers["Content-Security-Policy"]

    with curator.get(preview) as shown:
        assert shown.status_code == 200 and shown.mimetype == "application/pdf"
        assert shown.data == PDF
        assert shown.headers["Content-Disposition"].startswith("inline")
        assert shown.headers["Content-Security-Policy"] == "frame-ancestors 'self'"
        assert shown.headers["X-Frame-Options"] == "SAMEORIGIN"
        assert shown.headers["X-Content-Type-Options"] == "nosniff"


def test_only_curators_preview_and_only_pdfs_of_that_version(make_output, client_for, make_user):
    output = make_output(state="submitted")
    other = make_output(title_es="Otra", state="submitted")
    pdf = output.newest.files[0]
    version = output.newest
    version.state = "draft"
    table = store_upload(io.BytesIO(CSV), "datos.csv", kind="research", uploader_id=output.owner_id)
    add_files(version, [table])
    submit(version)
    db.session.commit()
    url = f"/research/{output.id}/v/1/files/{{}}/preview"
    for who in (None, "participant", "researcher"):
        with client_for(who).get(url.format(pdf.id)) as response:
            assert response.status_code in (302, 403, 404)
            assert response.mimetype != "application/pdf"
    curator = client_for(make_user(roles=["curator"]))
    with curator.get(url.format(table.id)) as response:
        assert response.status_code == 404  # not a PDF: never shown inline here
    with curator.get(url.format(other.newest.files[0].id)) as response:
        assert response.status_code == 404  # another output's file
    with curator.get(f"/research/{output.id}/v/1/files/999999/preview") as response:
        assert response.status_code == 404
    page = curator.get(f"/research/{output.id}/v/1/curate").get_data(True)
    assert page.count("<iframe") == 1 and "datos.csv" in page


def test_a_resubmission_shows_what_changed_since_the_return(make_output, client_for, make_user):
    output = make_output(
        title_es="Política fiscal",
        abstract_es="Primer resumen.",
        keywords=("fiscal",),
        state="submitted",
    )
    version = output.newest
    curator = client_for(make_user(roles=["curator"]))
    returned = curator.post(
        f"/research/{output.id}/v/1/curate", data={"comment": "Cite the sources."}
    )
    assert returned.status_code == 302
    db.session.expire_all()
    version = output.newest
    assert version.state == "returned"
    # The depositor changes the abstract and the keywords, swaps the file, and resubmits
    # the same version (number 1). (The upload first: it commits its own row.)
    annex = store_upload(io.BytesIO(PDF), "anexo.pdf", kind="research", uploader_id=output.owner_id)
    version.text("es").abstract = "Resumen con fuentes."
    version.keywords = ["fiscal", "fuentes"]
    old_file = version.files[0]
    remove_file(version, old_file.id)
    add_files(version, [annex])
    submit(version)
    db.session.commit()

    page = html.unescape(curator.get(f"/research/{output.id}/v/1/curate").get_data(True))
    changed = _changes(page)
    assert "Since changes were asked for" in changed
    assert "Primer resumen." in changed and "Resumen con fuentes." in changed
    assert "fiscal, fuentes" in changed
    assert old_file.original_name in changed and "anexo.pdf" in changed
    assert "Título" not in changed and "This is the first version" not in changed

    spanish = html.unescape(
        client_for(make_user(roles=["curator"]), "es")
        .get(f"/research/{output.id}/v/1/curate")
        .get_data(True)
    )
    assert "Desde que se pidieron cambios" in _changes(spanish)


def test_an_unchanged_resubmission_is_said_so(make_output, client_for, make_user):
    output = make_output(state="submitted")
    curator = client_for(make_user(roles=["curator"]))
    curator.post(f"/research/{output.id}/v/1/curate", data={"comment": "Check the date."})
    db.session.expire_all()
    submit(output.newest)
    db.session.commit()
    changed = _changes(curator.get(f"/research/{output.id}/v/1/curate").get_data(True))
    assert "sent this version again without changing" in changed
    assert "<table" not in changed
