"""Issue 10, the participant: enrol in an open edition, follow the lessons, pass the quiz and
download the certificate.

Run in Spanish on a phone and in English on a desktop only (not the four combinations),
to keep the browser suite fast.

The workshop, its edition and the quiz question are arranged through the services; everything
the participant does goes through the real pages and forms.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from playwright.sync_api import expect

from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from tests.browser.support import Tab
from tests.conftest import TEST_PASSWORD

CERTIFICATE_LANGUAGE = {"es": "Español", "en": "English"}
# The last one runs with JavaScript off: the whole journey must work on plain HTML.
PAIRS = [("es", "phone", True), ("en", "desktop", True), ("es", "phone", False)]


@pytest.fixture(
    params=PAIRS,
    ids=[f"{lang}-{viewport}{'' if js else '-no-js'}" for lang, viewport, js in PAIRS],
)
def tab(request: pytest.FixtureRequest, new_tab: Callable[..., Tab]) -> Tab:
    lang, viewport, javascript = request.param
    return new_tab(lang, viewport, javascript=javascript)


def arrange_workshop(trainer: Any) -> Any:
    """A published workshop (a text lesson and a one-question quiz) with an open edition."""
    from learning.completion.services.quizzes import QuestionData, add_question
    from learning.enrolment.services import editions as enrolment
    from learning.workshops.services import authoring, lessons
    from learning.workshops.services.lessons import LessonData
    from tests.workshops.conftest import make_workshop, texts

    workshop = make_workshop(
        trainer,
        slug="datos-abiertos",
        status="draft",
        title=("Datos abiertos para periodistas", "Open data for journalists"),
        languages=("es", "en"),
    )
    module = workshop.modules[0]
    quiz = lessons.save_lesson(
        module, None, LessonData(kind="quiz", texts=texts("Cuestionario", "Quiz"))
    )
    add_question(
        quiz,
        QuestionData(
            kind="single",
            prompts={"es": "¿Cuál es la capital de Costa Rica?", "en": "Capital of Costa Rica?"},
            choices=[
                ({"es": "Managua", "en": "Managua"}, False),
                ({"es": "San José", "en": "San José"}, True),
            ],
        ),
    )
    authoring.publish(workshop)
    today = utcnow().date()
    enrolment.save_edition(
        workshop,
        None,
        enrolment.EditionData(
            name="Cohorte 2026",
            # The workshop page lists editions that start after today.
            starts_on=today + timedelta(days=1),
            ends_on=today + timedelta(days=30),
        ),
    )
    db.session.commit()
    return workshop


def test_participant_enrols_learns_passes_the_quiz_and_downloads_the_certificate(
    tab: Tab, make_user: Callable[..., Any]
) -> None:
    text = tab.text
    workshop = arrange_workshop(make_user(roles=["trainer"], name="Tomás Facilitador"))
    make_user("paula@example.org", name="Paula Participante", language=tab.lang)
    title = "Datos abiertos para periodistas" if tab.lang == "es" else "Open data for journalists"
    lesson_title, quiz_title = (
        ("Lección", "Cuestionario") if tab.lang == "es" else ("Lesson", "Quiz")
    )

    tab.goto("/")
    tab.sign_in("paula@example.org", TEST_PASSWORD, name="Paula Participante")
    tab.goto(f"/workshops/{workshop.slug}")
    expect(tab.heading()).to_have_text(title)

    # The edition's Enrol link (its name says which edition), then the real Enrol button.
    tab.click(tab.page.get_by_role("link", name=f"{text['enrol']} Cohorte 2026", exact=True))
    expect(tab.heading()).to_have_text("Cohorte 2026")
    tab.click(tab.button("enrol"))
    expect(tab.status_message()).to_have_text(text["enrolled"])

    # Back to the workshop: the lessons are links now.
    tab.click(tab.page.locator(".breadcrumb").get_by_role("link", name=title, exact=True))
    tab.click(tab.page.get_by_role("link", name=lesson_title, exact=True))
    expect(tab.heading()).to_have_text(lesson_title)
    tab.click(tab.button("mark_complete"))
    expect(tab.status_message()).to_have_text(text["lesson_completed"])

    tab.goto(f"/workshops/{workshop.slug}")
    progress = tab.page.get_by_label(text["progress_workshop"].format(done=1, total=2))
    expect(progress).to_have_attribute("value", "50")
    tab.click(tab.page.get_by_role("link", name=quiz_title, exact=True))
    expect(tab.heading()).to_have_text(quiz_title)

    # A wrong answer first, then the right one.
    tab.page.get_by_label("Managua", exact=True).check()
    tab.click(tab.button("submit_answers"))
    expect(tab.heading()).to_have_text(text["quiz_result"])
    expect(tab.page.get_by_role("main").get_by_role("status")).to_have_text(
        text["quiz_failed"].format(score=0, mark=70)
    )
    tab.click(tab.page.get_by_role("link", name=text["back_to_quiz"], exact=True))
    tab.page.get_by_label("San José", exact=True).check()
    tab.click(tab.button("submit_answers"))
    expect(tab.page.get_by_role("main").get_by_role("status")).to_have_text(
        text["quiz_passed"].format(score=100, mark=70)
    )

    tab.click(tab.page.get_by_role("link", name=text["back_to_workshop"], exact=True))
    progress = tab.page.get_by_label(text["progress_workshop"].format(done=2, total=2))
    expect(progress).to_have_attribute("value", "100")
    expect(tab.page.locator(".progress-number").first).to_have_text(
        text["percent_complete"].format(percent=100)
    )

    # The certificate in the reader's language: a real download, and a PDF.
    link = tab.page.get_by_role(
        "link", name=text["certificate_pdf"].format(language=CERTIFICATE_LANGUAGE[tab.lang])
    )
    with tab.page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == f"certificate-{workshop.slug}.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    response = tab.page.request.get(tab.base_url + link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
