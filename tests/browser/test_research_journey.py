"""Issue 10, the research library: a researcher deposits a policy brief with its PDF through
the real form and submits it; a curator publishes it; a visitor finds it by a word of its
title typed without accents and downloads the file.

Run in Spanish on a phone and in English on a desktop only (not the four combinations),
to keep the browser suite fast.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.support import Tab
from tests.conftest import TEST_PASSWORD

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
LANGUAGE_NAME = {"es": "Español", "en": "English"}
TITLE = "Política fiscal y transición energética en Centroamérica"
PAIRS = [("es", "phone"), ("en", "desktop")]


@pytest.fixture(params=PAIRS, ids=[f"{lang}-{viewport}" for lang, viewport in PAIRS])
def tab(request: pytest.FixtureRequest, new_tab: Callable[..., Tab]) -> Tab:
    return new_tab(*request.param)


def test_deposit_curate_find_without_accents_and_download(
    tab: Tab, make_user: Callable[..., Any]
) -> None:
    text = tab.text
    make_user("rosa@example.org", name="Rosa Quesada", roles=["researcher"], language=tab.lang)
    make_user("carmen@example.org", name="Carmen Curadora", roles=["curator"], language=tab.lang)

    # The researcher deposits through the form, with a PDF, then submits.
    tab.goto("/")
    tab.sign_in("rosa@example.org", TEST_PASSWORD, name="Rosa Quesada")
    tab.click(tab.main_nav().get_by_role("link", name=text["research"], exact=True))
    tab.click(tab.page.get_by_role("link", name=text["deposit"], exact=True))
    expect(tab.heading()).to_have_text(text["deposit"])
    page = tab.page
    page.get_by_label(text["output_type"], exact=True).select_option("policy_brief")
    language = LANGUAGE_NAME[tab.lang]
    page.get_by_label(text["title_in"].format(language=language), exact=True).fill(TITLE)
    page.get_by_label(text["abstract_in"].format(language=language), exact=True).fill(
        "Cómo financiar la transición sin cargar a los hogares más pobres."
    )
    page.get_by_label(text["creators"], exact=True).fill("Rosa Quesada")
    page.get_by_label(text["organisation"], exact=True).fill("Centro de Estudios Fiscales")
    page.get_by_label(text["publication_date"], exact=True).fill("2025-03-01")
    page.get_by_label(text["files"], exact=True).set_input_files(
        files=[{"name": "nota-fiscal.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    tab.click(tab.button("save_draft"))
    expect(tab.status_message()).to_have_text(text["draft_saved"])
    expect(tab.heading()).to_have_text(TITLE)
    expect(page.get_by_role("main")).to_contain_text("nota-fiscal.pdf")
    tab.click(tab.button("submit_to_curators"))
    expect(tab.status_message()).to_have_text(text["submitted"])
    tab.sign_out()

    # The curator publishes it from the curation queue.
    tab.sign_in("carmen@example.org", TEST_PASSWORD, name="Carmen Curadora")
    tab.click(tab.main_nav().get_by_role("link", name=text["research"], exact=True))
    tab.click(page.get_by_role("link", name=text["waiting_curation"], exact=True))
    tab.click(page.get_by_role("link", name=TITLE, exact=True))
    tab.click(tab.button("publish"))
    expect(tab.status_message()).to_have_text(text["published_output"])
    tab.sign_out()

    # A visitor types the word without its accent and downloads the PDF.
    tab.click(tab.main_nav().get_by_role("link", name=text["research"], exact=True))
    page.get_by_label(text["research_words"], exact=True).fill("politica")
    tab.click(tab.button("search"))
    tab.click(page.get_by_role("link", name=TITLE, exact=True))
    expect(tab.heading()).to_have_text(TITLE)
    link = page.get_by_role("link", name="nota-fiscal.pdf", exact=True)
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == "nota-fiscal.pdf"
    with open(download.path(), "rb") as delivered:
        assert delivered.read() == PDF
    # The local storage backend streams the file from the stable link itself (S3 would answer
    # with a redirect to a presigned address); either way the visitor gets the PDF.
    response = page.request.get(tab.base_url + link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
