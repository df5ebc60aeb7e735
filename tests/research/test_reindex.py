"""Rebuilding the search index: after the index and facets are lost (a restore, a move to
another database), the admin's job (a real consumer) or ``flask research reindex`` brings every
published output back to search, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from sqlalchemy import delete, func, select, text

from learning.jobs.models import Job
from learning.platform import cache
from learning.platform.extensions import db
from learning.research.models import ResearchFacet, ResearchOutput
from learning.research.search import INDEX_TABLE
from tests.research.test_search import titles

SEARCHED = "q=politica"


def _lose_the_index() -> None:
    db.session.execute(text(f"DELETE FROM {INDEX_TABLE}"))  # noqa: S608 - constant
    db.session.execute(delete(ResearchFacet))
    db.session.commit()
    cache.touch("research")


def test_the_admin_rebuilds_the_index_on_the_queue(client, client_for, library, run_jobs):
    before = titles(client, SEARCHED)
    assert len(before) == 2
    facets = db.session.scalar(select(func.count(ResearchFacet.id)))
    _lose_the_index()
    assert titles(client, SEARCHED) == []
    admin = client_for("admin")
    page = admin.get("/admin/jobs").get_data(True)
    assert "Rebuild the research search index" in page
    response = admin.post("/admin/jobs/start/research.reindex")
    assert response.status_code == 303
    run_jobs()
    job = db.session.scalar(select(Job).where(Job.kind == "research.reindex"))
    outputs = db.session.scalar(select(func.count(ResearchOutput.id)))
    assert (job.state, job.done, job.total) == ("done", outputs, outputs)
    assert titles(client, SEARCHED) == before
    assert db.session.scalar(select(func.count(ResearchFacet.id))) == facets


def test_the_command_does_the_same(app, client, library):
    before = titles(client, SEARCHED)
    _lose_the_index()
    result = app.test_cli_runner().invoke(args=["research", "reindex"])
    assert result.exit_code == 0, result.output
    outputs = db.session.scalar(select(func.count(ResearchOutput.id)))
    assert f"{outputs} outputs indexed." in result.output
    assert titles(client, SEARCHED) == before


def test_only_admins_start_jobs_by_hand_and_only_the_listed_ones(client_for, run_jobs):
    for role in ("trainer", "participant"):
        assert client_for(role).post("/admin/jobs/start/research.reindex").status_code == 403
    assert client_for(None).post("/admin/jobs/start/research.reindex").status_code in (302, 401)
    admin = client_for("admin")
    assert admin.post("/admin/jobs/start/storage.gc").status_code == 404
    assert admin.post("/admin/jobs/start/%3Cscript%3E").status_code == 404
    assert admin.get("/admin/jobs/start/research.reindex").status_code == 405
    assert db.session.scalar(select(func.count(Job.id))) == 0
