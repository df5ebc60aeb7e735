"""A reading lesson can point at a research output; the output's page lists the workshops that
use it."""

from __future__ import annotations

import pytest

from learning.platform.extensions import db
from learning.workshops.services import lessons
from learning.workshops.services.common import WorkshopError
from learning.workshops.services.lessons import LessonData
from tests.conftest import sign_in_as
from tests.workshops.conftest import enrol_in_new_edition, make_workshop, texts


def test_reading_lesson_links_a_research_output_both_ways(app, make_user, make_output):
    output = make_output(title_es="Política fiscal verde")
    trainer = make_user(roles=["trainer"])
    workshop = make_workshop(trainer, slug="fiscalidad", title=("Fiscalidad verde", "Green tax"))
    module = workshop.modules[0]
    lesson = lessons.save_lesson(
        module,
        None,
        LessonData(kind="reading", texts=texts("Lectura", "Reading"), url=f"/research/{output.id}"),
    )
    draft = make_workshop(trainer, slug="borrador", status="draft", title=("Borrador", None))
    lessons.save_lesson(
        draft.modules[0],
        None,
        LessonData(kind="reading", texts=texts("Otra", None), url=f"/research/{output.id}/v/1"),
    )
    db.session.commit()

    page = app.test_client().get(f"/research/{output.id}").get_data(as_text=True)
    assert "Used in workshops" in page and "/workshops/fiscalidad" in page
    assert "Borrador" not in page  # drafts are nobody's business

    learner = make_user()
    enrol_in_new_edition(learner, workshop)
    db.session.commit()
    client = sign_in_as(app.test_client(), learner)
    lesson_page = client.get(f"/workshops/fiscalidad/lessons/{lesson.id}").get_data(as_text=True)
    assert "Política fiscal verde" in lesson_page
    assert f'href="/research/{output.id}"' in lesson_page


@pytest.mark.parametrize(
    "url", ["/research/abc", "/admin/users", "javascript:alert(1)", "/research/"]
)
def test_only_research_paths_or_web_links_are_accepted(app, make_user, url):
    workshop = make_workshop(make_user(roles=["trainer"]), slug="malos")
    with pytest.raises(WorkshopError):
        lessons.save_lesson(
            workshop.modules[0], None, LessonData(kind="reading", texts=texts("L", None), url=url)
        )
