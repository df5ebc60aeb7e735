"""Issue 22, the learner's way through, in Spanish and English, on a phone and a desktop: an
edition under way that still takes enrolments is found in the catalogue, enrolling leads
straight into the first lesson, lessons sit in an outline with ticks and a prominent next
lesson, quiz results teach, the home page continues where the person left off, a certificate
code can be typed in; and a request waiting for approval says so, on the lesson too.

The workshop and its editions are arranged through the services; everything the participant
does goes through the real pages and forms. Every page is weighed and checked with axe-core by
the Tab (support.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from playwright.sync_api import expect

from learning.completion.services.quizzes import QuestionData, add_question
from learning.enrolment.services import editions as enrolment
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.workshops.services import authoring, curriculum, lessons
from learning.workshops.services.lessons import LessonData
from tests.browser.support import Tab
from tests.conftest import TEST_PASSWORD
from tests.workshops.conftest import make_workshop, texts

# The strings these journeys look for, written out (a missing translation fails here).
WAY = {
    "en": {
        "title": "Open data for journalists",
        "under_way": "Edition under way since",
        "enrol": "Enrol",
        "enrolled": "You are enrolled. We have sent you an e-mail with the details.",
        "start": "Start",
        "continue": "Continue",
        "lesson_one": "Finding data",
        "lesson_two": "Cleaning data",
        "quiz": "Quiz",
        "place": "Lesson {n} of {total}",
        "outline": "Workshop outline",
        "opens_on": "Opens on",
        "mark_complete": "Mark as complete",
        "lesson_completed": "Lesson completed.",
        "next_lesson": "Next lesson",
        "submit_answers": "Submit my answers",
        "your_answer": "Your answer",
        "feedback": "Feedback",
        "right_answer": "Right answer",
        "explanation": "San José has been the capital since 1823.",
        "continue_box": "Continue where you left off",
        "start_first": "Start the first lesson",
        "verify": "Verify a certificate",
        "code": "Certificate code",
        "verify_button": "Verify",
        "no_certificate": "No valid certificate with this code. Check the code and try again.",
        "ask": "Ask to enrol",
        "requested": "Your request has been sent. The trainers will decide and we will e-mail you.",
        "waiting": "Your request is waiting for the trainers' approval.",
        "not_confirmed": "Your place is not confirmed yet",
        "breadcrumb": "Breadcrumb",
    },
    "es": {
        "title": "Datos abiertos para periodistas",
        "under_way": "Edición en curso desde el",
        "enrol": "Inscribirme",
        "enrolled": "Su inscripción está confirmada. Le enviamos un correo con los detalles.",
        "start": "Empezar",
        "continue": "Continuar",
        "lesson_one": "Encontrar datos",
        "lesson_two": "Limpiar datos",
        "quiz": "Cuestionario",
        "place": "Lección {n} de {total}",
        "outline": "Índice del taller",
        "opens_on": "Se abre el",
        "mark_complete": "Marcar como completada",
        "lesson_completed": "Lección completada.",
        "next_lesson": "Lección siguiente",
        "submit_answers": "Enviar mis respuestas",
        "your_answer": "Su respuesta",
        "feedback": "Retroalimentación",
        "right_answer": "Respuesta correcta",
        "explanation": "San José es la capital desde 1823.",
        "continue_box": "Continúe donde lo dejó",
        "start_first": "Empezar la primera lección",
        "verify": "Verificar un certificado",
        "code": "Código del certificado",
        "verify_button": "Verificar",
        "no_certificate": (
            "No hay ningún certificado válido con este código. Revise el código e inténtelo "
            "de nuevo."
        ),
        "ask": "Solicitar la inscripción",
        "requested": (
            "Su solicitud se ha enviado. Las personas facilitadoras decidirán y le escribiremos."
        ),
        "waiting": "Su solicitud espera la aprobación de las personas facilitadoras.",
        "not_confirmed": "Su lugar aún no está confirmado",
        "breadcrumb": "Ruta de navegación",
    },
}


def arrange(trainer: Any, *, mode: str = "open", running: bool = True) -> Any:
    """A published workshop: module one (two text lessons, a one-question quiz), module two
    opening in a week; one edition, under way since three days (or starting in a week)."""
    workshop = make_workshop(
        trainer,
        slug="datos-abiertos",
        status="draft",
        title=(WAY["es"]["title"], WAY["en"]["title"]),
        languages=("es", "en"),
    )
    first = workshop.modules[0]
    for lesson in list(first.lessons):
        lessons.delete_lesson(lesson)
    for key in ("lesson_one", "lesson_two"):
        lessons.save_lesson(
            first, None, LessonData(kind="text", texts=texts(WAY["es"][key], WAY["en"][key]))
        )
    quiz = lessons.save_lesson(
        first, None, LessonData(kind="quiz", texts=texts(WAY["es"]["quiz"], WAY["en"]["quiz"]))
    )
    add_question(
        quiz,
        QuestionData(
            kind="single",
            prompts={"es": "¿Cuál es la capital de Costa Rica?", "en": "Capital of Costa Rica?"},
            feedback={"es": WAY["es"]["explanation"], "en": WAY["en"]["explanation"]},
            choices=[({"es": "Managua", "en": "Managua"}, False), ({"es": "San José"}, True)],
        ),
    )
    today = utcnow().date()
    later = curriculum.save_module(
        workshop,
        None,
        curriculum.ModuleData(
            texts=texts("Publicar", "Publishing"), release_on=today + timedelta(days=7)
        ),
    )
    lessons.save_lesson(later, None, LessonData(kind="text", texts=texts("Mapas", "Maps")))
    authoring.publish(workshop)
    starts = today - timedelta(days=3) if running else today + timedelta(days=7)
    enrolment.save_edition(
        workshop,
        None,
        enrolment.EditionData(
            name="Cohorte en curso" if running else "Cohorte con aprobación",
            starts_on=starts,
            ends_on=today + timedelta(days=30),
            capacity=20,
            mode=mode,
        ),
    )
    db.session.commit()
    return workshop


def test_enrol_in_a_running_edition_learn_and_continue(
    tab: Tab, make_user: Callable[..., Any]
) -> None:
    way = WAY[tab.lang]
    arrange(make_user(roles=["trainer"], name="Tomás Facilitador"))
    make_user("paula@example.org", name="Paula Participante", language=tab.lang)
    page = tab.page
    tab.goto("/")
    tab.sign_in("paula@example.org", TEST_PASSWORD, name="Paula Participante")

    # The catalogue offers the edition under way; its card leads to the workshop page.
    tab.goto("/workshops/")
    card = page.locator(".card").filter(has_text=way["title"])
    expect(card).to_contain_text(way["under_way"])
    tab.click(card.get_by_role("link", name=way["title"], exact=True))
    crumbs = page.get_by_role("navigation", name=way["breadcrumb"], exact=True)
    expect(crumbs.get_by_role("link", name=tab.text["workshops"], exact=True)).to_be_visible()

    tab.click(page.get_by_role("link", name=f"{way['enrol']} Cohorte en curso", exact=True))
    expect(tab.heading()).to_have_text("Cohorte en curso")
    tab.click(page.get_by_role("button", name=way["enrol"], exact=True))
    expect(tab.status_message()).to_have_text(way["enrolled"])
    expect(page.get_by_role("button", name=way["enrol"], exact=True)).to_have_count(0)

    # Straight into the first lesson: its place, the outline beside it, the module not open.
    tab.click(page.get_by_role("link", name=way["start"], exact=True))
    expect(tab.heading()).to_have_text(way["lesson_one"])
    # The workshop page at 0 % says "Start", to the first lesson, never "Continue".
    tab.click(crumbs.get_by_role("link", name=way["title"], exact=True))
    expect(page.get_by_role("link", name=way["continue_box"], exact=True)).to_have_count(0)
    tab.click(page.get_by_role("link", name=way["start_first"], exact=True))
    expect(tab.heading()).to_have_text(way["lesson_one"])
    expect(page.locator(".lesson-place")).to_have_text(way["place"].format(n=1, total=4))
    outline = page.get_by_role("navigation", name=way["outline"], exact=True)
    expect(outline).to_contain_text(way["opens_on"])
    expect(outline.locator("li.done")).to_have_count(0)

    tab.click(page.get_by_role("button", name=way["mark_complete"], exact=True))
    expect(tab.status_message()).to_have_text(way["lesson_completed"])
    tab.click(page.get_by_role("link", name=re.compile("^" + re.escape(way["next_lesson"]))))
    expect(tab.heading()).to_have_text(way["lesson_two"])
    expect(outline.locator("li.done")).to_have_count(1)
    expect(outline.locator("li.done")).to_contain_text(way["lesson_one"])

    # The quiz: a wrong answer shows what was chosen and the trainer's explanation.
    tab.click(outline.get_by_role("link", name=way["quiz"], exact=True))
    page.get_by_label("Managua", exact=True).check()
    tab.click(page.get_by_role("button", name=way["submit_answers"], exact=True))
    feedback = page.locator(".quiz-feedback")
    expect(feedback).to_contain_text(way["your_answer"])
    expect(feedback.locator("dd").first).to_have_text("Managua")
    expect(feedback).to_contain_text(way["explanation"])
    expect(feedback).not_to_contain_text(way["right_answer"])

    # Home: where to continue, into the next lesson not done.
    tab.goto("/")
    box = page.get_by_role("region", name=way["continue_box"], exact=True)
    tab.click(box.get_by_role("link", name=way["continue"], exact=True))
    expect(tab.heading()).to_have_text(way["lesson_two"])

    # A certificate code, typed in from the footer's link: an unknown one says so.
    tab.click(page.get_by_role("contentinfo").get_by_role("link", name=way["verify"]))
    page.get_by_label(way["code"], exact=True).fill("A" * 22)
    tab.click(page.get_by_role("button", name=way["verify_button"], exact=True))
    expect(page.get_by_role("alert")).to_have_text(way["no_certificate"])
    expect(page.get_by_label(way["code"], exact=True)).to_have_value("A" * 22)


def test_a_request_waiting_for_approval_says_so(tab: Tab, make_user: Callable[..., Any]) -> None:
    way = WAY[tab.lang]
    workshop = arrange(make_user(roles=["trainer"]), mode="approval", running=False)
    make_user("paula@example.org", name="Paula Participante", language=tab.lang)
    page = tab.page
    tab.goto("/")
    tab.sign_in("paula@example.org", TEST_PASSWORD, name="Paula Participante")
    tab.goto(f"/workshops/{workshop.slug}")

    name = "Cohorte con aprobación"
    tab.click(page.get_by_role("link", name=f"{way['enrol']} {name}", exact=True))
    tab.click(page.get_by_role("button", name=way["ask"], exact=True))
    expect(tab.status_message()).to_have_text(way["requested"])
    expect(page.get_by_role("main")).to_contain_text(way["waiting"])

    # Back on the workshop page: no Enrol for that edition, the same plain words.
    tab.click(page.locator(".breadcrumb").get_by_role("link", name=way["title"], exact=True))
    editions = page.locator(".editions")
    expect(editions).to_contain_text(way["waiting"])
    expect(editions.get_by_role("link", name=f"{way['enrol']} {name}")).to_have_count(0)

    # A lesson's address says why it is closed, not a bare "forbidden".
    lesson = workshop.modules[0].lessons[0]
    tab.goto(f"/workshops/{workshop.slug}/lessons/{lesson.id}")
    expect(tab.heading()).to_have_text(way["not_confirmed"])
