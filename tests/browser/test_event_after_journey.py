"""Issue 18, after the event: an organiser on a phone checks a person in to one session of a
past forum, deposits its slides into the research exchange (the draft output's page says which
event it comes from), sets the rule for certificates of attendance and issues them; the person
finds the certificate on the event's page and on My learning, downloads the PDF, types its code
on the "verify a certificate" page, and answers the satisfaction survey.

Spanish on a phone with JavaScript off (everything works on plain HTML), and English on a
desktop. Each page is checked by the Tab (weight, console, width at 360 px, axe-core,
keyboard)."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from learning.events.models import (
    EventCertificate,
    EventMaterial,
    EventRegistration,
    EventSessionAttendance,
    EventSurveyResponse,
)
from learning.events.services import agenda
from learning.events.services import events as event_services
from learning.events.services.tickets import ticket_code
from learning.platform.extensions import db
from learning.research.models import ResearchOutput
from learning.storage import services as storage
from learning.workshops.services.common import Texts
from tests.browser.support import Tab
from tests.conftest import TEST_PASSWORD

ZONE = "America/Mexico_City"
WORDS = {
    "es": {
        "title": "Foro de integridad electoral",
        "door": "Registro de entrada",
        "session_label": "Sesión",
        "choose_session": "Registrar entradas a esta sesión",
        "code": "Código de la entrada",
        "check_in": "Registrar la entrada",
        "checked": "Entrada registrada: Paula Participante.",
        "certificates": "Certificados de asistencia",
        "minimum": "Como mínimo",
        "sessions": "Sesiones a las que asistió",
        "save_rule": "Guardar la regla",
        "saved": "Se guardó la regla de los certificados de asistencia.",
        "issue_all": "Emitir a todas las personas que cumplen la regla",
        "issued": "1 certificado emitido.",
        "have": "Tiene un certificado de asistencia para este evento.",
        "download": "Descargar su certificado (PDF)",
        "verify_link": "Verificar un certificado",
        "code_label": "Código del certificado",
        "verify": "Verificar",
        "verified": "Verificación de certificado",
        "valid": "Válido",
        "survey": "Cuéntenos cómo le fue en el evento (un minuto)",
        "rating": "4 – Bueno",
        "send": "Enviar",
        "thanks": "Gracias por su respuesta.",
        "deposit": "Depositar en el intercambio de investigación: Diapositivas del panel",
        "from_event": "Del evento: Foro de integridad electoral",
        "my_learning": "Certificados de asistencia",
    },
    "en": {
        "title": "Electoral integrity forum",
        "door": "Check-in",
        "session_label": "Session",
        "choose_session": "Check in to this session",
        "code": "Ticket code",
        "check_in": "Check in",
        "checked": "Checked in: Paula Participante.",
        "certificates": "Certificates of attendance",
        "minimum": "At least",
        "sessions": "Sessions attended",
        "save_rule": "Save the rule",
        "saved": "The rule for certificates of attendance is saved.",
        "issue_all": "Issue to everyone who qualifies",
        "issued": "1 certificate issued.",
        "have": "You have a certificate of attendance for this event.",
        "download": "Download your certificate (PDF)",
        "verify_link": "Verify a certificate",
        "code_label": "Certificate code",
        "verify": "Verify",
        "verified": "Certificate verification",
        "valid": "Valid",
        "survey": "Tell us how the event went (one minute)",
        "rating": "4 – Good",
        "send": "Send",
        "thanks": "Thank you for your answer.",
        "deposit": "Deposit into the research exchange: Diapositivas del panel",
        "from_event": "From the event: Electoral integrity forum",
        "my_learning": "Certificates of attendance",
    },
}
PAIRS = [("es", "phone", False), ("en", "desktop", True)]


def _wall(days: int, hour: int) -> datetime:
    today = datetime.now(ZoneInfo(ZONE)).replace(tzinfo=None)
    return today.replace(hour=hour, minute=0, second=0, microsecond=0) + timedelta(days=days)


def arrange(organiser: Any, person: Any) -> tuple[Any, Any, str]:
    """A forum that ended two days ago, with two sessions; ``person`` had a place."""
    event, _ = event_services.save_event(
        None,
        event_services.EventData(
            texts={
                "es": Texts(title=WORDS["es"]["title"], summary="Un día de paneles."),
                "en": Texts(title=WORDS["en"]["title"], summary="A day of panels."),
            },
            kind="forum",
            format="in-person",
            themes=["democracy"],
            countries=["GT"],
            timezone=ZONE,
            starts_at=_wall(-3, 9),
            ends_at=_wall(-3, 18),
            venue="Centro Cultural",
        ),  # fmt: skip
        author=organiser,
    )
    sessions = []
    for hour, es, en in ((9, "Apertura", "Opening"), (11, "Desinformación", "Disinformation")):
        sessions.append(
            agenda.save_session(
                event,
                None,
                agenda.SessionData(
                    texts={"es": Texts(title=es), "en": Texts(title=en)},
                    starts_at=_wall(-3, hour),
                    ends_at=_wall(-3, hour + 1),
                ),
            )
        )
    event_services.publish(event)
    db.session.commit()  # an upload writes its row in a transaction of its own
    # The slides of the second session, as a file (the materials page's upload is tested apart).
    slides = storage.store_upload(
        io.BytesIO(b"%PDF-1.7\n" + b"x" * 2000 + b"\n%%EOF\n"),
        "panel.pdf",
        kind="event-material",
        uploader_id=organiser.id,
    )
    db.session.add(
        EventMaterial(
            event_id=event.id, session_id=sessions[1].id, kind="slides",
            title="Diapositivas del panel", file_id=slides.id, created_by_id=organiser.id,
        )
    )  # fmt: skip
    registration = EventRegistration(event_id=event.id, user_id=person.id, state="registered")
    db.session.add(registration)
    db.session.commit()
    return event, sessions[1], ticket_code(registration.id, event.id)


@pytest.mark.parametrize(
    ("lang", "viewport", "javascript"),
    PAIRS,
    ids=[f"{lang}-{viewport}{'' if js else '-no-js'}" for lang, viewport, js in PAIRS],
)
def test_session_check_in_certificate_verification_and_survey(
    new_tab: Callable[..., Tab],
    make_user: Callable[..., Any],
    lang: str,
    viewport: str,
    javascript: bool,
):
    words = WORDS[lang]
    olga = make_user("olga@example.org", roles=["trainer"], name="Olga Organizadora", language=lang)
    person = make_user("paula@example.org", name="Paula Participante", language=lang)
    event, panel, code = arrange(olga, person)

    # The organiser, at the door of the second session.
    door = new_tab(lang, viewport, javascript=javascript)
    page = door.page
    door.goto("/")
    door.sign_in("olga@example.org", TEST_PASSWORD, name="Olga Organizadora")
    door.goto(f"/events/{event.id}")
    door.click(page.get_by_role("link", name=words["door"], exact=True))
    page.get_by_label(words["session_label"], exact=True).select_option(str(panel.id))
    door.click(page.get_by_role("button", name=words["choose_session"], exact=True))
    page.get_by_label(words["code"], exact=True).fill(code)
    door.click(page.get_by_role("button", name=words["check_in"], exact=True))
    expect(door.status_message()).to_have_text(words["checked"])
    db.session.expire_all()
    [present] = db.session.scalars(select(EventSessionAttendance)).all()
    assert (present.session_id, present.user_id) == (panel.id, person.id)

    # The materials page (weighed and checked like every page): the slides go into the
    # research exchange as a draft that names the event.
    door.goto(f"/events/{event.id}/materials")
    expect(door.heading()).to_be_visible()
    door.click(page.get_by_role("button", name=words["deposit"], exact=True))
    expect(page.get_by_text(words["from_event"], exact=True)).to_be_visible()
    assert db.session.scalar(select(ResearchOutput.state)) == "draft"

    # The rule (one session) and the certificates.
    door.goto(f"/events/{event.id}")
    door.click(page.get_by_role("link", name=words["certificates"], exact=True))
    page.get_by_label(words["sessions"], exact=True).check()
    page.get_by_label(words["minimum"], exact=True).fill("1")
    door.click(page.get_by_role("button", name=words["save_rule"], exact=True))
    expect(door.status_message()).to_have_text(words["saved"])
    door.click(page.get_by_role("button", name=words["issue_all"], exact=True))
    expect(door.status_message()).to_have_text(words["issued"])
    db.session.expire_all()
    [certificate] = db.session.scalars(select(EventCertificate)).all()

    # The person: the certificate on the event's page, its PDF, and its code verified.
    tab = new_tab(lang, viewport, javascript=javascript)
    page = tab.page
    tab.goto("/")
    tab.sign_in("paula@example.org", TEST_PASSWORD, name="Paula Participante")
    tab.goto(f"/events/{event.id}")
    expect(page.get_by_text(words["have"], exact=True)).to_be_visible()
    link = page.get_by_role("link", name=words["download"], exact=True)
    pdf = page.request.get(tab.base_url + link.get_attribute("href"))
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    tab.click(page.get_by_role("link", name=words["verify_link"], exact=True))
    page.get_by_label(words["code_label"], exact=True).fill(certificate.code)
    tab.click(page.get_by_role("button", name=words["verify"], exact=True))
    expect(tab.heading()).to_have_text(words["verified"])
    expect(page.get_by_role("status")).to_contain_text(words["valid"])

    # The certificate is on My learning too.
    tab.goto("/my-learning")
    expect(page.get_by_role("heading", name=words["my_learning"], exact=True)).to_be_visible()
    expect(page.get_by_role("link", name=words["title"], exact=True)).to_be_visible()

    # The satisfaction survey.
    tab.goto(f"/events/{event.id}")
    tab.click(page.get_by_role("link", name=words["survey"], exact=True))
    page.get_by_label(words["rating"], exact=True).check()
    tab.click(page.get_by_role("button", name=words["send"], exact=True))
    expect(tab.status_message()).to_have_text(words["thanks"])
    db.session.expire_all()
    [answer] = db.session.scalars(select(EventSurveyResponse)).all()
    assert (answer.user_id, answer.rating) == (person.id, 4)
