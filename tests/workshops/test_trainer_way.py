"""Issue 22, the trainer's way through: "My workshops" in the header, the curriculum page leading
to the workshop's editions, quizzes, attendance and reports, and a new quiz lesson leading on
to its questions."""

from __future__ import annotations

import re

from learning.platform.extensions import db
from learning.workshops.models import Module


def _main_nav(page: str) -> str:
    found = re.search(r'<nav class="main-nav".*?</nav>', page, re.S)
    assert found, "no main navigation"
    return found.group(0)


def test_trainers_and_admins_have_my_workshops_in_the_header(client_for, people):
    for who in ("trainer", "admin"):
        nav = _main_nav(client_for(people[who]).get("/").get_data(True))
        assert '<a href="/workshops/mine">My workshops</a>' in nav, who
    spanish = _main_nav(client_for(people["trainer"], "es").get("/").get_data(True))
    assert ">Mis talleres</a>" in spanish
    for who in ("participant", "visitor"):
        assert "/workshops/mine" not in _main_nav(client_for(people[who]).get("/").get_data(True))
    # On the page itself the entry is the current one, and only it.
    nav = _main_nav(client_for(people["trainer"]).get("/workshops/mine").get_data(True))
    assert nav.count('aria-current="page"') == 1
    assert 'href="/workshops/mine" aria-current="page"' in nav


def test_the_curriculum_leads_to_editions_quizzes_attendance_and_reports(build, client_for, people):
    world = build()
    client = client_for(people["trainer"])
    response = client.post(
        f"/workshops/datos/modules/{world.modules[0].id}/lessons/new?kind=quiz",
        data={"title_en": "Check", "estimated_minutes": "5"},
    )
    quiz = db.session.get(Module, world.modules[0].id).lessons[-1]
    page = client.get("/workshops/datos/curriculum").get_data(True)
    actions = re.search(r'<ul class="actions">.*?</ul>', page, re.S).group(0)
    assert 'href="/workshops/datos/editions">Editions and rosters</a>' in actions
    assert (
        'href="/workshops/datos/completion">Quizzes, attendance and completion report</a>'
        in actions
    )
    # Each quiz lesson has its questions a click away.
    lesson = re.search(rf'<li id="lesson-{quiz.id}">.*?</li>', page, re.S).group(0)
    assert f'href="/workshops/datos/lessons/{quiz.id}/quiz/edit">Questions' in lesson
    assert response.status_code == 303


def test_adding_a_quiz_lesson_leads_to_its_questions(build, client_for, people):
    world = build()
    client = client_for(people["trainer"])
    module = world.modules[0]
    response = client.post(
        f"/workshops/datos/modules/{module.id}/lessons/new?kind=quiz",
        data={"title_en": "Check", "estimated_minutes": "5"},
    )
    quiz = db.session.get(Module, module.id).lessons[-1]
    assert quiz.kind == "quiz"
    assert response.status_code == 303
    assert response.headers["Location"] == f"/workshops/datos/lessons/{quiz.id}/quiz/edit"
    assert client.get(response.headers["Location"]).status_code == 200
    # Other kinds, and changing a quiz, go back to the curriculum as before.
    response = client.post(
        f"/workshops/datos/modules/{module.id}/lessons/new?kind=text",
        data={"title_en": "Read", "estimated_minutes": "5"},
    )
    assert response.headers["Location"].startswith("/workshops/datos/curriculum#lesson-")
    response = client.post(
        f"/workshops/datos/lessons/{quiz.id}/edit",
        data={"title_en": "Check again", "estimated_minutes": "5", "module": str(module.id)},
    )
    assert response.headers["Location"] == f"/workshops/datos/curriculum#lesson-{quiz.id}"
