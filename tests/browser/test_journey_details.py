"""Issue 22, the details of the way through, in Spanish and English, on a phone and a desktop:
the confirmation link signs the person in; a refused upload says to choose the file again and
a form with a file is sent with its progress shown; the catalogue's filters fold behind
"Filter" on phones and fit their labels on desktops, and its cards show the cover; the
charts' labels stay inside their picture and never run into each other or the bars; the
completion report's table fits a phone.

The workshops and editions are arranged through the services; everything the people do goes
through the real pages. Every page is weighed and checked with axe-core by the Tab
(support.py); pages changed by the upload script without a navigation are checked with
axe-core here.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import expect

from learning.enrolment.services import editions as enrolment
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.storage.services import store_upload
from learning.storage.store import IMAGE_EXTENSIONS
from learning.workshops.models import Enrolment
from learning.workshops.services.authoring import set_cover
from tests.browser.support import FAILING_IMPACTS, Tab, axe_violations, describe
from tests.conftest import TEST_PASSWORD
from tests.workshops.conftest import make_workshop

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
EXE = b"MZ\x90\x00" + b"\x00" * 200

# The strings these journeys look for, written out (a missing translation fails here).
WORDS = {
    "en": {
        "my_learning": "My learning",
        "upload": "Upload material",
        "file": "File",
        "again": "The file you chose (tool.exe) was not kept: choose it again",
        "button_hint": "Use the button to choose the file on your device.",
        "uploaded": "The material Agenda has been uploaded.",
        "filter": "Filter",
        "theme": "Theme",
        "funnel": "Completion funnel",
        "measures": "Each bar: the people who reached that step, of those enrolled.",
    },
    "es": {
        "my_learning": "Mi aprendizaje",
        "upload": "Subir el material",
        "file": "Archivo",
        "again": "El archivo que eligió (tool.exe) no se guardó: vuelva a elegirlo",
        "button_hint": "Use el botón para elegir el archivo en su dispositivo.",
        "uploaded": "El material Agenda se subió.",
        "filter": "Filtrar",
        "theme": "Tema",
        "funnel": "Embudo de finalización",
        "measures": "Cada barra: las personas inscritas que llegaron a ese paso.",
    },
}

# Every <text> of every chart on the page: its box, the chart's box, and the bars' boxes.
CHART_BOXES = """() => [...document.querySelectorAll("svg.chart")].map(svg => {
  const box = r => { const b = r.getBoundingClientRect();
    return {x: b.left, y: b.top, right: b.right, bottom: b.bottom, text: r.textContent}; };
  return {svg: box(svg), texts: [...svg.querySelectorAll("text")].map(box),
          bars: [...svg.querySelectorAll("rect")].map(box)};
})"""

# Each filter of the catalogue: its box and whether its label is cut.
FILTER_BOXES = """() => [...document.querySelectorAll(".workshop-filters .field")].map(f => {
  const label = f.querySelector("label"), b = f.getBoundingClientRect();
  const control = f.querySelector("select, input").getBoundingClientRect();
  return {x: b.left, y: b.top, right: b.right, bottom: b.bottom,
          cut: label.scrollWidth > label.clientWidth + 1,
          controlInside: control.left >= b.left - 1 && control.right <= b.right + 1};
})"""


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (320, 180), (30, 80, 140)).save(out, "PNG")
    return out.getvalue()


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["x"] < b["right"] - 0.5
        and b["x"] < a["right"] - 0.5
        and (a["y"] < b["bottom"] - 0.5 and b["y"] < a["bottom"] - 0.5)
    )


def _inside(inner: dict[str, float], outer: dict[str, float]) -> bool:
    return (
        inner["x"] >= outer["x"] - 0.5
        and inner["right"] <= outer["right"] + 0.5
        and inner["y"] >= outer["y"] - 0.5
        and inner["bottom"] <= outer["bottom"] + 0.5
    )


def assert_charts_readable(tab: Tab, expected: int) -> None:
    charts = tab.page.evaluate(CHART_BOXES)
    assert len(charts) == expected
    for chart in charts:
        texts = chart["texts"]
        assert texts
        for text in texts:
            assert _inside(text, chart["svg"]), f"{text['text']!r} is cut ({tab.where})"
            for bar in chart["bars"]:
                assert not _overlap(text, bar), f"{text['text']!r} runs into a bar ({tab.where})"
        for index, first in enumerate(texts):
            for second in texts[index + 1 :]:
                assert not _overlap(first, second), (
                    f"{first['text']!r} and {second['text']!r} overlap ({tab.where})"
                )


def assert_axe_clean(tab: Tab) -> None:
    failing = [v for v in axe_violations(tab.page) if v["impact"] in FAILING_IMPACTS]
    assert not failing, describe(failing)


def test_the_confirmation_link_signs_the_person_in(tab: Tab, outbox: Any) -> None:
    email = f"ines.{tab.where}@example.org"
    tab.goto("/")
    tab.register(name="Inés Morales", email=email, password=TEST_PASSWORD)
    [message] = outbox.to(email)
    tab.goto(outbox.link(message))
    expect(tab.status_message()).to_have_text(tab.text["confirmed"])
    expect(tab.heading()).to_have_text(WORDS[tab.lang]["my_learning"])
    expect(tab.main_nav().get_by_role("link", name="Inés Morales", exact=True)).to_be_visible()


def _trainer_with_workshop(make_user: Callable[..., Any], lang: str) -> Any:
    trainer = make_user(name="Tere Facilitadora", roles=["trainer"], language=lang)
    make_workshop(trainer, slug="datos", languages=("es", "en"))
    db.session.commit()
    return trainer


def test_uploads_show_progress_and_a_refused_file_is_asked_for_again(
    tab: Tab, make_user: Callable[..., Any]
) -> None:
    words = WORDS[tab.lang]
    trainer = _trainer_with_workshop(make_user, tab.lang)
    tab.goto("/account/sign-in")
    tab.sign_in(trainer.email, TEST_PASSWORD, name="Tere Facilitadora")
    tab.goto("/workshops/datos/materials")
    page = tab.page
    expect(page.get_by_text(words["button_hint"])).to_be_visible()

    # A refused type: the script sends the form (XMLHttpRequest), then shows the answer.
    page.get_by_label(words["file"], exact=True).set_input_files(
        files=[{"name": "tool.exe", "mimeType": "application/octet-stream", "buffer": EXE}]
    )
    with page.expect_request(lambda r: r.method == "POST" and r.resource_type == "xhr"):
        page.get_by_role("button", name=words["upload"], exact=True).click()
    expect(page.get_by_text(words["again"])).to_be_visible()
    expect(page.locator(".upload-progress")).to_be_hidden()  # a fresh form, not sending
    assert_axe_clean(tab)

    # Accepted: the script opens the page the server names, its message waiting there.
    page.get_by_label(words["file"], exact=True).set_input_files(
        files=[{"name": "agenda.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_label({"en": "Title", "es": "Título"}[tab.lang], exact=True).fill("Agenda")
    with page.expect_request(lambda r: r.method == "POST" and r.resource_type == "xhr"):
        tab.click(page.get_by_role("button", name=words["upload"], exact=True))
    expect(tab.status_message()).to_have_text(words["uploaded"])
    expect(page.get_by_role("main").get_by_role("link", name="Agenda", exact=True)).to_be_visible()


@pytest.mark.parametrize("lang", ["es", "en"])
def test_without_javascript_a_refused_file_is_asked_for_again(
    new_tab: Callable[..., Tab], make_user: Callable[..., Any], lang: str
) -> None:
    tab = new_tab(lang, "phone", javascript=False)
    words = WORDS[lang]
    trainer = _trainer_with_workshop(make_user, lang)
    tab.goto("/account/sign-in")
    tab.sign_in(trainer.email, TEST_PASSWORD, name="Tere Facilitadora")
    tab.goto("/workshops/datos/materials")
    tab.page.get_by_label(words["file"], exact=True).set_input_files(
        files=[{"name": "tool.exe", "mimeType": "application/octet-stream", "buffer": EXE}]
    )
    tab.click(tab.page.get_by_role("button", name=words["upload"], exact=True))
    expect(tab.page.get_by_text(words["again"])).to_be_visible()


def test_catalogue_filters_fold_on_phones_and_cards_show_covers(
    tab: Tab, make_user: Callable[..., Any]
) -> None:
    words = WORDS[tab.lang]
    trainer = make_user(roles=["trainer"])
    workshop = make_workshop(trainer, slug="datos", languages=("es", "en"))
    db.session.commit()  # storing the cover commits its own row first
    cover = store_upload(
        io.BytesIO(_png()), "portada.png", kind="cover", uploader_id=None,
        allowed=IMAGE_EXTENSIONS,
    )  # fmt: skip
    set_cover(workshop, cover)
    db.session.commit()

    tab.goto("/workshops/")
    page = tab.page
    summary = page.locator(".filter-box > summary")
    theme = page.get_by_label(words["theme"], exact=True)
    expect(page.locator("#q")).to_be_visible()  # the words are always in view
    if tab.viewport == "phone":
        expect(summary).to_have_text(words["filter"])
        expect(theme).to_be_hidden()
        summary.click()
        expect(theme).to_be_visible()
    else:
        expect(summary).to_be_hidden()
        expect(theme).to_be_visible()
    fields = page.evaluate(FILTER_BOXES)
    assert fields and not any(f["cut"] for f in fields), fields
    assert all(f["controlInside"] for f in fields), fields
    for index, first in enumerate(fields):
        for second in fields[index + 1 :]:
            assert not _overlap(first, second), (first, second)

    image = page.locator(".card img.card-cover")
    expect(image).to_have_attribute("loading", "lazy")
    image.scroll_into_view_if_needed()
    page.wait_for_function("() => document.querySelector('.card-cover').naturalWidth > 0")
    box = image.bounding_box()
    assert box and box["height"] <= 150  # a strip above the title, not a poster

    # Chosen filters open the disclosure on every screen.
    theme.select_option("democracy")
    tab.click(tab.button("search"))
    expect(page.locator(".filter-box")).to_have_attribute("open", "")
    expect(page.get_by_label(words["theme"], exact=True)).to_be_visible()


def test_chart_labels_stay_inside_and_apart_and_the_report_fits(
    tab: Tab, make_user: Callable[..., Any]
) -> None:
    words = WORDS[tab.lang]
    trainer = make_user(name="Tere Facilitadora", roles=["trainer", "admin"], language=tab.lang)
    workshop = make_workshop(trainer, slug="datos", languages=("es", "en"))
    today = utcnow().date()
    edition, _notices = enrolment.save_edition(
        workshop,
        None,
        enrolment.EditionData(
            name="Cohorte 2026", starts_on=today - timedelta(days=3),
            ends_on=today + timedelta(days=30),
        ),
    )  # fmt: skip
    for n, sector in enumerate(("media", "government", "civil-society", "academia")):
        person = make_user(name=f"Participante con un nombre largo {n}", sector=sector)
        db.session.add(Enrolment(edition=edition, user_id=person.id, state="active"))
    db.session.commit()

    tab.goto("/account/sign-in")
    tab.sign_in(trainer.email, TEST_PASSWORD, name="Tere Facilitadora")
    tab.goto(f"/workshops/datos/editions/{edition.id}/report")
    figure = tab.page.locator("figure.chart-figure")
    expect(figure.locator("figcaption")).to_contain_text(words["funnel"])
    expect(figure.locator("figcaption")).to_contain_text(words["measures"])
    assert_charts_readable(tab, 1)
    grid = tab.page.locator("table.report-grid").bounding_box()
    width = tab.page.evaluate("() => document.documentElement.clientWidth")
    assert grid and grid["x"] >= 0 and grid["x"] + grid["width"] <= width + 0.5

    tab.goto("/dashboard/")
    assert_charts_readable(tab, 3)
    expect(tab.page.locator("figure.chart-figure figcaption").first).to_be_visible()
