"""The journeys of the foundation, each in Spanish and English, on a phone and a desktop.

Every page a journey loads is weighed and checked with axe-core by the Tab (support.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from playwright.sync_api import expect

from learning.platform.extensions import db
from tests.browser.support import CHROME_KEYS, UI, Tab
from tests.conftest import TEST_PASSWORD, Outbox


def test_register_confirm_sign_in_switch_language_sign_out(tab: Tab, outbox: Outbox) -> None:
    email = f"lucia.{tab.where}@example.org"
    name = "Lucía Hernández"
    tab.goto("/")
    expect(tab.heading()).to_have_text(tab.text["home_title"])

    tab.register(name=name, email=email, password=TEST_PASSWORD)
    [message] = outbox.to(email)
    assert message["Content-Language"] == tab.lang
    tab.goto(outbox.link(message))
    # The link signs her in (issue 22) and leads to My learning.
    expect(tab.status_message()).to_have_text(tab.text["confirmed"])
    expect(tab.main_nav().get_by_role("link", name=name, exact=True)).to_be_visible()
    assert tab.page.url.endswith("/my-learning")
    tab.goto("/")

    # The switch is two plain links; the one for the other language takes us there.
    other = "en" if tab.lang == "es" else "es"
    before, after = UI[tab.lang], UI[other]
    tab.switch_language(other)
    expect(tab.page.locator("html")).to_have_attribute("lang", other)
    expect(tab.heading()).to_have_text(after["home_title"])
    visible = tab.page.locator("body").inner_text()
    for key in (*CHROME_KEYS, "home_title", "themes_title"):
        assert after[key] in visible, f"{after[key]!r} missing after switching to {other}"
        stale = re.search(rf"\b{re.escape(before[key])}\b", visible)
        assert not stale, f"{before[key]!r} still shown after switching"

    tab.sign_out()


def test_password_reset_through_the_emailed_link(
    tab: Tab, outbox: Outbox, make_user: Callable[..., Any]
) -> None:
    email = "rocio@example.org"
    make_user(email, name="Rocío Pérez", language=tab.lang)
    new_password = "otra frase muy larga"
    tab.goto("/")
    tab.click(tab.main_nav().get_by_role("link", name=tab.text["sign_in"], exact=True))
    tab.click(tab.page.get_by_role("link", name=tab.text["forgot"], exact=True))
    tab.field("email").fill(email)
    tab.click(tab.button("send_link"))
    expect(tab.heading()).to_have_text(tab.text["check_email"])

    [message] = outbox.to(email)
    tab.goto(outbox.link(message))
    expect(tab.heading()).to_have_text(tab.text["new_password_title"])
    tab.field("password").fill(new_password)
    tab.field("password_again").fill(new_password)
    tab.click(tab.button("set_password"))
    expect(tab.status_message()).to_have_text(tab.text["password_changed"])

    tab.sign_in(email, new_password, name="Rocío Pérez")


def test_admin_gives_the_trainer_role(tab: Tab, make_user: Callable[..., Any]) -> None:
    make_user("admin@example.org", name="Alba Admin", roles=["admin"], language=tab.lang)
    person = make_user("tomas@example.org", name="Tomás Ruiz", language=tab.lang)
    tab.goto("/")
    tab.sign_in("admin@example.org", TEST_PASSWORD, name="Alba Admin")

    tab.click(tab.main_nav().get_by_role("link", name=tab.text["administration"], exact=True))
    expect(tab.heading()).to_have_text(tab.text["people"])
    tab.click(tab.page.get_by_role("link", name="Tomás Ruiz", exact=True))
    expect(tab.heading()).to_have_text("Tomás Ruiz")

    trainer = tab.page.get_by_role("checkbox", name=tab.text["trainer"], exact=True)
    expect(trainer).not_to_be_checked()
    trainer.check()
    tab.click(tab.button("save_roles"))
    expect(tab.status_message()).to_have_text(tab.text["roles_saved"].format(name="Tomás Ruiz"))
    expect(trainer).to_be_checked()
    assert tab.page.url.endswith(f"/admin/users/{person.id}")
    db.session.refresh(person)
    assert person.roles == {"trainer"}


def test_form_error_summary_links_to_the_field(tab: Tab) -> None:
    tab.goto("/account/register")
    tab.field("full_name").fill("Ana Gómez")
    tab.field("email").fill("ana@")
    tab.field("password").fill(TEST_PASSWORD)
    tab.field("password_again").fill(TEST_PASSWORD)
    tab.field("country").select_option("GT")
    tab.field("sector").select_option("media")
    tab.click(tab.button("create_account"))

    summary = tab.page.get_by_role("alert")
    expect(summary.get_by_role("heading")).to_have_text(tab.text["errors_title"])
    link = summary.get_by_role("link", name=f"{tab.text['email']}: {tab.text['bad_email']}")
    link.click()
    expect(tab.field("email")).to_be_focused()
    expect(tab.field("email")).to_have_attribute("aria-invalid", "true")
    # What the person typed is kept, so they only correct the mistake.
    expect(tab.field("email")).to_have_value("ana@")
    expect(tab.field("full_name")).to_have_value("Ana Gómez")
