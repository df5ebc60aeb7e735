"""Issue 22, the audit that closes it: the points no earlier browser test walked in Spanish and
English, on a phone and a desktop (the tab fixture's four variants), with every page weighed and
checked with axe-core by the Tab (support.py). The table of points and tests is in the team's
notes (prompts/way_audit.md).

Learners: the workshop page says "Continue" once a lesson is done and offers no "Enrol" for an
edition the person is in; quiz results give the right answer when the trainer allows it, with
the action buttons spaced. Trainers: the curriculum leads on to the quizzes, the attendance and
the report, and the edition form offers the programme's zones first. Certificates: the EU
emblem, the funding statement and the signature line, with the edition's name and dates as
its verification page gives them. Exports and the audit log in the reader's language.
Destructive buttons look the same on every page. The demo: six workshops across the four
themes with covers and lesson text, twelve research outputs with breadcrumbs, a video.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from babel.dates import format_date
from playwright.sync_api import expect
from pypdf import PdfReader
from sqlalchemy import select

from learning.completion.models import Certificate
from learning.completion.services.quizzes import QuestionData, add_question, save_settings
from learning.demo.commands import DEMO_PASSWORD
from learning.enrolment.services import editions as enrolment
from learning.language.timezones import REGION_TIMEZONES
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.platform.settings import programme
from learning.workshops.models import Edition, Enrolment, Lesson
from learning.workshops.services import lessons
from learning.workshops.services.lessons import LessonData
from tests.browser.support import PLAY_VIDEO, UI, Tab
from tests.browser.test_learner_way import WAY as LEARNER
from tests.browser.test_learner_way import arrange
from tests.conftest import TEST_PASSWORD
from tests.enrolment.conftest import live_lesson
from tests.workshops.conftest import make_workshop, texts

# The strings these walks look for, written out (a missing translation fails here).
WORDS = {
    "en": {
        "start_first": "Start the first lesson",
        "continue_box": "Continue where you left off",
        "right_answer": "Right answer",
        "completion_link": "Quizzes, attendance and completion report",
        "completion": "Completion",
        "report": "Completion report",
        "report_title": "Completion report: {name}",
        "attendance": "Attendance: {title}",
        "editions": "Editions and rosters",
        "plan": "Plan a new edition",
        "zone": "Time zone",
        "first_zone": "Mexico City (America/Mexico City)",
        "name": "Name",
        "first_day": "First day",
        "last_day": "Last day",
        "save_edition": "Save edition",
        "bad_zone": "Choose a time zone from the list.",
        "funded": "Funded by the European Union",
        "verify": "Verify a certificate",
        "code": "Certificate code",
        "verify_button": "Verify",
        "valid": "Valid",
        "no_certificate": "No valid certificate with this code. Check the code and try again.",
        "edition_line": "Edition {name}, from {start} to {end}",
        "download_csv": "Download as CSV",
        "csv": "CSV",
        "audit": "Audit log",
        "research": "Research",
        "breadcrumb": "Breadcrumb",
        "found_workshops": "workshops found",
        "found_outputs": "research outputs found",
        "report_header": [
            "Name",
            "E-mail",
            "Progress (%)",
            "Average quiz score (%)",
            "Attendance (%)",
            "Completed on",
            "Certificate code",
        ],
    },
    "es": {
        "start_first": "Empezar la primera lección",
        "continue_box": "Continúe donde lo dejó",
        "right_answer": "Respuesta correcta",
        "completion_link": "Cuestionarios, asistencia e informe de finalización",
        "completion": "Finalización",
        "report": "Informe de finalización",
        "report_title": "Informe de finalización: {name}",
        "attendance": "Asistencia: {title}",
        "editions": "Ediciones y participantes",
        "plan": "Planificar una nueva edición",
        "zone": "Zona horaria",
        "first_zone": "Ciudad de México (America/Mexico City)",
        "name": "Nombre",
        "first_day": "Primer día",
        "last_day": "Último día",
        "save_edition": "Guardar la edición",
        "bad_zone": "Elija una zona horaria de la lista.",
        "funded": "Financiado por la Unión Europea",
        "verify": "Verificar un certificado",
        "code": "Código del certificado",
        "verify_button": "Verificar",
        "valid": "Válido",
        "no_certificate": (
            "No hay ningún certificado válido con este código. Revise el código e inténtelo "
            "de nuevo."
        ),
        "edition_line": "Edición {name}, del {start} al {end}",
        "download_csv": "Descargar en CSV",
        "csv": "CSV",
        "audit": "Registro de auditoría",
        "research": "Investigación",
        "breadcrumb": "Ruta de navegación",
        "found_workshops": "talleres encontrados",
        "found_outputs": "publicaciones encontradas",
        "report_header": [
            "Nombre",
            "Correo electrónico",
            "Progreso (%)",
            "Calificación media en cuestionarios (%)",
            "Asistencia (%)",
            "Completado el",
            "Código del certificado",
        ],
    },
}

# Words of the interface that are internal keys, never meant for a reader.
INTERNAL = re.compile(
    r"\b(?:None|True|False|registered|completion_rate|[a-z]+_[a-z_]+|#None)\b|#None"
)

# Each button or button-looking link in the main part of the page: what it does (where it
# sends), what it says, and how it looks.
BUTTONS = """() => [...document.querySelectorAll(
    "main button, main a.button, main input[type=submit]")].map(el => {
  const form = el.closest("form");
  const target = el.tagName === "A" ? el.getAttribute("href")
    : (el.getAttribute("formaction") || (form && form.getAttribute("action")) || "");
  const style = getComputedStyle(el);
  return {target, text: (el.innerText || el.value || "").trim(), classes: el.className,
          background: style.backgroundColor, border: style.borderTopColor,
          color: style.color, visible: el.getClientRects().length > 0};
})"""

# What a destructive action's address looks like, whatever the language of its words.
DESTRUCTIVE = re.compile(r"/(?:delete|withdraw|revoke|remove|sign-out-everywhere)\b|delete$")

# The boxes of the links in a list of actions.
ACTION_BOXES = """(selector) => [...document.querySelectorAll(selector)].map(el => {
  const b = el.getBoundingClientRect();
  return {x: b.left, y: b.top, right: b.right, bottom: b.bottom, text: el.innerText.trim()};
})"""


def _sign_in(tab: Tab, email: str, name: str, password: str = TEST_PASSWORD) -> None:
    tab.goto("/account/sign-in")
    tab.sign_in(email, password, name=name)


def _sign_in_reading(tab: Tab, email: str, name: str, language: str, password: str) -> None:
    """Sign in on a page in the browser's language as someone whose saved language is
    ``language``: the pages after it are in that language, and the tab expects its words."""
    page = tab.page
    tab.goto("/account/sign-in")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    tab.click(page.locator("main form").first.locator("[type=submit]"))
    tab.lang, tab.text = language, UI[language]
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(tab.status_message()).to_have_text(tab.text["welcome"].format(name=name))


def _edition(workshop: Any, name: str, first: int, last: int) -> Any:
    """An edition of ``workshop`` from ``first`` to ``last`` days from today (services)."""
    today = utcnow().date()
    edition, _notices = enrolment.save_edition(
        workshop,
        None,
        enrolment.EditionData(
            name=name, starts_on=today + timedelta(days=first), ends_on=today + timedelta(days=last)
        ),
    )
    return edition


def _gap(a: dict[str, float], b: dict[str, float]) -> float:
    """The distance between two boxes (0 when they touch or overlap)."""
    horizontal = max(a["x"] - b["right"], b["x"] - a["right"], 0)
    vertical = max(a["y"] - b["bottom"], b["y"] - a["bottom"], 0)
    return max(horizontal, vertical)


# Learners --------------------------------------------------------------------------------


def test_the_workshop_page_continues_and_quiz_results_give_the_right_answer(
    tab: Tab, make_user: Callable[..., Any]
) -> None:
    way, words, page = LEARNER[tab.lang], WORDS[tab.lang], tab.page
    workshop = arrange(make_user(roles=["trainer"]))
    quiz = db.session.scalars(select(Lesson).where(Lesson.kind == "quiz")).one()
    save_settings(quiz, pass_mark=70, max_attempts=None, role=None, reveal="always")
    learner = make_user("paula@example.org", name="Paula Participante", language=tab.lang)
    edition = db.session.scalars(select(Edition)).one()
    db.session.add(Enrolment(edition=edition, user_id=learner.id, state="active"))
    db.session.commit()
    _sign_in(tab, "paula@example.org", "Paula Participante")

    # Enrolled: the workshop page offers no "Enrol" for that edition, and "Start".
    tab.goto(f"/workshops/{workshop.slug}")
    enrol = page.get_by_role("link", name=f"{way['enrol']} Cohorte en curso", exact=True)
    expect(enrol).to_have_count(0)
    expect(page.get_by_role("link", name=words["continue_box"], exact=True)).to_have_count(0)
    tab.click(page.get_by_role("link", name=words["start_first"], exact=True))
    tab.click(page.get_by_role("button", name=way["mark_complete"], exact=True))

    # One lesson done: the workshop page says "Continue", into the next lesson not done.
    tab.goto(f"/workshops/{workshop.slug}")
    expect(enrol).to_have_count(0)
    expect(page.get_by_role("link", name=words["start_first"], exact=True)).to_have_count(0)
    tab.click(page.get_by_role("link", name=words["continue_box"], exact=True))
    expect(tab.heading()).to_have_text(way["lesson_two"])

    # The outline beside the lesson on a wide screen, under it on a phone; never on top.
    outline = page.get_by_role("navigation", name=way["outline"], exact=True)
    lesson_box, outline_box = tab.heading().bounding_box(), outline.bounding_box()
    assert lesson_box and outline_box
    if tab.viewport == "desktop":
        assert outline_box["x"] >= lesson_box["x"] + lesson_box["width"], (lesson_box, outline_box)
        assert outline_box["y"] < lesson_box["y"] + 300  # level with the lesson, not far below
    else:
        assert outline_box["y"] >= lesson_box["y"] + lesson_box["height"]

    # A wrong answer: the trainer lets the right one show, beside the feedback written for it.
    tab.click(outline.get_by_role("link", name=way["quiz"], exact=True))
    page.get_by_label("Managua", exact=True).check()
    tab.click(page.get_by_role("button", name=way["submit_answers"], exact=True))
    feedback = page.locator(".quiz-feedback")
    answers = feedback.locator("dt")
    expect(answers).to_have_text([way["your_answer"], words["right_answer"], way["feedback"]])
    expect(feedback.locator("dd")).to_have_text(["Managua", "San José", way["explanation"]])

    # The buttons after the results: apart from each other, each big enough for a finger.
    boxes = page.evaluate(ACTION_BOXES, "main ul.actions a")
    assert len(boxes) >= 2, boxes  # (next lesson,) back to the quiz, back to the workshop
    for box in boxes:
        assert box["bottom"] - box["y"] >= 44, box
    for index, first in enumerate(boxes):
        for second in boxes[index + 1 :]:
            assert _gap(first, second) >= 6, (first, second, tab.where)


# Trainers --------------------------------------------------------------------------------


def _workshop_with_quiz_and_session(trainer: Any) -> tuple[Any, Any, Any, Any]:
    workshop = make_workshop(trainer, slug="datos", languages=("es", "en"))
    module = workshop.modules[0]
    quiz = lessons.save_lesson(
        module, None, LessonData(kind="quiz", texts=texts("Cuestionario", "Quiz"))
    )
    live = live_lesson(workshop)
    edition = _edition(workshop, "Cohorte 1", 7, 40)
    db.session.commit()
    return workshop, quiz, live, edition


def test_the_curriculum_leads_to_quizzes_attendance_and_the_report(
    tab: Tab, make_user: Callable[..., Any]
) -> None:
    words, page = WORDS[tab.lang], tab.page
    trainer = make_user(name="Tere Facilitadora", roles=["trainer"], language=tab.lang)
    _workshop, quiz, live, edition = _workshop_with_quiz_and_session(trainer)
    _sign_in(tab, trainer.email, "Tere Facilitadora")
    tab.goto("/workshops/datos/curriculum")
    curriculum = page.url
    main = page.get_by_role("main")

    tab.click(main.get_by_role("link", name=words["completion_link"], exact=True))
    expect(tab.heading()).to_have_text(words["completion"])
    overview = page.url
    quiz_title = quiz.text(tab.lang).title
    tab.click(main.get_by_role("link", name=quiz_title, exact=True))
    expect(tab.heading()).to_contain_text(quiz_title)
    tab.goto(overview)
    live_title = live.text(tab.lang).title
    attendance = words["attendance"].format(title=live_title)
    tab.click(main.get_by_role("link", name=attendance, exact=True))
    expect(tab.heading()).to_contain_text(live_title)
    tab.goto(overview)
    tab.click(main.get_by_role("link", name=words["report"], exact=True))
    expect(tab.heading()).to_have_text(words["report_title"].format(name=edition.name))

    # A new edition: the programme's zones first, named as people say them.
    tab.goto(curriculum)
    tab.click(main.get_by_role("link", name=words["editions"], exact=True))
    tab.click(page.get_by_role("link", name=words["plan"], exact=True))
    zone = page.get_by_label(words["zone"], exact=True)
    values = zone.locator("option").evaluate_all("options => options.map(o => o.value)")
    assert values[: len(REGION_TIMEZONES)] == list(REGION_TIMEZONES)
    assert len(values) > len(REGION_TIMEZONES) + 100  # and every other zone after them
    expect(zone.locator("option").first).to_have_text(words["first_zone"])
    expect(zone).to_have_value("America/Mexico_City")

    # A zone that is not in the list (a hand-edited form): said plainly, nothing saved.
    today = utcnow().date()
    page.get_by_label(words["name"], exact=True).fill("Cohorte 2")
    page.get_by_label(words["first_day"], exact=True).fill((today + timedelta(days=9)).isoformat())
    page.get_by_label(words["last_day"], exact=True).fill((today + timedelta(days=30)).isoformat())
    zone.evaluate("select => { select.options[0].value = 'Mars/Olympus_Mons'; }")
    tab.click(page.get_by_role("button", name=words["save_edition"], exact=True))
    expect(page.get_by_role("alert")).to_contain_text(words["bad_zone"])
    assert db.session.scalars(select(Edition).where(Edition.name == "Cohorte 2")).first() is None


# Certificates ----------------------------------------------------------------------------


def test_the_certificate_carries_the_emblem_funding_and_signature_and_agrees(
    tab: Tab, make_user: Callable[..., Any]
) -> None:
    words, page, text = WORDS[tab.lang], tab.page, tab.text
    trainer = make_user(roles=["trainer"], name="Tomás Facilitador")
    workshop = make_workshop(trainer, slug="datos", languages=("es", "en"))
    edition = _edition(workshop, "Cohorte Tegucigalpa", -2, 20)
    learner = make_user("paula@example.org", name="Paula Participante", language=tab.lang)
    db.session.add(Enrolment(edition=edition, user_id=learner.id, state="active"))
    db.session.commit()
    _sign_in(tab, "paula@example.org", "Paula Participante")

    tab.goto("/workshops/datos")
    tab.click(page.get_by_role("link", name=words["start_first"], exact=True))
    tab.click(tab.button("mark_complete"))
    tab.goto("/workshops/datos")
    language = {"es": "Español", "en": "English"}[tab.lang]
    link = page.get_by_role("link", name=text["certificate_pdf"].format(language=language))
    response = page.request.get(tab.base_url + (link.get_attribute("href") or ""))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    pdf = PdfReader(io.BytesIO(response.body()))
    [sheet] = pdf.pages
    printed = " ".join(sheet.extract_text().split())

    # The EU's visibility rules: the emblem (its blue and gold) beside the funding statement.
    content = sheet.get_contents().get_data().decode("latin-1")
    assert "0 .2 .6 rg" in content and "1 .8 0 rg" in content  # #003399 and #FFCC00
    assert words["funded"] in printed
    # The edition's name and dates, as the edition has them.
    start = format_date(edition.starts_on, "long", locale=tab.lang)
    end = format_date(edition.ends_on, "long", locale=tab.lang)
    line = words["edition_line"].format(name=edition.name, start=start, end=end)
    assert line in printed, printed
    # The programme's signature line: who signs, for the programme (its settings).
    settings = programme()
    role = settings.signatory_role(tab.lang)
    assert f"{role}, {settings.name}" in printed, printed

    # The code typed in, with the spaces of a copy and paste: valid, the same edition.
    footer = page.get_by_role("contentinfo")
    tab.click(footer.get_by_role("link", name=words["verify"]))
    for bad in ("<script>alert(1)</script>", "x" * 300, "../../etc/passwd"):
        page.get_by_label(words["code"], exact=True).fill(bad)
        tab.click(page.get_by_role("button", name=words["verify_button"], exact=True))
        expect(page.get_by_role("alert")).to_have_text(words["no_certificate"])
    certificate = db.session.scalars(select(Certificate)).one()
    assert certificate.code in printed
    page.get_by_label(words["code"], exact=True).fill(f"  {certificate.code} ")
    tab.click(page.get_by_role("button", name=words["verify_button"], exact=True))
    main = page.get_by_role("main")
    expect(main.get_by_role("status")).to_contain_text(words["valid"])
    expect(main).to_contain_text(edition.name)
    facts = main.locator("dl.facts")
    expect(facts).to_contain_text(role)
    for day in (edition.starts_on, edition.ends_on):  # the same days as on the certificate
        expect(facts).to_contain_text(format_date(day, "medium", locale=tab.lang))


# Exports and the audit log ---------------------------------------------------------------


def _csv(tab: Tab, href: str) -> list[list[str]]:
    response = tab.page.request.get(tab.base_url + href)
    assert response.status == 200, href
    assert response.headers["content-type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.body().decode("utf-8-sig"))))


def test_exports_and_the_audit_log_speak_the_readers_language(
    tab: Tab, make_user: Callable[..., Any]
) -> None:
    words, page = WORDS[tab.lang], tab.page
    staff = make_user(name="Alba Admin", roles=["trainer", "admin"], language=tab.lang)
    workshop, _quiz, _live, edition = _workshop_with_quiz_and_session(staff)
    for n in range(2):
        person = make_user(name=f"Participante {n}", sector="media")
        db.session.add(Enrolment(edition=edition, user_id=person.id, state="active"))
    db.session.commit()
    _sign_in(tab, staff.email, "Alba Admin")

    # The completion report's CSV: one language in the header, blank for a quiz never tried.
    tab.goto(f"/workshops/datos/editions/{edition.id}/report")
    href = page.get_by_role("link", name=words["download_csv"], exact=True).get_attribute("href")
    header, *rows = _csv(tab, href or "")
    lesson_titles = [lesson.text(tab.lang).title for lesson in workshop.modules[0].lessons]
    assert len(rows) == 2
    assert header == [*words["report_header"][:3], *lesson_titles, *words["report_header"][3:]]
    quiz_column = header.index(words["report_header"][3])
    assert all(row[quiz_column] == "" for row in rows), (header, rows)
    assert not [cell for row in rows for cell in row if INTERNAL.search(cell)], rows

    # The report's chart says what it measures, and no table repeats its numbers.
    chart = page.locator("main figure.chart-figure")
    expect(chart).to_have_count(1)
    expect(chart.locator("figcaption .chart-measures")).not_to_be_empty()
    expect(page.locator("main table")).to_have_count(1)
    expect(page.locator("main table.report-grid")).to_have_count(1)

    # The dashboard: each chart says what it measures; its CSV names the indicators in words.
    tab.goto("/dashboard/")
    for caption in page.locator("main figure.chart-figure figcaption").all():
        expect(caption.locator(".chart-measures")).not_to_be_empty()
    exports = page.locator("p.exports").first
    href = exports.get_by_role("link", name=words["csv"], exact=True).get_attribute("href")
    header, *rows = _csv(tab, href or "")
    assert not [cell for cell in [*header, *(r[0] for r in rows)] if INTERNAL.search(cell)]

    # The audit log names both downloads in words: no keys, no "None", no "False".
    tab.click(page.get_by_role("link", name=words["audit"], exact=True))
    expect(tab.heading()).to_have_text(words["audit"])
    log = page.locator("main table tbody")
    expect(log.locator("tr")).to_have_count(2)
    shown = log.inner_text()
    assert not INTERNAL.search(shown), shown
    for raw in ("headline", "completion", "dashboard", "edition", "export."):
        assert not re.search(rf"\b{re.escape(raw)}\b", shown), (raw, shown)


# Destructive buttons ---------------------------------------------------------------------


def test_destructive_buttons_look_destructive_on_every_page(
    tab: Tab, make_user: Callable[..., Any]
) -> None:
    page = tab.page
    trainer = make_user(name="Tere Facilitadora", roles=["trainer"], language=tab.lang)
    workshop, quiz, _live, edition = _workshop_with_quiz_and_session(trainer)
    add_question(
        quiz,
        QuestionData(
            kind="single",
            prompts={"es": "¿Capital de Honduras?", "en": "Capital of Honduras?"},
            choices=[({"es": "Tegucigalpa"}, True), ({"es": "León"}, False)],
        ),
    )
    other = make_workshop(make_user(roles=["trainer"]), slug="otro", languages=("es", "en"))
    mine = _edition(other, "Cohorte abierta", 3, 30)
    db.session.add(Enrolment(edition=mine, user_id=trainer.id, state="active"))
    db.session.commit()
    _sign_in(tab, trainer.email, "Tere Facilitadora")

    seen: list[dict[str, Any]] = []
    for path in (
        "/workshops/datos/curriculum",
        f"/workshops/datos/modules/{workshop.modules[0].id}/delete",
        f"/workshops/datos/lessons/{quiz.id}/quiz/edit",
        f"/editions/{mine.id}",
        f"/editions/{mine.id}/withdraw",
        f"/editions/{edition.id}/roster",
        "/account/profile",
        "/account/data",
        "/account/delete",
    ):
        tab.goto(path)
        seen += [dict(b, page=path) for b in page.evaluate(BUTTONS) if b["visible"]]

    destructive = [b for b in seen if DESTRUCTIVE.search(b["target"] or "")]
    assert len({b["page"] for b in destructive}) >= 7, destructive
    looks = {(b["background"], b["border"], b["color"]) for b in destructive}
    assert len(looks) == 1, "destructive buttons look different:\n" + "\n".join(
        f"{b['page']}: {b['text']!r} {b['classes']} {b['background']}" for b in destructive
    )
    [(red, _border, _color)] = looks
    # The red is kept for them: no other action looks destructive.
    others = [b for b in seen if not DESTRUCTIVE.search(b["target"] or "")]
    wrong = [b for b in others if b["background"] == red and "reject" not in b["target"]]
    assert not wrong, wrong
    # One style per kind: the main actions share one look, the secondary ones another.
    primary = {
        b["background"]
        for b in others
        if not re.search(r"button-(secondary|danger|link)", b["classes"])
        and "button" in b["classes"].split()
    }
    assert len(primary) == 1, primary


# The demo --------------------------------------------------------------------------------


def test_the_demo_is_worth_showing_a_funder(app: Any, tab: Tab) -> None:
    words, page = WORDS[tab.lang], tab.page
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output

    # At least six workshops, across the four themes, each card with its cover.
    tab.goto("/workshops/")
    found = page.locator("main p[role=status]").first
    expect(found).to_contain_text(words["found_workshops"])
    assert int(re.sub(r"\D", "", found.inner_text())) >= 6
    cards = page.locator("main .card")
    assert cards.count() >= 6
    assert page.locator("main .card img.card-cover").count() == cards.count()
    page.wait_for_load_state("networkidle")  # lazy covers scrolled in by the checks
    for theme in ("democracy", "digital", "climate", "growth"):
        tab.goto(f"/workshops/?theme={theme}")
        expect(page.locator("main .card").first).to_be_visible()
        page.wait_for_load_state("networkidle")

    # Real lesson text, and the short video playing from our own server.
    # The demo's participant reads in Spanish: in English, she switches with the header link.
    wanted = tab.lang
    _sign_in_reading(tab, "participant@demo.puente", "Pablo Participante", "es", DEMO_PASSWORD)
    if wanted != "es":
        tab.switch_language(wanted)
    video_lesson = next(
        lesson
        for lesson in db.session.scalars(select(Lesson).where(Lesson.kind == "video"))
        if lesson.materials
    )
    text_lesson = next(
        lesson
        for lesson in db.session.scalars(select(Lesson).where(Lesson.kind == "text"))
        if lesson.module.workshop_id == video_lesson.module.workshop_id
    )
    slug = video_lesson.module.workshop.slug
    tab.goto(f"/workshops/{slug}/lessons/{text_lesson.id}")
    body = page.locator("main .lesson-text, main article").first.inner_text()
    assert len(body.split()) >= 60, body
    tab.goto(f"/workshops/{slug}/lessons/{video_lesson.id}")
    played = page.evaluate(PLAY_VIDEO)
    assert played[0] > 0.3 and 4 <= played[1] <= 10 and played[2] > 0, played  # short

    # Twelve research outputs, each page with its breadcrumbs back to the library.
    tab.goto("/research/")
    found = page.locator("#results-title [role=status]")
    expect(found).to_contain_text(words["found_outputs"])
    assert int(re.sub(r"\D", "", found.inner_text())) >= 12
    first = page.locator("#results-title ~ * h3 a, section[aria-labelledby=results-title] h3 a")
    tab.click(first.first)
    crumbs = page.get_by_role("navigation", name=words["breadcrumb"], exact=True)
    expect(crumbs.get_by_role("link", name=words["research"], exact=True)).to_be_visible()


# Uploads ---------------------------------------------------------------------------------

UPLOAD = {
    "en": {
        "file": "File",
        "title": "Title",
        "button_hint": "Use the button to choose the file on your device.",
        "choose": "Choose a file",
        "none": "No file chosen",
        "upload": "Upload material",
        "sending": "Sending the form…",
        "uploaded": "The material Agenda has been uploaded.",
    },
    "es": {
        "file": "Archivo",
        "title": "Título",
        "button_hint": "Use el botón para elegir el archivo en su dispositivo.",
        "choose": "Elegir un archivo",
        "none": "Ningún archivo elegido",
        "upload": "Subir el material",
        "sending": "Enviando el formulario…",
        "uploaded": "El material Agenda se subió.",
    },
}
# A slow connection's upload (bytes a second), so the progress can be seen.
SLOW_UPLOAD = {
    "offline": False,
    "latency": 50,
    "downloadThroughput": -1,
    "uploadThroughput": 40_000,
}
# A PDF of about 120 KB: four seconds or so on that connection.
BIG_PDF = b"%PDF-1.4\n" + b"%" + b"x" * 120_000 + b"\n%%EOF\n"
PAIRS = [(lang, viewport) for lang in ("es", "en") for viewport in ("phone", "desktop")]


@pytest.mark.parametrize("lang, viewport", PAIRS, ids=[f"{a}-{b}" for a, b in PAIRS])
def test_upload_progress_and_help_speak_the_pages_language_not_the_browsers(
    new_tab: Callable[..., Tab], make_user: Callable[..., Any], lang: str, viewport: str
) -> None:
    words = UPLOAD[lang]
    # The browser is set to the other language; the person's saved choice sets the page's.
    tab = new_tab("en" if lang == "es" else "es", viewport)
    trainer = make_user(name="Tere Facilitadora", roles=["trainer"], language=lang)
    make_workshop(trainer, slug="datos", languages=("es", "en"))
    db.session.commit()
    page = tab.page
    _sign_in_reading(tab, trainer.email, "Tere Facilitadora", lang, TEST_PASSWORD)

    tab.goto("/workshops/datos/materials")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.get_by_text(words["button_hint"], exact=True)).to_be_visible()
    # The file input's button and "no file chosen" in the page's language, not the browser's.
    choose = page.get_by_role("button", name=words["choose"], exact=True)
    expect(choose).to_be_visible()
    expect(page.locator(".file-name")).to_have_text(words["none"])
    with page.expect_file_chooser() as chooser:
        choose.click()
    chooser.value.set_files(
        files=[{"name": "agenda.pdf", "mimeType": "application/pdf", "buffer": BIG_PDF}]
    )
    expect(page.locator(".file-name")).to_have_text("agenda.pdf")
    page.get_by_label(words["title"], exact=True).fill("Agenda")
    progress = page.locator(".upload-progress")
    tab.network.cdp.send("Network.emulateNetworkConditions", SLOW_UPLOAD)
    with page.expect_navigation(timeout=60_000):
        page.get_by_role("button", name=words["upload"], exact=True).click()
        expect(progress).to_be_visible()
        expect(progress).to_contain_text(words["sending"])
        expect(progress.locator("progress")).not_to_have_attribute("value", "0")
        expect(progress).to_contain_text(re.compile(r"\d+ %"))
        expect(page.get_by_role("button", name=words["upload"], exact=True)).to_be_disabled()
    tab.network.cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
    )
    tab.check()
    expect(tab.status_message()).to_have_text(words["uploaded"])
