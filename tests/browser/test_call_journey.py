"""Issue 19, an applicant and a call: find it on the list of calls, read who may apply and
the reason for each rule, start an application, answer its four steps (each saved as they
go), upload the supporting document, answer the call's own questions, see the checklist empty
and submit; then staff read the
applications and move the call along, on a phone.

Run in Spanish on a phone, in English on a desktop, and in Spanish on a phone with JavaScript
off: everything works on plain HTML. The call is arranged through the services; everything
the applicant does goes through the real pages and forms, each checked by the Tab (weight,
console, width at 360 px, axe-core, keyboard).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from learning.calls.models import Call, CallAnswer, CallApplication, CallPlacement, CallReview
from learning.calls.services import applications, questions, referees, review, selection
from learning.calls.services import calls as call_services
from learning.platform.extensions import db
from learning.storage import services as storage
from learning.workshops.services.common import Texts
from tests.browser.support import Tab
from tests.conftest import TEST_PASSWORD

ZONE = "America/Mexico_City"
# The strings this journey looks for, written out (a missing translation fails here).
WORDS = {
    "es": {
        "calls": "Convocatorias",
        "title": "Beca de periodismo de datos",
        "reason": "Cumple: la convocatoria acepta Guatemala, México.",
        "start": "Empezar su solicitud",
        "about": "Sobre usted",
        "country": "País de residencia",
        "sector": "Sector",
        "stage": "Mitad de carrera (de 5 a 15 años)",
        "no_award": "No",
        "continue": "Guardar y continuar",
        "proposal": "Su propuesta",
        "project": "Título de su proyecto",
        "statement": "Exposición de motivos",
        "start_on": "Fecha de inicio preferida",
        "document": "Documento de respaldo",
        "upload": "Subir y continuar",
        "questions": "Las preguntas de la convocatoria",
        "format": "En línea",
        "travel": "¿Desde cuándo podría viajar? (opcional)",
        "nothing": "Nada: todas las respuestas están dadas.",
        "submit": "Enviar su solicitud",
        "submitted": "Su solicitud está enviada. Le enviamos un acuse de recibo por correo "
        "electrónico.",
    },
    "en": {
        "calls": "Calls",
        "title": "Data journalism fellowship",
        "reason": "Met: the call accepts Guatemala, Mexico.",
        "start": "Start your application",
        "about": "About you",
        "country": "Country of residence",
        "sector": "Sector",
        "stage": "Mid career (5 to 15 years)",
        "no_award": "No",
        "continue": "Save and continue",
        "proposal": "Your proposal",
        "project": "Title of your project",
        "statement": "Statement",
        "start_on": "Preferred start date",
        "document": "Supporting document",
        "upload": "Upload and continue",
        "questions": "The call's questions",
        "format": "Online",
        "travel": "From when could you travel? (optional)",
        "nothing": "Nothing: every answer is given.",
        "submit": "Submit your application",
        "submitted": "Your application is submitted. We have e-mailed you a receipt.",
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


def arrange(staff: Any, *, form: bool = False) -> Call:
    """An open fellowship for residents of Mexico and Guatemala, with a document required;
    with ``form``, questions of its own too."""
    call = call_services.save_call(
        None,
        call_services.CallData(
            texts={
                "es": Texts(
                    title=WORDS["es"]["title"],
                    summary="Tres meses en Europa.",
                    body="Un CV de dos páginas.",
                ),
                "en": Texts(
                    title=WORDS["en"]["title"],
                    summary="Three months in Europe.",
                    body="A two-page CV.",
                ),
            },
            kind="fellowship",
            timezone=ZONE,
            opens_at=_wall(-2, 9),
            closes_at=_wall(20, 17),
            places=3,
            statement_limit=1000,
            rules={"country": ["MX", "GT"], "document": [], "no_award": []},
        ),  # fmt: skip
        author=staff,
    )
    # The call's own form: a required choice and an optional date.
    for kind, labels, options in () if not form else (
        ("choice", ("Formato preferido", "Preferred format"),
         ("Presencial\nEn línea", "In person\nOnline")),
        ("date", ("¿Desde cuándo podría viajar?", "From when could you travel?"), ("", "")),
    ):  # fmt: skip
        questions.save_question(
            call,
            None,
            questions.CallQuestionData(
                kind=kind,
                required=kind == "choice",
                labels=dict(zip(("es", "en"), labels, strict=True)),
                options=dict(zip(("es", "en"), options, strict=True)),
            ),
        )
    call_services.open_call(call)
    db.session.commit()
    return call


def test_applicant_applies_step_by_step(tab: Tab, make_user: Callable[..., Any]):
    words = WORDS[tab.lang]
    call = arrange(make_user(roles=["admin"], name="Sofía Staff"), form=True)
    person = make_user(
        "ana@example.org", name="Ana Aplicante", language=tab.lang, country="GT", sector="media"
    )
    page = tab.page
    tab.goto("/")
    tab.sign_in("ana@example.org", TEST_PASSWORD, name="Ana Aplicante")
    tab.goto("/calls/")
    expect(tab.heading()).to_have_text(words["calls"])
    card = page.locator(".card").filter(has_text=words["title"])
    tab.click(card.get_by_role("link", name=words["title"], exact=True))
    expect(tab.heading()).to_have_text(words["title"])
    expect(page.locator("main")).to_contain_text(words["reason"])

    tab.click(page.get_by_role("button", name=words["start"], exact=True))
    expect(tab.heading()).to_have_text(words["about"])
    expect(page.get_by_label(words["country"], exact=True)).to_have_value("GT")
    page.get_by_label(words["stage"], exact=True).check()
    page.get_by_label(words["no_award"], exact=True).check()
    tab.click(page.get_by_role("button", name=words["continue"], exact=True))

    expect(tab.heading()).to_have_text(words["proposal"])
    page.get_by_label(words["project"], exact=True).fill("Datos de compras públicas")
    page.get_by_label(words["statement"], exact=True).fill("Investigaré los contratos.")
    page.get_by_label(words["start_on"], exact=True).fill(
        (date.today() + timedelta(days=90)).isoformat()
    )
    tab.click(page.get_by_role("button", name=words["continue"], exact=True))

    expect(tab.heading()).to_have_text(words["document"])
    page.get_by_label(words["document"], exact=True).set_input_files(
        {"name": "cv.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 cv"}
    )
    tab.click(page.get_by_role("button", name=words["upload"], exact=True))

    # The call's own questions, the last step: a choice and a date.
    expect(tab.heading()).to_have_text(words["questions"])
    page.get_by_label(words["format"], exact=True).check()
    travel = (date.today() + timedelta(days=100)).isoformat()
    page.get_by_label(words["travel"], exact=True).fill(travel)
    tab.click(page.get_by_role("button", name=words["continue"], exact=True))
    expect(page.locator("main")).to_contain_text(words["nothing"])

    tab.click(page.get_by_role("button", name=words["submit"], exact=True))
    expect(tab.status_message()).to_have_text(words["submitted"])
    db.session.expire_all()
    mine = db.session.scalar(
        select(CallApplication).where(
            CallApplication.user_id == person.id, CallApplication.call_id == call.id
        )
    )
    assert mine.state == "submitted" and mine.document is not None
    assert mine.project_title == "Datos de compras públicas" and mine.career_stage == "mid"
    given = sorted(a.value for a in db.session.scalars(select(CallAnswer)))
    assert given == sorted(["1", travel])


def test_staff_pages_fit_a_phone_and_pass_the_checks(
    new_tab: Callable[..., Tab], make_user: Callable[..., Any]
):
    """Staff's pages (the calls, the call form, a call's applications, one application and its
    page), in Spanish on a phone; the call moves on to its next stage from its page."""
    staff = make_user("sofia@example.org", roles=["admin"], name="Sofía Staff", language="es")
    call = arrange(staff, form=True)
    draft = applications.start(make_user(country="MX", sector="media"), call)
    db.session.commit()
    tab = new_tab("es", "phone")
    tab.goto("/")
    tab.sign_in("sofia@example.org", TEST_PASSWORD, name="Sofía Staff")
    for path in ("/calls/manage", "/calls/new", f"/calls/{call.id}/edit", f"/calls/{call.id}/form",
                 f"/calls/{call.id}/applications", f"/calls/{call.id}/applications/{draft.id}",
                 f"/calls/{call.id}/panel",
                 f"/calls/{call.id}"):  # fmt: skip
        tab.goto(path)
        expect(tab.heading()).to_be_visible()
    tab.click(tab.page.get_by_role("button", name="Pasar a: cerrada", exact=True))
    expect(tab.status_message()).to_have_text("La convocatoria ha pasado a su siguiente etapa.")
    db.session.expire_all()
    assert db.session.get(Call, call.id).status == "closed"


def test_reviewer_scores_then_sees_the_others(
    new_tab: Callable[..., Tab], make_user: Callable[..., Any]
):
    """A reviewer on a phone without JavaScript, in Spanish: their list, a blind application,
    the rubric scored with a confidence, then the other reviewer's scores."""
    staff = make_user(roles=["admin"], name="Sofía Staff")
    call = arrange(staff)
    call.blind = True
    review.add_criterion(
        call, {"es": Texts(title="Pertinencia"), "en": Texts(title="Relevance")}, 1
    )
    applicant = make_user(name="Ana Aplicante", country="MX", organisation="Diario del Sur")
    application = applications.start(applicant, call)
    applications.save_profile(application, applications.Profile("MX", "media", "early", "no"))
    applications.save_proposal(
        application,
        applications.Proposal(
            "Agua", "Propuesta sobre el agua.", date.today() + timedelta(days=60)
        ),
    )
    db.session.commit()  # the upload writes its row first, on its own
    cv = storage.store_upload(
        io.BytesIO(b"%PDF-1.4 cv"), "cv.pdf", kind="call-document", uploader_id=None
    )
    applications.set_document(application, cv)
    applications.submit(application)
    rita = make_user("rita@panel.example.net", name="Rita Revisora", language="es")
    other = make_user("omar@panel2.example.net", name="Omar Otro")
    for person in (rita, other):
        review.add_reviewer(call, person.email)
    first = review.assign(application, rita, by=staff)
    second = review.assign(application, other, by=staff)
    rubric = review.criteria(call)
    review.submit_review(second, rubric, review.Scoring({rubric[0].id: 2}, 3, "Débil."))
    db.session.commit()

    tab = new_tab("es", "phone", javascript=False)
    page = tab.page
    tab.goto("/")
    tab.sign_in("rita@panel.example.net", TEST_PASSWORD, name="Rita Revisora")
    tab.goto(f"/calls/{call.id}")
    tab.click(page.get_by_role("link", name="Sus evaluaciones", exact=True))
    expect(tab.heading()).to_have_text("Sus evaluaciones")
    tab.click(page.get_by_role("link", name=f"Solicitud {application.id}", exact=True))
    expect(page.locator("main")).to_contain_text("Propuesta sobre el agua.")
    expect(page.locator("main")).not_to_contain_text("Ana Aplicante")
    expect(page.locator("main")).not_to_contain_text("Débil.")
    page.get_by_label("4", exact=True).check()
    page.get_by_label("Alto", exact=True).check()
    page.get_by_label("Comentario para el panel", exact=True).fill("Buena propuesta.")
    tab.click(page.get_by_role("button", name="Enviar su evaluación", exact=True))
    expect(tab.status_message()).to_contain_text("Su evaluación está enviada.")
    expect(page.locator("#others")).to_contain_text("Omar Otro")
    expect(page.locator("#others")).to_contain_text("Débil.")
    db.session.expire_all()
    assert db.session.get(CallReview, first.id).state == "submitted"


def test_staff_decide_and_announce(new_tab: Callable[..., Tab], make_user: Callable[..., Any]):
    """Staff on a phone, in Spanish: the ranking, a decision with its reason, then the
    announcement that e-mails each applicant through the job queue."""
    staff = make_user("sofia@example.org", roles=["admin"], name="Sofía Staff", language="es")
    call = arrange(staff)
    applicant = make_user(name="Ana Aplicante", country="MX")
    application = applications.start(applicant, call)
    applications.save_profile(application, applications.Profile("MX", "media", "early", "no"))
    applications.save_proposal(
        application,
        applications.Proposal("Agua", "Propuesta.", date.today() + timedelta(days=60)),
    )
    db.session.commit()
    cv = storage.store_upload(
        io.BytesIO(b"%PDF-1.4 cv"), "cv.pdf", kind="call-document", uploader_id=None
    )
    applications.set_document(application, cv)
    applications.submit(application)
    call.status = "reviewing"
    db.session.commit()
    tab = new_tab("es", "phone")
    page = tab.page
    tab.goto("/")
    tab.sign_in("sofia@example.org", TEST_PASSWORD, name="Sofía Staff")
    tab.goto(f"/calls/{call.id}")
    tab.click(page.get_by_role("link", name="Clasificación y decisiones", exact=True))
    expect(tab.heading()).to_have_text("Clasificación y decisiones")
    page.get_by_label("seleccionada", exact=True).check()
    page.get_by_label("El motivo del panel", exact=True).fill("Propuesta sólida y viable.")
    tab.click(page.get_by_role("button", name="Registrar la decisión", exact=True))
    expect(tab.status_message()).to_have_text("La decisión está registrada.")
    tab.click(page.get_by_role("button", name="Anunciar las decisiones", exact=True))
    expect(tab.status_message()).to_contain_text("La convocatoria está resuelta.")
    db.session.expire_all()
    assert db.session.get(Call, call.id).status == "decided"
    assert db.session.get(CallApplication, application.id).decision == "selected"


def test_staff_place_a_fellow_and_a_referee_sends_a_letter(
    new_tab: Callable[..., Tab], make_user: Callable[..., Any]
):
    """Staff on a phone, in Spanish, record the placement of the selected person and a
    milestone; the fellow sees it; a referee, with no account, uploads a letter through the
    link the applicant's submission sent them (the pages pass the Tab's checks)."""
    staff = make_user("sofia@example.org", roles=["admin"], name="Sofía Staff", language="es")
    call = arrange(staff)
    call.referees = 1
    fellow = make_user("ana@example.org", name="Ana Aplicante", country="MX", language="es")
    application = applications.start(fellow, call)
    applications.save_profile(application, applications.Profile("MX", "media", "early", "no"))
    applications.save_proposal(
        application,
        applications.Proposal("Agua", "Propuesta.", date.today() + timedelta(days=60)),
    )
    db.session.commit()
    cv = storage.store_upload(
        io.BytesIO(b"%PDF-1.4 cv"), "cv.pdf", kind="call-document", uploader_id=None
    )
    applications.set_document(application, cv)
    referee = referees.add(application, "Rosa Referente", "rosa@uni.example.edu", "tutora", "es")
    applications.submit(application)
    referees.to_request(application)
    call.status = "reviewing"
    selection.decide(application, "selected", "Propuesta sólida.", by=staff)
    call.status = "decided"
    db.session.commit()
    link = f"/calls/referees/{referees.token(referee)}"

    visitor = new_tab("es", "phone")
    visitor.goto(link)
    expect(visitor.heading()).to_have_text("Carta de referencia")
    visitor.page.get_by_label("Su carta", exact=True).set_input_files(
        {"name": "carta.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 carta"}
    )
    visitor.click(visitor.page.get_by_role("button", name="Subir la carta", exact=True))
    expect(visitor.status_message()).to_contain_text("Gracias: recibimos su carta.")

    tab = new_tab("es", "phone")
    page = tab.page
    tab.goto("/")
    tab.sign_in("sofia@example.org", TEST_PASSWORD, name="Sofía Staff")
    tab.goto(f"/calls/{call.id}")
    tab.click(page.get_by_role("link", name="Estancias", exact=True))
    expect(tab.heading()).to_have_text("Estancias")
    page.get_by_label("Institución anfitriona", exact=True).fill("Instituto Europeo, Bruselas")
    page.get_by_label("Empieza el", exact=True).fill(
        (date.today() + timedelta(days=60)).isoformat()
    )
    page.get_by_label("Termina el", exact=True).fill(
        (date.today() + timedelta(days=150)).isoformat()
    )
    tab.click(page.get_by_role("button", name="Guardar la estancia", exact=True))
    expect(tab.status_message()).to_have_text("La estancia está registrada.")
    expect(tab.heading()).to_have_text("Estancia de Ana Aplicante")
    page.get_by_label("Hito", exact=True).fill("Plan de trabajo")
    page.get_by_label("Fecha límite", exact=True).fill(
        (date.today() + timedelta(days=70)).isoformat()
    )
    tab.click(page.get_by_role("button", name="Agregar el hito", exact=True))
    expect(tab.status_message()).to_have_text("El hito está agregado.")
    placement = db.session.scalar(select(CallPlacement))
    assert placement.milestones[0].title == "Plan de trabajo"

    mine = new_tab("es", "phone")
    mine.goto("/")
    mine.sign_in("ana@example.org", TEST_PASSWORD, name="Ana Aplicante")
    mine.goto(f"/calls/{call.id}/application")
    expect(mine.page.locator("main")).to_contain_text("carta recibida")
    mine.click(mine.page.get_by_role("link", name="Abrir su estancia", exact=True))
    expect(mine.heading()).to_have_text("Su estancia")
    expect(mine.page.locator("main")).to_contain_text("Plan de trabajo")
