"""Issue 22, what remained of the way through, walked in Spanish and English on a phone and a
desktop: a form sent back keeps the chosen file (with the upload script and without it); the
curator reads the deposited PDF in the review page (a frame our policy allows there only) and
sees what a resubmission changed; an edition's times name the zone as people say it.

Every page is weighed and checked with axe-core by the Tab (support.py); pages the upload
script changes without a navigation are checked with axe-core here.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from playwright.sync_api import expect

from learning.enrolment.services import editions as enrolment
from learning.platform.extensions import db
from learning.research.services.curation import return_to_researcher, submit
from learning.research.services.deposit import CreatorData, VersionData, create_output
from learning.storage.services import store_upload
from learning.workshops.services import lessons
from learning.workshops.services.lessons import LessonData
from tests.browser.support import FAILING_IMPACTS, Tab, axe_violations, describe
from tests.conftest import TEST_PASSWORD
from tests.workshops.conftest import PNG, make_workshop, texts

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

WORDS = {
    "en": {
        "kept": "Your file portada.png is kept: you do not need to choose it again.",
        "save": "Save workshop",
        "saved": "The workshop has been saved.",
        "review": "Review",
        "since": "Since changes were asked for",
        "read": "Read nota.pdf here",
        "zone": "Guatemala time",
    },
    "es": {
        "kept": "Su archivo portada.png se conservó: no necesita elegirlo de nuevo.",
        "save": "Guardar el taller",
        "saved": "El taller se guardó.",
        "review": "Revisión",
        "since": "Desde que se pidieron cambios",
        "read": "Leer nota.pdf aquí",
        "zone": "hora de Guatemala",
    },
}


def assert_axe_clean(tab: Tab) -> None:
    failing = [v for v in axe_violations(tab.page) if v["impact"] in FAILING_IMPACTS]
    assert not failing, describe(failing)


def _trainer(make_user: Callable[..., Any], lang: str) -> Any:
    trainer = make_user(name="Tere Facilitadora", roles=["trainer"], language=lang)
    make_workshop(trainer, slug="datos", languages=("es", "en"))
    db.session.commit()
    return trainer


def _send_back_and_fix(tab: Tab) -> None:
    """The cover chosen with a wrong address name: sent back, the file kept; fixed and sent
    again without choosing the file: saved with it."""
    words = WORDS[tab.lang]
    page = tab.page
    tab.goto("/workshops/datos/edit")
    page.locator("#slug").fill("¡Mal nombre!")
    page.locator("#cover").set_input_files(
        files=[{"name": "portada.png", "mimeType": "image/png", "buffer": PNG}]
    )
    save = page.get_by_role("button", name=words["save"], exact=True)
    if tab.javascript:  # the upload script sends it and shows the answer in place
        with page.expect_request(lambda r: r.method == "POST" and r.resource_type == "xhr"):
            save.click()
    else:
        tab.click(save)
    expect(page.get_by_text(words["kept"])).to_be_visible()
    if tab.javascript:  # shown without a navigation: checked here (the Tab checks the others)
        assert_axe_clean(tab)
    page.locator("#slug").fill("datos")
    tab.click(page.get_by_role("button", name=words["save"], exact=True))
    expect(tab.status_message()).to_have_text(words["saved"])
    tab.goto("/workshops/datos")
    expect(page.locator("main img[src*='portada.png']").first).to_be_attached()


def test_a_form_sent_back_keeps_the_chosen_file(tab: Tab, make_user: Callable[..., Any]) -> None:
    trainer = _trainer(make_user, tab.lang)
    tab.goto("/account/sign-in")
    tab.sign_in(trainer.email, TEST_PASSWORD, name="Tere Facilitadora")
    _send_back_and_fix(tab)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_without_javascript_the_file_is_kept_too(
    new_tab: Callable[..., Tab], make_user: Callable[..., Any], lang: str
) -> None:
    tab = new_tab(lang, "phone", javascript=False)
    trainer = _trainer(make_user, lang)
    tab.goto("/account/sign-in")
    tab.sign_in(trainer.email, TEST_PASSWORD, name="Tere Facilitadora")
    _send_back_and_fix(tab)


def _returned_and_resubmitted(make_user: Callable[..., Any], lang: str) -> Any:
    owner = make_user(roles=["researcher"], name="Rosa Quesada")
    curator = make_user(
        "carmen@example.org", roles=["curator"], name="Carmen Curadora", language=lang
    )
    row = store_upload(io.BytesIO(PDF), "nota.pdf", kind="research", uploader_id=owner.id)
    data = VersionData(
        output_type="policy_brief",
        organisation="Centro de Estudios",
        publication_date=date(2025, 3, 1),
        texts={"es": ("Política fiscal", "Primer resumen."), "en": ("Fiscal policy", "First.")},
        creators=[CreatorData(name="Rosa Quesada")],
        languages=["es"],
        keywords=["fiscal"],
        themes=["climate"],
        countries=["CR"],
    )
    output = create_output(
        owner, data, access="public", embargo_until=None, files=[row], today=date(2000, 1, 1)
    )
    submit(output.newest)
    return_to_researcher(output.newest, curator, "Cite the sources.")
    output.newest.text("es").abstract = "Resumen con fuentes."
    submit(output.newest)
    db.session.commit()
    return output


def test_the_curator_reads_the_pdf_and_what_changed(
    tab: Tab, make_user: Callable[..., Any]
) -> None:
    words = WORDS[tab.lang]
    output = _returned_and_resubmitted(make_user, tab.lang)
    tab.goto("/account/sign-in")
    tab.sign_in("carmen@example.org", TEST_PASSWORD, name="Carmen Curadora")
    tab.goto(f"/research/{output.id}/v/1/curate")
    page = tab.page
    # Each PDF opens in the page when asked (not fetched with it, for slow connections).
    frame = page.locator("iframe[title='nota.pdf']")
    expect(frame).to_be_hidden()
    page.get_by_text(words["read"], exact=True).click()
    expect(frame).to_be_visible()
    shown = page.request.get(tab.base_url + frame.get_attribute("src"))
    assert shown.status == 200 and shown.body() == PDF
    assert shown.headers["content-type"] == "application/pdf"
    assert shown.headers["content-security-policy"] == "frame-ancestors 'self'"
    changes = page.locator("section[aria-labelledby='changes-title']")
    expect(changes).to_contain_text(words["since"])
    expect(changes).to_contain_text("Primer resumen.")
    expect(changes).to_contain_text("Resumen con fuentes.")


def test_an_edition_names_its_zone_once(tab: Tab, make_user: Callable[..., Any]) -> None:
    trainer = make_user(name="Tere Facilitadora", roles=["trainer"], language=tab.lang)
    workshop = make_workshop(trainer, slug="datos", languages=("es", "en"))
    start = datetime.now(UTC).replace(hour=16, minute=0, second=0, microsecond=0)
    start += timedelta(days=10)
    lessons.save_lesson(
        workshop.modules[0],
        None,
        LessonData(
            kind="live",
            texts=texts("Sesión en vivo", "Live session"),
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            timezone="America/Guatemala",
        ),
    )
    today = datetime.now(UTC).date()
    edition, _notices = enrolment.save_edition(
        workshop,
        None,
        enrolment.EditionData(
            name="Cohorte 1",
            starts_on=today + timedelta(days=7),
            ends_on=today + timedelta(days=40),
            timezone="America/Guatemala",
        ),
    )
    db.session.commit()
    tab.goto(f"/editions/{edition.id}")
    main = tab.page.get_by_role("main")
    expect(main).to_contain_text(WORDS[tab.lang]["zone"])
    text = main.inner_text()
    assert "America/Guatemala" not in text and "estándar" not in text and "Standard" not in text
    sessions = tab.page.locator("section[aria-labelledby='sessions-title']").inner_text()
    assert sessions.count(WORDS[tab.lang]["zone"]) == 1
