"""Issue 18, registering with questions and the waitlist's offers: an organiser adds a question
to the registration form; a participant answers it (a missing required answer is refused in
their language, then accepted), changes it later on their registration page and takes a place
in a session with places of its own; a person on the waitlist is offered a freed place and
accepts it before the deadline; the organiser's questions and message pages.

Run in Spanish on a phone, in English on a desktop, and in Spanish on a phone with JavaScript
off; every page is checked by the Tab (weight, console, width at 360 px, axe-core, keyboard).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from learning.events.services import places, questions, registrations
from learning.platform.extensions import db
from tests.browser.support import Tab
from tests.browser.test_event_journey import arrange
from tests.conftest import TEST_PASSWORD

WORDS = {
    "es": {
        "register": "Inscribirse en este evento",
        "confirm": "Confirmar mi inscripción",
        "outlet": "¿Qué medio representa?",
        "track": "Taller preferido",
        "radio": "Radio",
        "safety": "Seguridad",
        "required": "Responda la pregunta «¿Qué medio representa?».",
        "registered": "Está inscrito/a. Le hemos enviado un correo con su entrada.",
        "mine": "Su inscripción y su entrada",
        "save": "Guardar sus respuestas",
        "saved": "Sus respuestas se han guardado.",
        "offer": "Hay un lugar libre para usted",
        "accept": "Aceptar el lugar",
        "accepted": "El lugar es suyo: está inscrito. Le enviamos su entrada por correo.",
        "take": "Reservar un lugar",
        "taken": "Tiene un lugar en la sesión.",
    },
    "en": {
        "register": "Register for this event",
        "confirm": "Confirm my registration",
        "outlet": "Which outlet do you represent?",
        "track": "Preferred workshop",
        "radio": "Radio",
        "safety": "Safety",
        "required": "Answer the question “Which outlet do you represent?”.",
        "registered": "You are registered. We have sent you an e-mail with your ticket.",
        "mine": "Your registration and ticket",
        "save": "Save your answers",
        "saved": "Your answers have been saved.",
        "offer": "A place is free for you",
        "accept": "Accept the place",
        "accepted": "The place is yours: you are registered. We have e-mailed you your ticket.",
        "take": "Take a place",
        "taken": "You have a place in the session.",
    },
}
PAIRS = [("es", "phone", True), ("en", "desktop", True), ("es", "phone", False)]


@pytest.fixture(
    params=PAIRS,
    ids=[f"{lang}-{viewport}{'' if js else '-no-js'}" for lang, viewport, js in PAIRS],
)
def tab(request: pytest.FixtureRequest, new_tab: Callable[..., Tab]) -> Tab:
    lang, viewport, javascript = request.param
    return new_tab(lang, viewport, javascript=javascript)


def _with_questions(organiser: Any) -> Any:
    event = arrange(organiser)
    questions.save_question(
        event,
        None,
        questions.QuestionData(
            kind="text",
            required=True,
            max_length=80,
            labels={"es": WORDS["es"]["outlet"], "en": WORDS["en"]["outlet"]},
        ),
    )
    questions.save_question(
        event,
        None,
        questions.QuestionData(
            kind="choice",
            labels={"es": WORDS["es"]["track"], "en": WORDS["en"]["track"]},
            options={"es": "Datos\nRadio\nSeguridad", "en": "Data\nRadio\nSafety"},
        ),
    )
    event.sessions[1].capacity = 5  # a session with places of its own
    db.session.commit()
    return event


def test_participant_answers_the_questions_and_changes_them(
    tab: Tab, make_user: Callable[..., Any]
):
    words = WORDS[tab.lang]
    event = _with_questions(make_user(roles=["trainer"], name="Olga Organizadora"))
    person = make_user("paula@example.org", name="Paula Participante", language=tab.lang)
    page = tab.page
    tab.goto("/")
    tab.sign_in("paula@example.org", TEST_PASSWORD, name="Paula Participante")
    tab.goto(f"/events/{event.id}")
    tab.click(page.get_by_role("link", name=words["register"], exact=True))
    # The browser would stop an empty required field; the server must too, in words.
    page.get_by_label(words["outlet"], exact=True).evaluate("el => el.removeAttribute('required')")
    page.get_by_label(words["radio"], exact=True).check()
    tab.click(page.get_by_role("button", name=words["confirm"], exact=True))
    expect(page.locator(".error-summary")).to_have_text(words["required"])
    assert registrations.find(event.id, person.id) is None
    expect(page.get_by_label(words["radio"], exact=True)).to_be_checked()
    page.get_by_label(words["outlet"], exact=True).fill("Radio Sur")
    tab.click(page.get_by_role("button", name=words["confirm"], exact=True))
    expect(tab.status_message()).to_have_text(words["registered"])
    mine = registrations.find(event.id, person.id)
    assert set(questions.answers_of(mine.id).values()) == {"Radio Sur", "1"}

    tab.click(page.get_by_role("link", name=words["mine"], exact=True))
    expect(page.get_by_label(words["outlet"], exact=True)).to_have_value("Radio Sur")
    page.get_by_label(words["safety"], exact=True).check()
    tab.click(page.get_by_role("button", name=words["save"], exact=True))
    expect(tab.status_message()).to_have_text(words["saved"])
    db.session.expire_all()
    assert set(questions.answers_of(mine.id).values()) == {"Radio Sur", "2"}

    # The session with places of its own: take one.
    tab.click(page.get_by_role("button", name=words["take"], exact=True))
    expect(tab.status_message()).to_have_text(words["taken"])
    assert [p.session.capacity for p in places.limited_sessions(event.id, person.id)] == [5]
    assert places.limited_sessions(event.id, person.id)[0].mine == "held"


def test_a_person_on_the_waitlist_accepts_the_place_offered(
    tab: Tab, make_user: Callable[..., Any]
):
    words = WORDS[tab.lang]
    event = arrange(make_user(roles=["trainer"], name="Olga Organizadora"))
    event.capacity = 1
    first = make_user(name="Primera Persona")
    waiting = make_user("paula@example.org", name="Paula Participante", language=tab.lang)
    registrations.register(first, event, registrations.Answers())
    registrations.register(waiting, event, registrations.Answers())
    registrations.withdraw(registrations.find(event.id, first.id))
    db.session.commit()
    page = tab.page
    tab.goto("/")
    tab.sign_in("paula@example.org", TEST_PASSWORD, name="Paula Participante")
    tab.goto(f"/events/{event.id}")
    offer = page.locator("a.button").filter(has_text=words["offer"])
    expect(offer).to_have_count(1)
    tab.click(offer)
    tab.click(page.get_by_role("button", name=words["accept"], exact=True))
    expect(tab.status_message()).to_have_text(words["accepted"])
    assert registrations.find(event.id, waiting.id).state == "registered"


def test_organiser_question_pages_fit_a_phone(
    new_tab: Callable[..., Tab], make_user: Callable[..., Any]
):
    organiser = make_user(
        "olga@example.org", roles=["trainer"], name="Olga Organizadora", language="es"
    )
    event = _with_questions(organiser)
    [first, _] = questions.questions_of(event.id)
    tab = new_tab("es", "phone")
    page = tab.page
    tab.goto("/")
    tab.sign_in("olga@example.org", TEST_PASSWORD, name="Olga Organizadora")
    tab.goto(f"/events/{event.id}")
    tab.click(page.get_by_role("link", name="Preguntas de inscripción", exact=True))
    expect(tab.heading()).to_have_text("Preguntas de inscripción")
    page.get_by_label("Tipo de pregunta", exact=True).select_option("yesno")
    page.get_by_label("Pregunta (español)", exact=True).fill("¿Necesita hotel?")
    tab.click(page.get_by_role("button", name="Guardar la pregunta", exact=True))
    expect(tab.status_message()).to_have_text("La pregunta se ha guardado.")
    assert [q.kind for q in questions.questions_of(event.id)] == ["text", "choice", "yesno"]
    tab.goto(f"/events/{event.id}/questions/{first.id}")
    expect(tab.heading()).to_have_text("Cambiar la pregunta")
    tab.goto(f"/events/{event.id}/registrations")
    expect(tab.heading()).to_be_visible()
    tab.click(page.get_by_role("link", name="Escribir a las personas del evento", exact=True))
    expect(tab.heading()).to_have_text("Escribir a las personas del evento")
