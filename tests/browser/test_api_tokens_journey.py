"""Issue 21, a participant and the API: from the profile page to their API tokens, make a
read-only token (shown once), use it from a program, revoke it after confirming, and see it
refused; the documentation page made from the OpenAPI document.

Run in Spanish on a phone, in English on a desktop, and in Spanish on a phone with JavaScript
off. Every page is checked by the Tab (weight, console, width at 360 px, axe-core, keyboard).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.support import Tab
from tests.conftest import TEST_PASSWORD

WORDS = {
    "es": {
        "profile": "Su perfil",
        "tokens": "Sus tokens de la API",
        "title": "Tokens de la API",
        "name": "Nombre",
        "make": "Crear el token",
        "revoke": "Revocar",
        "confirm": "Sí, revocar el token",
        "revoked": "El token está revocado: ya no funciona.",
        "docs": "Documentación de la API",
    },
    "en": {
        "profile": "Your profile",
        "tokens": "Your API tokens",
        "title": "API tokens",
        "name": "Name",
        "make": "Make the token",
        "revoke": "Revoke",
        "confirm": "Yes, revoke the token",
        "revoked": "The token is revoked: it no longer works.",
        "docs": "API documentation",
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


def test_a_person_makes_uses_and_revokes_a_token(tab: Tab, make_user: Callable[..., Any]):
    words = WORDS[tab.lang]
    make_user("rosa@example.org", name="Rosa Programadora", language=tab.lang)
    page = tab.page
    tab.goto("/")
    tab.sign_in("rosa@example.org", TEST_PASSWORD, name="Rosa Programadora")
    tab.goto("/account/profile")
    expect(tab.heading()).to_have_text(words["profile"])
    tab.click(page.get_by_role("link", name=words["tokens"], exact=True))
    expect(tab.heading()).to_have_text(words["title"])

    page.get_by_label(words["name"], exact=True).fill("Mi script")
    tab.click(page.get_by_role("button", name=words["make"], exact=True))
    secret = page.locator("code.token-secret").inner_text()
    assert secret.startswith("pnt_")

    answer = page.request.get(
        tab.base_url + "/api/v1/me/enrolments", headers={"Authorization": f"Bearer {secret}"}
    )
    assert answer.status == 200 and answer.json()["items"] == []

    tab.click(page.get_by_role("link", name=words["revoke"], exact=True))
    tab.click(page.get_by_role("button", name=words["confirm"], exact=True))
    expect(tab.status_message()).to_have_text(words["revoked"])
    refused = page.request.get(
        tab.base_url + "/api/v1/me/enrolments",
        headers={"Authorization": f"Bearer {secret}", "Accept-Language": tab.lang},
    )
    assert refused.status == 401
    assert refused.headers["content-type"].startswith("application/problem+json")

    tab.click(page.get_by_role("link", name=words["docs"], exact=True))
    expect(page.get_by_role("heading", name="GET /api/v1/workshops", exact=True)).to_be_visible()
