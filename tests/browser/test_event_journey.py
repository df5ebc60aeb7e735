"""Issue 18, a participant and an event: find it on the list of events, register with a
consent, star a session of the agenda, take the personal agenda as an .ics file and open the
ticket with its QR code; an organiser checks people in at the door on a phone (ticket code,
name, walk-in).

Run in Spanish on a phone, in English on a desktop, and in Spanish on a phone with JavaScript
off: everything works on plain HTML. The event is arranged through the services; everything
the participant does goes through the real pages and forms, each checked by the Tab (weight,
console, width at 360 px, axe-core, keyboard).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from learning.events.models import EventAttendance
from learning.events.services import agenda, registrations
from learning.events.services import events as event_services
from learning.events.services.tickets import ticket_code
from learning.platform.extensions import db
from learning.workshops.services.common import Texts
from tests.browser.support import Tab
from tests.conftest import TEST_PASSWORD

ZONE = "America/Mexico_City"
# The strings this journey looks for, written out (a missing translation fails here).
WORDS = {
    "es": {
        "events": "Eventos",
        "title": "Foro de la Alianza Digital",
        "register": "Inscribirse en este evento",
        "confirm": "Confirmar mi inscripción",
        "consent": "Mi nombre puede aparecer en la lista de participantes",
        "registered": "Está inscrito/a. Le hemos enviado un correo con su entrada.",
        "star": "☆ Añadir a su agenda",
        "starred": "La sesión está en su agenda.",
        "unstar": "★ En su agenda: quitar",
        "my_ics": "Su agenda en su calendario (.ics)",
        "session": "Datos abiertos",
        "ticket": "Su entrada con su código QR",
        "ticket_title": "Su entrada",
    },
    "en": {
        "events": "Events",
        "title": "Digital Alliance forum",
        "register": "Register for this event",
        "confirm": "Confirm my registration",
        "consent": "My name may appear in the list of participants",
        "registered": "You are registered. We have sent you an e-mail with your ticket.",
        "star": "☆ Add to your agenda",
        "starred": "The session is on your agenda.",
        "unstar": "★ On your agenda: remove",
        "my_ics": "Your agenda in your calendar (.ics)",
        "session": "Open data",
        "ticket": "Your ticket with its QR code",
        "ticket_title": "Your ticket",
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


def _wall(days: int, hour: int) -> datetime:
    today = datetime.now(ZoneInfo(ZONE)).replace(tzinfo=None)
    return today.replace(hour=hour, minute=0, second=0, microsecond=0) + timedelta(days=days)


def arrange(organiser: Any) -> Any:
    """A published hybrid forum with two sessions of its agenda, ten places."""
    event, _ = event_services.save_event(
        None,
        event_services.EventData(
            texts={
                "es": Texts(title=WORDS["es"]["title"], summary="Dos días de debate."),
                "en": Texts(title=WORDS["en"]["title"], summary="Two days of debate."),
            },
            kind="forum",
            format="hybrid",
            themes=["digital"],
            countries=["MX"],
            timezone=ZONE,
            starts_at=_wall(20, 9),
            ends_at=_wall(21, 18),
            venue="Museo Universitario",
            online_url="https://meet.example.org/x",
            capacity=10,
        ),  # fmt: skip
        author=organiser,
    )
    for hour, es, en in ((9, "Apertura", "Opening"), (11, "Datos abiertos", "Open data")):
        agenda.save_session(
            event,
            None,
            agenda.SessionData(
                texts={"es": Texts(title=es), "en": Texts(title=en)},
                starts_at=_wall(20, hour),
                ends_at=_wall(20, hour + 1),
                speakers="Rosa Investigadora — Centro de Estudios",
            ),
        )
    event_services.publish(event)
    db.session.commit()
    return event


def test_participant_registers_and_stars_a_session(tab: Tab, make_user: Callable[..., Any]):
    words = WORDS[tab.lang]
    event = arrange(make_user(roles=["trainer"], name="Olga Organizadora"))
    person = make_user("paula@example.org", name="Paula Participante", language=tab.lang)
    page = tab.page
    tab.goto("/")
    tab.sign_in("paula@example.org", TEST_PASSWORD, name="Paula Participante")

    tab.click(tab.main_nav().get_by_role("link", name=words["events"], exact=True))
    expect(tab.heading()).to_have_text(words["events"])
    card = page.locator(".card").filter(has_text=words["title"])
    tab.click(card.get_by_role("link", name=words["title"], exact=True))
    expect(tab.heading()).to_have_text(words["title"])

    tab.click(page.get_by_role("link", name=words["register"], exact=True))
    page.get_by_label(words["consent"], exact=True).check()
    tab.click(page.get_by_role("button", name=words["confirm"], exact=True))
    expect(tab.status_message()).to_have_text(words["registered"])
    mine = registrations.find(event.id, person.id)
    assert mine.state == "registered" and mine.consent_list

    session = page.locator(".card").filter(has_text=words["session"])
    tab.click(session.get_by_role("button", name=words["star"], exact=True))
    expect(tab.status_message()).to_have_text(words["starred"])
    session = page.locator(".card").filter(has_text=words["session"])
    expect(session.get_by_role("button", name=words["unstar"], exact=True)).to_be_visible()

    link = page.get_by_role("link", name=words["my_ics"], exact=True)
    response = page.request.get(tab.base_url + link.get_attribute("href"))
    assert response.status == 200
    entries = Calendar.from_ical(response.body()).walk("VEVENT")
    assert [str(e["SUMMARY"]).split(" · ")[0] for e in entries] == [words["session"]]

    tab.click(page.get_by_role("link", name=words["ticket"], exact=True))
    expect(tab.heading()).to_have_text(words["ticket_title"])
    expect(page.locator("code.ticket")).to_have_text(ticket_code(mine.id, event.id))
    image = page.locator("img.ticket-qr")
    expect(image).to_be_visible()
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")


def test_organiser_pages_fit_a_phone_and_pass_the_checks(
    new_tab: Callable[..., Tab], make_user: Callable[..., Any]
):
    """The organiser's pages (event and session forms, registrations, check-in,
    cancel), in Spanish on a phone: each is weighed, checked with axe-core and swept with the
    keyboard."""
    organiser = make_user(
        "olga@example.org", roles=["trainer"], name="Olga Organizadora", language="es"
    )
    event = arrange(organiser)
    person = make_user(name="Paula Participante")
    registrations.register(
        person, event, registrations.Answers(consent_list=True, accessibility="Rampa")
    )
    db.session.commit()
    tab = new_tab("es", "phone")
    tab.goto("/")
    tab.sign_in("olga@example.org", TEST_PASSWORD, name="Olga Organizadora")
    for path in (
        "/events/mine",
        "/events/new",
        f"/events/{event.id}/edit",
        f"/events/{event.id}/sessions/new",
        f"/events/{event.id}/sessions/{event.sessions[0].id}/edit",
        f"/events/{event.id}/registrations",
        f"/events/{event.id}/check-in?q=paula",
        f"/events/{event.id}/cancel",
        f"/events/{event.id}",
    ):
        tab.goto(path)
        expect(tab.heading()).to_be_visible()
    expect(tab.page.get_by_role("link", name="Inscripciones", exact=True)).to_be_visible()


def test_organiser_checks_people_in_at_the_door_on_a_phone(
    new_tab: Callable[..., Tab], make_user: Callable[..., Any]
):
    """Spanish, a phone, no JavaScript needed: a ticket code pasted, the same code again
    (refused with the time of the first), a person found by name, and a walk-in."""
    organiser = make_user(
        "olga@example.org", roles=["trainer"], name="Olga Organizadora", language="es"
    )
    event = arrange(organiser)
    lucia, marco = make_user(name="Lucía Torres"), make_user(name="Marco Díaz")
    for person in (lucia, marco):
        registrations.register(person, event, registrations.Answers())
    db.session.commit()
    code = ticket_code(registrations.find(event.id, lucia.id).id, event.id)
    tab = new_tab("es", "phone", javascript=False)
    page = tab.page
    tab.goto("/")
    tab.sign_in("olga@example.org", TEST_PASSWORD, name="Olga Organizadora")
    tab.goto(f"/events/{event.id}")
    tab.click(page.get_by_role("link", name="Registro de entrada", exact=True))
    expect(tab.heading()).to_have_text("Registro de entrada")

    for _ in range(2):
        page.get_by_label("Código de la entrada", exact=True).fill(code)
        tab.click(page.get_by_role("button", name="Registrar la entrada", exact=True))
    expect(page.locator(".error-summary")).to_contain_text("La entrada ya se registró a las")
    expect(page.get_by_role("status")).to_contain_text("1 en persona, 0 en línea")

    search = page.locator("section").filter(
        has=page.get_by_role("heading", name="Buscar por nombre")
    )
    search.get_by_label("Nombre o correo electrónico", exact=True).fill("marco")
    tab.click(search.get_by_role("button", name="Buscar", exact=True))
    tab.click(page.get_by_role("button", name="Llegó: Marco Díaz", exact=True))
    expect(tab.status_message()).to_have_text("Entrada registrada: Marco Díaz.")
    expect(page.locator(".card").filter(has_text="Marco Díaz")).to_contain_text(
        "Entrada registrada a las"
    )

    page.get_by_label("Nombre", exact=True).fill("Pedro Sin Cuenta")
    page.get_by_label("Correo electrónico", exact=True).fill("pedro@example.org")
    tab.click(page.get_by_role("button", name="Añadir a la persona", exact=True))
    expect(tab.status_message()).to_have_text("Persona sin inscripción añadida: Pedro Sin Cuenta.")
    db.session.expire_all()
    rows = db.session.query(EventAttendance).filter_by(event_id=event.id).all()
    assert sorted(r.user_id or 0 for r in rows) == sorted([lucia.id, marco.id, 0])


# A camera and a QR reader for the page: BarcodeDetector "sees" the code, getUserMedia gives a
# canvas stream (headless browsers have neither).
FAKE_CAMERA = """
window.BarcodeDetector = class {
  constructor(options) { this.options = options; }
  detect(source) { return Promise.resolve([{ rawValue: %s }]); }
};
if (!navigator.mediaDevices) {
  Object.defineProperty(navigator, "mediaDevices", { value: {} });
}
navigator.mediaDevices.getUserMedia = function () {
  var canvas = document.createElement("canvas");
  canvas.width = 16; canvas.height = 16;
  canvas.getContext("2d").fillRect(0, 0, 16, 16);
  return Promise.resolve(canvas.captureStream());
};
"""


def test_camera_scan_fills_the_code_and_checks_the_person_in(
    new_tab: Callable[..., Tab], make_user: Callable[..., Any]
):
    organiser = make_user("olga@example.org", roles=["trainer"], name="Olga Organizadora")
    event = arrange(organiser)
    lucia = make_user(name="Lucía Torres")
    registrations.register(lucia, event, registrations.Answers())
    db.session.commit()
    code = ticket_code(registrations.find(event.id, lucia.id).id, event.id)
    tab = new_tab("en", "phone")
    tab.page.add_init_script(FAKE_CAMERA % json.dumps(code))
    tab.goto("/")
    tab.sign_in("olga@example.org", TEST_PASSWORD, name="Olga Organizadora")
    tab.goto(f"/events/{event.id}/check-in")
    scan = tab.page.get_by_role("button", name="Scan the QR code with the camera", exact=True)
    tab.click(scan)
    expect(tab.status_message()).to_have_text("Checked in: Lucía Torres.")
    db.session.expire_all()
    [row] = db.session.query(EventAttendance).filter_by(event_id=event.id).all()
    assert row.user_id == lucia.id
