"""Issue 17, the trainer's export through a job: the roster's "Export" sends them to the job's
page, which follows the work as a real consumer does it — with the page's script (polling, then
one reload) and without JavaScript (the page reloads itself) — and ends with the file's link.

Spanish on a phone with JavaScript, English on a desktop without it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.workshops.models import Edition, Enrolment
from tests.browser.support import Tab
from tests.conftest import TEST_PASSWORD
from tests.workshops.conftest import make_workshop

WORDS = {
    "es": {
        "export": "Exportar esta lista (CSV)",
        "title": "Exportación del listado",
        "waiting": "En espera",
        "download": "Descargar roster-{id}.csv",
        "kept": "El archivo se conserva 7 días",
        "header": "nombre,correo electrónico,estado",
    },
    "en": {
        "export": "Export this list (CSV)",
        "title": "Roster export",
        "waiting": "Waiting to start",
        "download": "Download roster-{id}.csv",
        "kept": "The file is kept for 7 days",
        "header": "name,email,state",
    },
}
CASES = [("es", "phone", True), ("en", "desktop", False)]


@pytest.fixture(params=CASES, ids=["es-phone-script", "en-desktop-no-script"])
def case(request: pytest.FixtureRequest, new_tab: Callable[..., Tab]) -> tuple[Tab, bool]:
    lang, viewport, javascript = request.param
    return new_tab(lang, viewport, javascript=javascript), javascript


def test_a_large_export_is_followed_on_its_page_to_the_file(
    case: tuple[Tab, bool], make_user: Callable[..., Any], run_jobs: Callable[..., int], monkeypatch
) -> None:
    tab, javascript = case
    words = WORDS[tab.lang]
    trainer = make_user(
        "teresa@example.org", name="Teresa Tutora", roles=["trainer"], language=tab.lang
    )
    workshop = make_workshop(trainer, slug="datos")
    today = utcnow().date()
    edition = Edition(
        workshop=workshop, name="Cohorte 1", starts_on=today, ends_on=today + timedelta(days=30)
    )
    db.session.add(edition)
    for n in range(3):
        person = make_user(f"p{n}@example.org", name=f"Persona {n}")
        db.session.add(Enrolment(edition=edition, user_id=person.id, state="active"))
    db.session.commit()
    monkeypatch.setitem(tab.app.config, "EXPORT_INLINE_ROWS", 1)

    tab.goto("/")
    tab.sign_in("teresa@example.org", TEST_PASSWORD, name="Teresa Tutora")
    tab.goto(f"/editions/{edition.id}/roster")
    tab.click(tab.page.get_by_role("link", name=words["export"], exact=True))
    expect(tab.heading()).to_have_text(words["title"])
    expect(tab.page.locator("[data-job-state]")).to_have_text(words["waiting"])
    job_url = tab.page.url

    # The consumer runs while the page is open (the browser polls or reloads on its own
    # meanwhile); the page must notice by itself.
    run_jobs()
    link = tab.page.get_by_role("link", name=words["download"].format(id=edition.id))
    expect(link).to_be_visible(timeout=15_000)
    expect(tab.page.get_by_role("main")).to_contain_text(words["kept"])
    assert tab.page.url == job_url
    with tab.page.expect_download() as download:
        link.click()
    body = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert body.startswith(words["header"])  # in the reader's language
    assert body.count("@example.org") == 3
    tab.check()
