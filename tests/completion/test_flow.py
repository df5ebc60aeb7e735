"""The issue's story through the web, as people do it: lessons, a quiz passed on the second
attempt, attendance, 100 %, a Spanish certificate, public verification, revocation; and the bad
inputs the issue lists."""

from __future__ import annotations

import csv
import io
import re

import pytest
from sqlalchemy import func, select

from learning.completion.models import Attendance, QuizAttempt, SurveyResponse
from learning.completion.services.certify import certificate_for
from learning.completion.services.engine import rule_for
from learning.completion.services.marks import mark_complete
from learning.completion.services.quizzes import questions, save_settings
from learning.completion.services.survey import survey_summary
from learning.platform.extensions import db
from tests.completion.conftest import add_question, enrol


def _lesson_path(world, name):
    return f"/workshops/{world.slug}/lessons/{world.lessons[name].id}"


def _answers(question, right=True):
    if question.kind == "short":
        return [question.accepted[0].text if right else "no sé"]
    choices = [c for c in question.choices if c.correct == right]
    return [str(c.id) for c in (choices if question.kind == "multiple" else choices[:1])]


def _quiz_form(world, right=True):
    return {f"q{q.id}": _answers(q, right) for q in questions(world.lessons["quiz"])}


def test_the_participant_story(world, client_for, people, make_user):
    quiz = world.lessons["quiz"]
    add_question(quiz, "short")
    add_question(quiz, "multiple")
    add_question(quiz, "truefalse")
    save_settings(quiz, pass_mark=75, max_attempts=3, role=None)
    db.session.commit()
    me = client_for(people["enrolled"], "es")

    page = me.get(f"/workshops/{world.slug}").get_data(as_text=True)
    assert 'max="100" value="0"' in page and "0 % completado" in page
    # Nothing done yet: "Start", into the first lesson; "Continue" only from the first done.
    assert "Continúe donde lo dejó" not in page
    first = world.lessons["text"]
    assert f'lessons/{first.id}">Empezar la primera lección</a>' in page

    for name in ("text", "video"):
        assert "Marcar como completada" in me.get(_lesson_path(world, name)).get_data(as_text=True)
        response = me.post(_lesson_path(world, name) + "/complete")
        assert response.status_code == 303
    page = me.get(_lesson_path(world, "text")).get_data(as_text=True)
    assert "Completada" in page and "Deshacer" in page

    # First attempt: half wrong, fails; second passes. Feedback is shown each time.
    wrong = _quiz_form(world, right=True)
    short = next(q for q in questions(quiz) if q.kind == "short")
    multiple = next(q for q in questions(quiz) if q.kind == "multiple")
    wrong[f"q{short.id}"] = ["otra cosa"]
    wrong[f"q{multiple.id}"] = wrong[f"q{multiple.id}"][:1]  # only one of the two right ones
    response = me.post(_lesson_path(world, "quiz") + "/quiz", data=wrong)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "50 %" in page and "Porque." in page and "2 intentos restantes" in page
    right = _quiz_form(world)
    right[f"q{short.id}"] = ["  POLITICA   publica "]  # case, accents and spaces ignored
    page = me.post(_lesson_path(world, "quiz") + "/quiz", data=right).get_data(as_text=True)
    assert "Aprobó con 100 %" in page

    # The trainer marks the whole roster on one page.
    trainer = client_for(people["trainer"])
    attendance = (
        f"/workshops/{world.slug}/editions/{world.edition.id}/attendance/{world.lessons['live'].id}"
    )
    assert "Elena Núñez" in trainer.get(attendance).get_data(as_text=True)
    enrolment = world.enrolment()
    response = trainer.post(attendance, data={f"status-{enrolment.id}": "present"})
    assert response.status_code == 303

    page = me.get(f"/workshops/{world.slug}").get_data(as_text=True)
    assert 'value="100"' in page and "100 % completado" in page
    db.session.expire_all()
    certificate = certificate_for(world.enrolment())
    assert f"/certificates/{certificate.code}/certificate.pdf?language=es" in page
    assert "Cuéntenos cómo fue el taller" in page

    with me.get(f"/certificates/{certificate.code}/certificate.pdf?language=es") as response:
        assert response.status_code == 200
        assert response.mimetype == "application/pdf"
        assert response.data.startswith(b"%PDF")

    stranger = make_user(name="Curiosa")
    from tests.conftest import sign_in_as

    visitor = client_for(None, "es")
    page = visitor.get(f"/certificates/{certificate.code}").get_data(as_text=True)
    assert "Válido" in page and "Elena Núñez" in page
    other = sign_in_as(client_for(None), stranger)
    with other.get(f"/certificates/{certificate.code}/certificate.pdf") as response:
        assert response.status_code == 403

    admin = client_for(people["admin"])
    assert (
        admin.post(f"/certificates/{certificate.code}/revoke", data={"reason": ""}).status_code
        == 400
    )
    response = admin.post(
        f"/certificates/{certificate.code}/revoke", data={"reason": "Identity fraud"}
    )
    assert response.status_code == 303
    page = visitor.get(f"/certificates/{certificate.code}").get_data(as_text=True)
    assert "Revocado" in page and "Identity fraud" not in page
    db.session.expire_all()
    certificate = certificate_for(world.enrolment())
    assert certificate.revoked_by_id == world.users["admin"].id
    assert certificate.revoked_reason == "Identity fraud"
    with visitor.get(f"/certificates/{certificate.code}/badge.json") as response:
        assert response.status_code == 410 and response.json["revoked"] is True

    # The survey, once.
    response = me.post(f"/workshops/{world.slug}/survey", data={"rating": "5", "comment": "¡Útil!"})
    assert response.status_code == 303
    assert me.get(f"/workshops/{world.slug}/survey").status_code == 409
    summary = survey_summary(workshop=world.workshop)
    assert (summary.count, summary.average) == (1, 5.0)


def test_quiz_bad_input_gives_400_or_409_and_stores_nothing(world, client_for, people):
    from learning.workshops.services import lessons
    from learning.workshops.services.lessons import LessonData
    from tests.workshops.conftest import texts

    other_quiz = lessons.save_lesson(
        world.lessons["quiz"].module, None, LessonData(kind="quiz", texts=texts("Q2", "Q2"))
    )
    foreign = add_question(other_quiz)
    save_settings(world.lessons["quiz"], pass_mark=100, max_attempts=1, role=None)
    db.session.commit()
    me = client_for(people["enrolled"])
    url = _lesson_path(world, "quiz") + "/quiz"
    mine = questions(world.lessons["quiz"])[0]

    response = me.post(url, data={f"q{foreign.id}": [str(foreign.choices[0].id)]})
    assert response.status_code == 400
    assert "do not belong to this quiz" in response.get_data(as_text=True)
    response = me.post(url, data={f"q{mine.id}": [str(foreign.choices[0].id)]})
    assert response.status_code == 400
    response = me.post(url, data={"qabc": ["1"]})
    assert response.status_code == 400
    assert db.session.scalar(select(func.count(QuizAttempt.id))) == 0

    assert me.post(url, data={f"q{mine.id}": [str(mine.choices[1].id)]}).status_code == 200
    response = me.post(url, data={f"q{mine.id}": [str(mine.choices[0].id)]})
    assert response.status_code == 409
    assert "every attempt" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(QuizAttempt.id))) == 1
    # Marking a quiz by hand is refused.
    assert me.post(_lesson_path(world, "quiz") + "/complete").status_code == 400


def test_attendance_for_someone_not_enrolled_is_refused(world, client_for, people, make_user):
    from learning.workshops.models import Edition

    stranger = make_user()
    other_edition = Edition(
        workshop=world.workshop, name="Otra", starts_on=world.edition.starts_on,
        ends_on=world.edition.ends_on,
    )  # fmt: skip
    db.session.add(other_edition)
    db.session.flush()
    elsewhere = enrol(stranger, other_edition, when=world.enrolment().created_at)
    db.session.commit()
    trainer = client_for(people["trainer"])
    url = (
        f"/workshops/{world.slug}/editions/{world.edition.id}/attendance/{world.lessons['live'].id}"
    )
    for data in (
        {f"status-{elsewhere.id}": "present"},
        {"status-999999": "present"},
        {"status-x": "present"},
        {f"status-{world.enrolment().id}": "asleep"},
    ):
        response = trainer.post(url, data=data)
        assert response.status_code == 400, data
    assert db.session.scalar(select(func.count(Attendance.id))) == 0
    # A lesson that is not a live session has no attendance page.
    quiz = world.lessons["quiz"].id
    url = f"/workshops/{world.slug}/editions/{world.edition.id}/attendance/{quiz}"
    assert trainer.get(url).status_code == 404


@pytest.mark.parametrize(
    "code",
    [
        "A" * 22,  # well formed, does not exist
        "short",
        "x" * 200,
        "%27%20OR%201%3D1--",
        "..%2F..%2Fetc",
    ],
)
def test_unknown_or_malformed_certificate_codes_are_a_plain_404(client, world, code):
    for suffix in ("", "/badge.json", "/certificate.pdf"):
        with client.get(f"/certificates/{code}{suffix}") as response:
            assert response.status_code == 404
            body = response.get_data(as_text=True)
            assert "revoked" not in body.lower() and "valid" not in body.lower()


def test_survey_bad_input(world, client_for, people):
    enrolment = world.enrolment()
    me = client_for(people["enrolled"])
    assert me.get(f"/workshops/{world.slug}/survey").status_code == 403
    from tests.completion.test_engine import _do_lessons

    _do_lessons(world, enrolment)
    db.session.commit()
    url = f"/workshops/{world.slug}/survey"
    assert me.post(url, data={"rating": "9"}).status_code == 400
    assert me.post(url, data={"rating": "4", "comment": "x" * 2001}).status_code == 400
    assert me.post(url, data={}).status_code == 400
    assert db.session.scalar(select(func.count(SurveyResponse.id))) == 0


def test_trainer_preview_records_nothing(world, client_for, people):
    trainer = client_for(people["trainer"])
    response = trainer.post(_lesson_path(world, "text") + "/complete")
    assert response.status_code == 303
    q = questions(world.lessons["quiz"])[0]
    response = trainer.post(
        _lesson_path(world, "quiz") + "/quiz", data={f"q{q.id}": [str(q.choices[0].id)]}
    )
    assert response.status_code == 200 and "Preview" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(QuizAttempt.id))) == 0


def test_rule_page_previews_who_would_not_meet_the_new_rule(world, client_for, people):
    from tests.completion.test_engine import _do_lessons

    _do_lessons(world, world.enrolment())
    db.session.commit()
    trainer = client_for(people["trainer"])
    url = f"/workshops/{world.slug}/completion-rule"
    page = trainer.post(url, data={"min_attendance_share": "", "min_quiz_average": "100"})
    assert page.status_code == 200
    assert "Everyone who already completed also meets the new rule" in page.get_data(as_text=True)
    # Lower the score (a new pass would still be 100): a mark of 101 is refused.
    assert trainer.post(url, data={"min_quiz_average": "101"}).status_code == 400
    save_settings(world.lessons["quiz"], pass_mark=0, max_attempts=None, role=None)
    q = questions(world.lessons["quiz"])[0]
    db.session.execute(
        QuizAttempt.__table__.update().values(score=40).where(QuizAttempt.lesson_id == q.lesson_id)
    )
    db.session.commit()
    page = trainer.post(url, data={"min_quiz_average": "50"}).get_data(as_text=True)
    assert "1 person who already completed would not meet the new rule" in page
    assert "Elena Núñez" in page
    response = trainer.post(url, data={"min_quiz_average": "50", "step": "confirm"})
    assert response.status_code == 303
    db.session.expire_all()
    assert world.enrolment().state == "completed"
    assert rule_for(world.workshop).min_quiz_average == 50


def test_report_grid_funnel_and_csv(world, client_for, people, make_user):
    from tests.completion.test_engine import _do_lessons

    _do_lessons(world, world.enrolment())
    half = enrol(make_user(name="=Mitad"), world.edition)
    mark_complete(half, world.lessons["text"])
    mark_complete(half, world.lessons["video"])
    enrol(make_user(name="Nadie"), world.edition)
    db.session.commit()
    trainer = client_for(people["trainer"])
    page = trainer.get(f"/workshops/{world.slug}/editions/{world.edition.id}/report")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<svg" in html and "<title" in html and "<desc" in html
    assert re.search(r"Enrolled: 3; Started: 2; Half way: 2; Completed: 1", html)
    assert "✓" in html and 'scope="col"' in html
    with trainer.get(f"/workshops/{world.slug}/editions/{world.edition.id}/report.csv") as r:
        assert r.status_code == 200 and r.mimetype == "text/csv"
        text = r.get_data(as_text=True)
    assert text.startswith("\ufeffName,E-mail,Progress (%)")
    assert "'=Mitad" in text  # formulas neutralised
    assert len(text.strip().splitlines()) == 4
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    # Issue 22: blank rather than 0 % for someone who never tried a quiz or a session.
    scores = {r["Name"]: (r["Average quiz score (%)"], r["Attendance (%)"]) for r in rows}
    assert scores["Nadie"] == ("", "") and scores["'=Mitad"] == ("", "")


def test_trainer_writes_questions_and_one_pre_test_per_workshop(world, client_for, people):
    from learning.workshops.services import lessons
    from learning.workshops.services.lessons import LessonData
    from tests.workshops.conftest import texts

    trainer = client_for(people["trainer"])
    quiz = world.lessons["quiz"]
    base = f"/workshops/{world.slug}/lessons/{quiz.id}/quiz"
    response = trainer.post(
        base + "/questions",
        data={
            "kind": "single",
            "prompt_es": "¿Capital de Honduras?",
            "prompt_en": "Capital of Honduras?",
            "choices_es": "*Tegucigalpa\nSan Pedro Sula",
            "choices_en": "Tegucigalpa\nSan Pedro Sula",
        },
    )
    assert response.status_code == 303
    question = questions(quiz)[-1]
    assert [(c.texts, c.correct) for c in question.choices] == [
        ({"es": "Tegucigalpa", "en": "Tegucigalpa"}, True),
        ({"es": "San Pedro Sula", "en": "San Pedro Sula"}, False),
    ]
    bad = trainer.post(base + "/questions", data={"kind": "single", "prompt_en": "?",
                                                  "choices_en": "*A\n*B"})  # fmt: skip
    assert bad.status_code == 400
    assert "exactly one correct" in bad.get_data(as_text=True)
    assert (
        trainer.post(base + "/questions", data={"kind": "essay", "prompt_en": "?"}).status_code
        == 400
    )

    assert (
        trainer.post(base + "/settings", data={"pass_mark": "50", "role": "pre"}).status_code == 303
    )
    other = lessons.save_lesson(quiz.module, None, LessonData(kind="quiz", texts=texts("Q2", "Q2")))
    db.session.commit()
    response = trainer.post(
        f"/workshops/{world.slug}/lessons/{other.id}/quiz/settings",
        data={"pass_mark": "50", "role": "pre"},
    )
    assert response.status_code == 400
    assert "at most one pre-test" in response.get_data(as_text=True)
    assert trainer.post(base + "/settings", data={"pass_mark": "150"}).status_code == 400
