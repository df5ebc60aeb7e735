"""Issue 10, the trainer: create a workshop through the real forms (its title in one language),
add a module and a text lesson, upload a PDF material and publish; a visitor then finds the
workshop in the catalogue.

Run in Spanish on a phone and in English on a desktop only (not the four combinations): each
run loads about twenty pages, and four would add a minute to the browser suite.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.support import Tab
from tests.conftest import TEST_PASSWORD

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
# Babel's name of the language in that language (the research forms capitalise "Español").
LANGUAGE_NAME = {"es": "español", "en": "English"}
TITLES = {
    "es": ("Verificación de datos públicos", "Fuentes abiertas", "Cómo leer un presupuesto"),
    "en": ("Checking public data", "Open sources", "How to read a budget"),
}
PAIRS = [("es", "phone"), ("en", "desktop")]


@pytest.fixture(params=PAIRS, ids=[f"{lang}-{viewport}" for lang, viewport in PAIRS])
def tab(request: pytest.FixtureRequest, new_tab: Callable[..., Tab]) -> Tab:
    return new_tab(*request.param)


def test_trainer_creates_and_publishes_a_workshop_a_visitor_finds_it(
    tab: Tab, make_user: Callable[..., Any]
) -> None:
    text, page = tab.text, tab.page
    title, module_title, lesson_title = TITLES[tab.lang]
    in_language = LANGUAGE_NAME[tab.lang]
    make_user("teresa@example.org", name="Teresa Tutora", roles=["trainer"], language=tab.lang)

    tab.goto("/")
    tab.sign_in("teresa@example.org", TEST_PASSWORD, name="Teresa Tutora")
    tab.goto("/workshops/mine")
    tab.click(page.get_by_role("link", name=text["create_workshop"], exact=True))
    expect(tab.heading()).to_have_text(text["create_workshop"])
    page.get_by_label(text["title_lang"].format(language=in_language), exact=True).fill(title)
    page.get_by_label(text["address_name"], exact=True).fill("verificacion")
    page.get_by_label(text["estimated_hours"], exact=True).fill("4")
    tab.click(tab.button("save_workshop"))
    expect(tab.status_message()).to_have_text(text["workshop_saved"])
    expect(tab.heading()).to_have_text(title)

    tab.click(page.get_by_role("link", name=text["add_module"], exact=True))
    page.get_by_label(text["title_lang"].format(language=in_language), exact=True).fill(
        module_title
    )
    tab.click(tab.button("save_module"))
    expect(tab.status_message()).to_have_text(text["module_saved"])

    tab.click(page.locator(".add-lesson").get_by_role("link", name=text["kind_text"], exact=True))
    page.get_by_label(text["title_lang"].format(language=in_language), exact=True).fill(
        lesson_title
    )
    page.get_by_label(text["text_lang"].format(language=in_language), exact=True).fill(
        "Un presupuesto tiene **ingresos** y **gastos**."
    )
    tab.click(tab.button("save_lesson"))
    expect(tab.status_message()).to_have_text(text["lesson_saved"])
    curriculum = page.url

    tab.click(page.get_by_role("main").get_by_role("link", name=text["materials"], exact=True))
    page.get_by_label(text["file"], exact=True).set_input_files(
        files=[{"name": "guia.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_label(text["title"], exact=True).fill("Guía de fuentes")
    tab.click(tab.button("upload_material"))
    expect(tab.status_message()).to_have_text(
        text["material_uploaded"].format(title="Guía de fuentes")
    )
    expect(page.get_by_role("link", name="Guía de fuentes", exact=True)).to_be_visible()

    tab.goto(curriculum)
    tab.click(tab.button("publish"))
    expect(tab.status_message()).to_have_text(text["workshop_published"])
    expect(tab.heading()).to_have_text(title)
    tab.sign_out()

    # A visitor finds it in the catalogue by a word of its title.
    tab.click(tab.main_nav().get_by_role("link", name=text["workshops"], exact=True))
    page.get_by_label(text["workshop_words"], exact=True).fill(title.split()[-1])
    tab.click(tab.button("search"))
    tab.click(page.get_by_role("link", name=title, exact=True))
    expect(tab.heading()).to_have_text(title)
