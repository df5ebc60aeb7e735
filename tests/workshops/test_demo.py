"""`flask demo` gives two published workshops in both languages and one draft."""

from __future__ import annotations

from sqlalchemy import select

from learning.platform.extensions import db
from learning.workshops.models import LESSON_KINDS, Lesson, Workshop


def test_demo_workshops(app, client):
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    workshops = {w.slug: w for w in db.session.scalars(select(Workshop))}
    published = [w for w in workshops.values() if w.status == "published"]
    assert len(published) == 2 and {w.format for w in published} == {"online", "hybrid"}
    assert all({t.language for t in w.translations} == {"es", "en"} for w in published)
    assert [w.status for w in workshops.values()].count("draft") == 1
    kinds = {lesson.kind for lesson in db.session.scalars(select(Lesson))}
    assert kinds == set(LESSON_KINDS)
    assert all(w.materials for w in published)
    page = client.get("/workshops/").get_data(as_text=True)
    assert "2 workshops found" in page and "Gobernanza digital" not in page
    with client.get("/workshops/periodismo-de-datos/materials.zip") as response:
        assert response.status_code == 302  # visitors are sent to sign in
