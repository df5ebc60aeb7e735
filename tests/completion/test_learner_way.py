"""Issue 22, what completion adds to the learner's way through: ticks in the outline beside a
lesson and a prominent next lesson once it is done, quiz results that teach, where to continue
on the home page, and a page to check a certificate's code."""

from __future__ import annotations

import re

from learning.completion.services.certify import certificate_for
from learning.completion.services.marks import mark_complete
from learning.completion.services.quizzes import questions
from learning.platform.extensions import db
from tests.completion.conftest import add_question
from tests.completion.test_engine import _do_lessons


def _path(world, name):
    return f"/workshops/{world.slug}/lessons/{world.lessons[name].id}"


def _outline(page):
    return re.search(r'<nav class="lesson-outline".*?</nav>', page, re.S).group(0)


def test_the_outline_ticks_completed_lessons_and_the_next_lesson_stands_out(
    world, client_for, people
):
    me = client_for(people["enrolled"])
    before = me.get(_path(world, "text")).get_data(True)
    assert "Lesson 1 of 5" in before
    assert "next-lesson" not in before  # not done yet: the next lesson is a plain link
    assert "✓" not in _outline(before)

    response = me.post(_path(world, "text") + "/complete")
    assert response.status_code == 303
    after = me.get(response.headers["Location"]).get_data(True)
    button = re.search(
        r'<a class="button next-lesson" rel="next" href="([^"]+)">Next lesson', after
    )
    assert button and button.group(1) == _path(world, "video")

    outline = _outline(me.get(_path(world, "video")).get_data(True))
    ticked = re.search(r'<li class="done">.*?</li>', outline, re.S).group(0)
    assert "✓" in ticked and f'href="{_path(world, "text")}"' in ticked
    assert "(Completed)" in ticked
    assert outline.count('class="done"') == 1


def test_quiz_results_show_the_answer_given_and_the_feedback(world, client_for, people):
    [quiz_question] = questions(world.lessons["quiz"])
    wrong = next(c for c in quiz_question.choices if not c.correct)
    form = {f"q{quiz_question.id}": [str(wrong.id)]}

    page = client_for(people["enrolled"]).post(_path(world, "quiz") + "/quiz", data=form)
    html = page.get_data(True)
    feedback = re.search(r'<ol class="quiz-feedback">.*?</ol>', html, re.S).group(0)
    assert "<dt>Your answer</dt>" in feedback and re.search(
        r"<dd><span[^>]*>No</span></dd>", feedback
    )
    assert "<dt>Feedback</dt>" in feedback and "Because." in feedback
    # By default the right answers show once the participant passes (not on a failed try).
    assert "Right answer" not in feedback
    assert '<ul class="actions">' in html

    assert "next-lesson" not in html  # failed: no way on yet
    right = next(c for c in quiz_question.choices if c.correct)
    passed = client_for(people["enrolled"]).post(
        _path(world, "quiz") + "/quiz", data={f"q{quiz_question.id}": [str(right.id)]}
    )
    following = re.search(r'class="button next-lesson" href="([^"]+)">Next lesson', passed.text)
    assert following and following.group(1) == _path(world, "live")

    preview = client_for(people["trainer"]).post(_path(world, "quiz") + "/quiz", data=form)
    shown = preview.get_data(True)
    assert "<dt>Right answer</dt>" in shown and "<dd><span>Yes</span></dd>" in shown


def test_the_home_page_continues_where_the_person_left_off(world, client_for, people):
    me = client_for(people["enrolled"])
    mark_complete(world.enrolment(), world.lessons["text"])
    db.session.commit()
    page = me.get("/").get_data(True)
    box = re.search(r'<section class="completion-box continue-box".*?</section>', page, re.S)
    assert box and "Continue where you left off" in box.group(0)
    assert f'<a class="button" href="{_path(world, "video")}">Continue</a>' in box.group(0)
    assert "Data journalism" in box.group(0) and "Cohorte 1" in box.group(0)
    # Visitors and people with no active enrolment get the plain home page.
    assert "continue-box" not in client_for(None).get("/").get_data(True)
    assert "continue-box" not in client_for(people["participant"]).get("/").get_data(True)


def test_a_certificate_code_can_be_typed_in(world, client_for, people):
    _do_lessons(world, world.enrolment())
    db.session.commit()
    code = certificate_for(world.enrolment()).code
    visitor = client_for(None)

    home = visitor.get("/").get_data(True)
    assert '<a href="/certificates/">Verify a certificate</a>' in home
    form = visitor.get("/certificates/")
    assert form.status_code == 200 and 'name="code"' in form.get_data(True)

    found = visitor.get(f"/certificates/?code={code}")
    assert found.status_code == 303 and found.headers["Location"].endswith(f"/certificates/{code}")

    unknown = visitor.get("/certificates/?code=" + "A" * 22)
    page = unknown.get_data(True)
    assert unknown.status_code == 404
    assert "No valid certificate with this code" in page
    assert 'name="code"' in page and 'value="' + "A" * 22 + '"' in page
    assert visitor.get("/certificates/?code=%27%20OR%201%3D1--").status_code == 404


def _two_question_quiz(world):
    """The quiz gets a second question; a pass mark of 50 passes with one of two right."""
    add_question(world.lessons["quiz"], "truefalse")
    db.session.commit()
    return questions(world.lessons["quiz"])


def _half_right(qs):
    first, second = qs
    right = next(c for c in first.choices if c.correct)
    wrong = next(c for c in second.choices if not c.correct)
    return {f"q{first.id}": [str(right.id)], f"q{second.id}": [str(wrong.id)]}


def _settings(client, world, reveal, pass_mark="50"):  # noqa: S107 - a quiz score
    return client.post(
        _path(world, "quiz") + "/quiz/settings",
        data={"pass_mark": pass_mark, "max_attempts": "", "role": "", "reveal": reveal},
    )


def test_the_trainer_chooses_when_participants_see_the_right_answers(world, client_for, people):
    qs = _two_question_quiz(world)
    trainer = client_for(people["trainer"], "es")
    learner = client_for(people["enrolled"])
    url = _path(world, "quiz") + "/quiz"

    form = trainer.get(url + "/edit").get_data(True)
    assert "Mostrar a las personas participantes las respuestas correctas" in form
    assert _settings(trainer, world, "after_pass").status_code == 303
    passed = learner.post(url, data=_half_right(qs)).get_data(True)  # 50 %: passed
    assert "<dt>Right answer</dt>" in passed

    assert _settings(trainer, world, "after_pass", pass_mark="100").status_code == 303
    failed = learner.post(url, data=_half_right(qs)).get_data(True)
    assert "Right answer" not in failed

    assert _settings(trainer, world, "always", pass_mark="100").status_code == 303
    assert "<dt>Right answer</dt>" in learner.post(url, data=_half_right(qs)).get_data(True)

    assert _settings(trainer, world, "never", pass_mark="50").status_code == 303
    assert "Right answer" not in learner.post(url, data=_half_right(qs)).get_data(True)


def test_a_forged_reveal_value_is_refused(world, client_for, people):
    trainer = client_for(people["trainer"], "es")
    response = _settings(trainer, world, "to-everyone")
    assert response.status_code == 400
    assert "Elija de la lista cuándo ven" in response.get_data(True)
    assert client_for(people["enrolled"]).post(
        _path(world, "quiz") + "/quiz/settings", data={"pass_mark": "50", "reveal": "always"}
    ).status_code in (403, 404)
