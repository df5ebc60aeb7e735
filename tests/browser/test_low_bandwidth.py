"""Low bandwidth: the participant journey without JavaScript, and text fast on slow 3G."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from tests.browser.support import Report, Tab
from tests.conftest import TEST_PASSWORD, Outbox

# DevTools' network emulation: ~400 ms round trip, ~400 kbit/s each way.
SLOW_3G = {
    "offline": False,
    "latency": 400,
    "downloadThroughput": 400 * 1000 // 8,
    "uploadThroughput": 400 * 1000 // 8,
}
TEXT_WITHIN_SECONDS = 3.0

# Pages whose text must appear within TEXT_WITHIN_SECONDS on slow 3G: (path, heading text key
# or None for any main heading). The lesson page joins this list when it lands.
SLOW_3G_PAGES = [
    pytest.param("/", id="home"),
]


def test_participant_journey_without_javascript(
    new_tab: Callable[..., Tab], outbox: Outbox
) -> None:
    tab = new_tab("es", "phone", javascript=False)
    email = "sin.script@example.org"
    tab.goto("/")
    tab.register(name="Julio Sin Script", email=email, password=TEST_PASSWORD)
    [message] = outbox.to(email)
    tab.goto(outbox.link(message))
    expect(tab.status_message()).to_have_text(tab.text["confirmed"])
    # The link signed him in (issue 22).
    expect(tab.main_nav().get_by_role("link", name="Julio Sin Script", exact=True)).to_be_visible()
    tab.sign_out()


@pytest.mark.parametrize("path", SLOW_3G_PAGES)
def test_text_appears_quickly_on_slow_3g(new_tab: Callable[..., Tab], path: str) -> None:
    """A first visit (cache off) on a phone: the main heading is painted within 3 seconds."""
    tab = new_tab("es", "phone")
    tab.network.cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    started = time.monotonic()
    tab.page.goto(tab.base_url + path, wait_until="commit")
    expect(tab.heading()).to_be_visible(timeout=TEXT_WITHIN_SECONDS * 1000)
    # Visible in the DOM is not yet on screen: wait for the first paint with text.
    tab.page.wait_for_function(
        "() => performance.getEntriesByName('first-contentful-paint').length > 0",
        timeout=TEXT_WITHIN_SECONDS * 1000,
    )
    elapsed = time.monotonic() - started
    Report.slow_3g[path] = elapsed
    assert elapsed < TEXT_WITHIN_SECONDS, f"{path}: text appeared after {elapsed:.1f} s"


def test_lesson_text_appears_quickly_on_slow_3g(
    new_tab: Callable[..., Tab], make_user: Callable[..., object]
) -> None:
    """An enrolled participant on a phone opens a lesson over slow 3G: text within 3 s."""
    from learning.platform.extensions import db
    from tests.workshops.conftest import enrol_in_new_edition, make_workshop

    learner = make_user(email="lenta@example.org", name="Lucía Lenta", language="es")
    workshop = make_workshop(make_user(roles=["trainer"]), slug="conexion-lenta")
    enrol_in_new_edition(learner, workshop)
    db.session.commit()
    path = f"/workshops/conexion-lenta/lessons/{workshop.modules[0].lessons[0].id}"

    tab = new_tab("es", "phone")
    tab.goto("/")
    tab.sign_in("lenta@example.org", TEST_PASSWORD, name="Lucía Lenta")
    tab.goto(path)  # weight, axe, keyboard and overflow checks on the lesson page
    tab.network.cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    tab.network.cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    started = time.monotonic()
    tab.page.goto(tab.base_url + path, wait_until="commit")
    expect(tab.heading()).to_be_visible(timeout=TEXT_WITHIN_SECONDS * 1000)
    tab.page.wait_for_function(
        "() => performance.getEntriesByName('first-contentful-paint').length > 0",
        timeout=TEXT_WITHIN_SECONDS * 1000,
    )
    elapsed = time.monotonic() - started
    Report.slow_3g[path] = elapsed
    assert elapsed < TEXT_WITHIN_SECONDS, f"lesson: text appeared after {elapsed:.1f} s"
