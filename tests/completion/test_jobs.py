"""Completion's exports on the job queue (a real consumer): a large edition's report as CSV,
and every valid certificate of an edition as PDFs in one ZIP, for its authors only."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

pypdf = pytest.importorskip("pypdf")


def _file_link(page: str) -> str:
    return re.search(r'href="(/files/\d+/[^"]+)"', page).group(1)


def test_the_certificates_zip_holds_each_valid_pdf_in_its_language(
    world, people, client_for, certified, run_jobs
):
    trainer = client_for(people["trainer"])
    report_url = f"/workshops/{world.slug}/editions/{world.edition.id}/report"
    page = trainer.get(report_url).get_data(True)
    assert "Prepare the certificates (ZIP)" in page
    response = trainer.post(f"/workshops/{world.slug}/editions/{world.edition.id}/certificates.zip")
    assert response.status_code == 303
    job_page = response.headers["Location"]
    assert "0 of 2" in trainer.get(job_page).get_data(True)
    run_jobs()
    done = trainer.get(job_page).get_data(True)
    assert "Back to the completion report" in done
    with trainer.get(_file_link(done)) as download:
        assert download.status_code == 200
        archive = zipfile.ZipFile(io.BytesIO(download.get_data()))
    names = archive.namelist()
    assert len(names) == 2 and not any("Rita" in name for name in names)
    texts = {}
    for name in names:
        reader = pypdf.PdfReader(io.BytesIO(archive.read(name)))
        texts[name] = reader.pages[0].extract_text()
    elena = next(text for name, text in texts.items() if "Elena" in name)
    ana = next(text for name, text in texts.items() if "Ana" in name)
    assert "Certificado de finalización" in elena and certified[0].code in elena
    assert "Certificate of completion" in ana and certified[1].code in ana


def test_the_zip_is_for_the_authors_only(world, people, client_for, certified):
    url = f"/workshops/{world.slug}/editions/{world.edition.id}/certificates.zip"
    for who in ("enrolled", "other_trainer"):
        assert client_for(people[who]).post(url).status_code == 403
    assert client_for(None).post(url).status_code in (302, 401, 403)
    trainer = client_for(people["trainer"])
    assert trainer.get(url).status_code == 405
    wrong = f"/workshops/{world.slug}/editions/999999/certificates.zip"
    assert trainer.post(wrong).status_code == 404
    other = f"/workshops/nope/editions/{world.edition.id}/certificates.zip"
    assert trainer.post(other).status_code == 404


def test_an_edition_without_certificates_says_so(world, people, client_for):
    trainer = client_for(people["trainer"], "es")
    response = trainer.post(
        f"/workshops/{world.slug}/editions/{world.edition.id}/certificates.zip",
        follow_redirects=True,
    )
    assert "Todavía nadie tiene un certificado de esta edición." in response.get_data(True)


def test_a_large_report_goes_through_a_job_with_the_same_rows(
    app, world, people, client_for, certified, run_jobs, monkeypatch
):
    trainer = client_for(people["trainer"])
    url = f"/workshops/{world.slug}/editions/{world.edition.id}/report.csv"
    with trainer.get(url) as inline:
        expected = inline.get_data()
    monkeypatch.setitem(app.config, "EXPORT_INLINE_ROWS", 2)
    response = trainer.get(url)
    assert response.status_code == 303
    run_jobs()
    page = trainer.get(response.headers["Location"]).get_data(True)
    with trainer.get(_file_link(page)) as download:
        assert download.get_data() == expected
    assert b"Elena N\xc3\xba\xc3\xb1ez" in expected
