"""Issue 22, the trainer's and the curator's way through, in Spanish and English, on a phone and
a desktop.

The trainer finds "My workshops" in the header, goes from the curriculum to the editions and
the quizzes, adds a quiz lesson and lands on its questions, plans an edition whose page says
how live sessions are added, and follows the link to add one; the delete buttons look
destructive. The curator follows the header's count to the queue and reviews a second version:
its description, its PDF opened in the browser, the decisions so far and what changed.

The workshop and the research output are arranged through the services; everything the people
do goes through the real pages and forms. Every page is weighed and checked with axe-core by
the Tab (support.py).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from playwright.sync_api import expect

from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.research.services.curation import approve, return_to_researcher, submit
from learning.research.services.deposit import CreatorData, VersionData, create_output, new_version
from learning.storage.services import store_upload
from tests.browser.support import Tab
from tests.conftest import TEST_PASSWORD
from tests.workshops.conftest import make_workshop

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

# The strings these journeys look for, written out (a missing translation fails here).
WAY = {
    "en": {
        "title": "Data journalism",
        "my_workshops": "My workshops",
        "editions": "Editions and rosters",
        "completion": "Quizzes, attendance and completion report",
        "kind_quiz": "Quiz",
        "lesson_title": "Title (English)",
        "save_lesson": "Save lesson",
        "quiz_heading": "Quiz: Check your sources",
        "delete": "Delete Lesson",
        "plan": "Plan a new edition",
        "name": "Name",
        "first_day": "First day",
        "last_day": "Last day",
        "save_edition": "Save edition",
        "edition_saved": (
            "The edition has been saved. Now set its live sessions below: “Change the time” "
            "sets the date, time, place and link of each one for this edition; “Add a live "
            "session” adds one to the curriculum."
        ),
        "no_sessions": "No live sessions yet.",
        "how": "A live session is a lesson of the kind “Live session”",
        "add_session": "Add a live session",
        "live_form": "Add a lesson: Live session",
        "curation": "Curation (1)",
        "queue": "Outputs waiting for curation",
        "description": "Description",
        "open_pdf": "Open the PDF",
        "decisions": "Decisions so far",
        "changed": "What changed",
        "compared": "Compared with version 1:",
    },
    "es": {
        "title": "Periodismo de datos",
        "my_workshops": "Mis talleres",
        "editions": "Ediciones y participantes",
        "completion": "Cuestionarios, asistencia e informe de finalización",
        "kind_quiz": "Cuestionario",
        "lesson_title": "Título (español)",
        "save_lesson": "Guardar la lección",
        "quiz_heading": "Cuestionario: Revise sus fuentes",
        "delete": "Eliminar Lección",
        "plan": "Planificar una nueva edición",
        "name": "Nombre",
        "first_day": "Primer día",
        "last_day": "Último día",
        "save_edition": "Guardar la edición",
        "edition_saved": (
            "Se guardó la edición. Ahora configure sus sesiones en vivo abajo: «Cambiar la "
            "hora» fija la fecha, la hora, el lugar y el enlace de cada una para esta edición; "
            "«Añadir una sesión en vivo» agrega una al programa."
        ),
        "no_sessions": "Aún no hay sesiones en vivo.",
        "how": "Una sesión en vivo es una lección del tipo «Sesión en vivo»",
        "add_session": "Añadir una sesión en vivo",
        "live_form": "Añadir una lección: Sesión en vivo",
        "curation": "Curaduría (1)",
        "queue": "Publicaciones que esperan curaduría",
        "description": "Descripción",
        "open_pdf": "Abrir el PDF",
        "decisions": "Decisiones hasta ahora",
        "changed": "Qué cambió",
        "compared": "Comparada con la versión 1:",
    },
}
QUIZ = {"es": "Revise sus fuentes", "en": "Check your sources"}


def test_trainer_goes_from_the_header_to_quizzes_editions_and_live_sessions(
    tab: Tab, make_user: Callable[..., Any]
) -> None:
    way, page = WAY[tab.lang], tab.page
    trainer = make_user(
        "teresa@example.org", name="Teresa Tutora", roles=["trainer"], language=tab.lang
    )
    make_workshop(trainer, languages=("es", "en"))
    db.session.commit()
    tab.goto("/")
    tab.sign_in("teresa@example.org", TEST_PASSWORD, name="Teresa Tutora")

    # The header leads to the trainer's workshops, and on to the curriculum.
    tab.click(tab.main_nav().get_by_role("link", name=way["my_workshops"], exact=True))
    expect(tab.heading()).to_have_text(way["my_workshops"])
    tab.click(page.get_by_role("main").get_by_role("link", name=way["title"], exact=True))
    expect(tab.heading()).to_have_text(way["title"])
    curriculum = page.url
    main = page.get_by_role("main")
    expect(main.get_by_role("link", name=way["editions"], exact=True)).to_be_visible()
    expect(main.get_by_role("link", name=way["completion"], exact=True)).to_be_visible()
    # Deleting looks destructive.
    expect(page.get_by_role("button", name=way["delete"], exact=True)).to_have_class(
        re.compile(r"\bbutton-danger\b")
    )

    # A new quiz lesson leads on to its questions.
    tab.click(page.locator(".add-lesson").get_by_role("link", name=way["kind_quiz"], exact=True))
    page.get_by_label(way["lesson_title"], exact=True).fill(QUIZ[tab.lang])
    tab.click(page.get_by_role("button", name=way["save_lesson"], exact=True))
    expect(tab.heading()).to_have_text(way["quiz_heading"])

    # From the curriculum to the editions: a new edition says how live sessions are added.
    tab.goto(curriculum)
    tab.click(main.get_by_role("link", name=way["editions"], exact=True))
    tab.click(page.get_by_role("link", name=way["plan"], exact=True))
    expect(main).to_contain_text(way["how"])
    today = utcnow().date()
    page.get_by_label(way["name"], exact=True).fill("Cohorte 2027")
    page.get_by_label(way["first_day"], exact=True).fill((today + timedelta(days=14)).isoformat())
    page.get_by_label(way["last_day"], exact=True).fill((today + timedelta(days=40)).isoformat())
    tab.click(page.get_by_role("button", name=way["save_edition"], exact=True))
    expect(tab.status_message()).to_have_text(way["edition_saved"])
    expect(tab.heading()).to_have_text("Cohorte 2027")
    sessions = page.locator("section", has=page.locator("#sessions-title"))
    expect(sessions).to_contain_text(way["no_sessions"])
    expect(sessions).to_contain_text(way["how"])
    tab.click(sessions.get_by_role("link", name=way["add_session"], exact=True))
    expect(tab.heading()).to_have_text(way["live_form"])


def _resubmitted_output(researcher: Any, curator: Any) -> Any:
    """An output published once (after being returned), now with a second version waiting."""
    files = [store_upload(io.BytesIO(PDF), "brief.pdf", kind="research", uploader_id=researcher.id)]
    data = VersionData(
        output_type="policy_brief",
        organisation="Centro de Estudios",
        publication_date=date(2025, 3, 1),
        texts={"es": ("Política fiscal verde", "Primer resumen.")},
        creators=[CreatorData(name="Rosa Quesada")],
        languages=["es"],
        keywords=["fiscal"],
        themes=["climate"],
        countries=["CR"],
    )
    output = create_output(
        researcher, data, access="public", embargo_until=None, files=files, today=date(2000, 1, 1)
    )
    submit(output.newest)
    return_to_researcher(output.newest, curator, "Cite the sources of table 2.")
    submit(output.newest)
    approve(output.newest, curator)
    db.session.commit()
    second = new_version(output, researcher)
    second.text("es").abstract = "Segundo resumen, con fuentes."
    submit(second)
    db.session.commit()
    return output


def test_curator_follows_the_count_to_the_queue_and_reviews_a_new_version(
    tab: Tab, make_user: Callable[..., Any]
) -> None:
    way, page = WAY[tab.lang], tab.page
    researcher = make_user(roles=["researcher"], name="Rosa Investigadora")
    other = make_user(roles=["curator"], name="Carla Curadora")
    make_user("cura@example.org", name="Ciro Curador", roles=["curator"], language=tab.lang)
    _resubmitted_output(researcher, other)
    tab.goto("/")
    tab.sign_in("cura@example.org", TEST_PASSWORD, name="Ciro Curador")

    tab.click(tab.main_nav().get_by_role("link", name=way["curation"], exact=True))
    expect(tab.heading()).to_have_text(way["queue"])
    tab.click(page.get_by_role("link", name="Política fiscal verde", exact=True))

    main = page.get_by_role("main")
    description = main.get_by_role("region", name=way["description"], exact=True)
    expect(description).to_contain_text("Segundo resumen, con fuentes.")
    pdf = main.get_by_role("link", name=f"{way['open_pdf']} brief.pdf", exact=True)
    expect(pdf).to_have_attribute("href", re.compile(r"\?inline=1$"))
    history = main.get_by_role("region", name=way["decisions"], exact=True)
    expect(history).to_contain_text("Cite the sources of table 2.")
    expect(history).to_contain_text("Carla Curadora")
    changed = main.get_by_role("region", name=way["changed"], exact=True)
    expect(changed).to_contain_text(way["compared"])
    expect(changed).to_contain_text("Primer resumen.")
