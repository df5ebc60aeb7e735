"""Roster exports larger than EXPORT_INLINE_ROWS: written by a job (a real consumer) to
storage, followed on the job's page, downloaded by whoever asked and nobody else."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import func, select

from learning.jobs.models import Job
from learning.platform.extensions import db
from learning.storage.models import StoredFile
from tests.enrolment.test_enrolment import _client


@pytest.fixture
def roster(app, workshop_world, make_edition, make_user):
    edition = make_edition(workshop_world.workshop)
    people = [
        make_user(name="=cmd|' /C calc'!A0", organisation="+SUM(1,2)", email="evil@example.org"),
        make_user(name="Ana Pérez", organisation="Radio Sur", email="ana@example.org"),
        make_user(name="Luis Gómez", email="luis@example.org"),
    ]
    for user in people:
        _client(app, user).post(f"/editions/{edition.id}/enrol")
    return edition


def _file_link(page: str) -> str:
    return re.search(r'href="(/files/\d+/[^"]+)"', page).group(1)


def test_a_large_roster_goes_through_a_job_and_gives_the_same_file(
    app, workshop_world, roster, run_jobs, monkeypatch
):
    trainer = _client(app, workshop_world.users["trainer"])
    with trainer.get(f"/editions/{roster.id}/roster.csv") as inline:
        expected = inline.get_data()
    monkeypatch.setitem(app.config, "EXPORT_INLINE_ROWS", 2)

    response = trainer.get(f"/editions/{roster.id}/roster.csv")
    assert response.status_code == 303
    job_page = response.headers["Location"]
    assert re.fullmatch(r"/jobs/\d+", job_page)
    waiting = trainer.get(job_page).get_data(True)
    assert "Roster export" in waiting and "0 of 3" in waiting

    assert run_jobs() == 1
    page = trainer.get(job_page).get_data(True)
    assert "Done" in page and "Back to the roster" in page
    link = _file_link(page)
    assert f"roster-{roster.id}.csv" in link
    with trainer.get(link) as download:
        assert download.status_code == 200
        assert "attachment" in download.headers["Content-Disposition"]
        assert download.get_data() == expected  # BOM, neutralised formulas, same rows
    assert expected.decode("utf-8").startswith("\ufeffname,email,state")
    assert "'=cmd|" in expected.decode("utf-8")


def test_the_export_in_spanish_speaks_spanish_and_a_second_click_reuses_the_job(
    app, workshop_world, roster, monkeypatch, client_for
):
    monkeypatch.setitem(app.config, "EXPORT_INLINE_ROWS", 0)
    trainer = _client(app, workshop_world.users["trainer"])
    first = trainer.get(f"/editions/{roster.id}/roster.csv?q=radio")
    again = trainer.get(f"/editions/{roster.id}/roster.csv?q=radio")
    other = trainer.get(f"/editions/{roster.id}/roster.csv")
    assert first.headers["Location"] == again.headers["Location"]
    assert other.headers["Location"] != first.headers["Location"]
    assert db.session.scalar(select(func.count(Job.id))) == 2
    spanish = client_for(workshop_world.users["trainer"], "es")
    page = spanish.get(first.headers["Location"])
    assert "Exportación del listado" in page.get_data(True)


def test_nobody_else_sees_the_export_or_its_file(
    app, workshop_world, roster, run_jobs, monkeypatch, make_user
):
    monkeypatch.setitem(app.config, "EXPORT_INLINE_ROWS", 0)
    trainer = _client(app, workshop_world.users["trainer"])
    job_page = trainer.get(f"/editions/{roster.id}/roster.csv").headers["Location"]
    run_jobs()
    link = _file_link(trainer.get(job_page).get_data(True))
    stranger = _client(app, make_user(email="stranger@example.org"))
    assert stranger.get(job_page).status_code == 404
    assert stranger.get(link).status_code == 404
    assert stranger.get(f"/editions/{roster.id}/roster.csv").status_code == 403
    visitor = app.test_client()
    assert visitor.get(link).status_code == 302  # to the sign-in page
    admin = _client(app, workshop_world.users["admin"])
    with admin.get(link) as download:
        assert download.status_code == 200
    stored = db.session.scalar(select(StoredFile).where(StoredFile.kind == "export"))
    assert stored.uploader_id == workshop_world.users["trainer"].id


def test_a_cancelled_export_leaves_no_file(app, workshop_world, roster, run_jobs, monkeypatch):
    monkeypatch.setitem(app.config, "EXPORT_INLINE_ROWS", 0)
    trainer = _client(app, workshop_world.users["trainer"])
    job_page = trainer.get(f"/editions/{roster.id}/roster.csv").headers["Location"]
    job_id = int(job_page.rsplit("/", 1)[1])
    assert trainer.post(f"/jobs/{job_id}/cancel").status_code == 303
    run_jobs()
    assert db.session.get(Job, job_id).state == "cancelled"
    assert (
        db.session.scalar(select(func.count(StoredFile.id)).where(StoredFile.kind == "export")) == 0
    )


def test_the_roster_export_speaks_the_reader_s_language_and_imports_again(
    app, workshop_world, roster, client_for
):
    """Issue 22: no internal keys in exports. The Spanish header uses words the import reads."""
    spanish = client_for(workshop_world.users["trainer"], "es")
    with spanish.get(f"/editions/{roster.id}/roster.csv") as response:
        text = response.get_data().decode("utf-8-sig")
    header, first = text.splitlines()[:2]
    assert header == "nombre,correo electrónico,estado,país,organización,sector,idioma,desde,nota"
    assert ",inscripción confirmada," in first
    assert ",active," not in text
    english = client_for(workshop_world.users["trainer"])
    with english.get(f"/editions/{roster.id}/roster.csv") as response:
        assert ",enrolled," in response.get_data(True) and ",active," not in response.get_data(True)
    other = client_for(workshop_world.users["trainer"], "es")
    again = other.post(
        f"/editions/{roster.id}/import",
        data={"file": (io.BytesIO(text.encode("utf-8")), "roster.csv")},
        content_type="multipart/form-data",
    )
    assert again.status_code == 200  # the preview: the columns are understood
    assert "no tiene la columna" not in again.get_data(True)
