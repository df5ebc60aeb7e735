"""The pages no journey passes through: visited so each is weighed, checked with axe-core and
swept with the keyboard too. Main-navigation links are followed whatever they are, so each
feature's pages join the tour when its link appears in the header.

The tours run in Spanish on a phone (the longest words on the narrowest screen) and in English
on a desktop: both languages and both viewports, at half the cost of all four pairs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from learning.demo.commands import DEMO_PASSWORD
from learning.platform.extensions import db
from learning.workshops.models import Lesson
from tests.browser.support import PLAY_VIDEO, Tab
from tests.conftest import TEST_PASSWORD


def follow_main_navigation(tab: Tab) -> None:
    """Open every page the main navigation links to (sign-in and register aside)."""
    links = tab.main_nav().get_by_role("link")
    hrefs = [links.nth(i).get_attribute("href") or "" for i in range(links.count())]
    for href in hrefs:
        if href.startswith("/account/"):
            continue
        tab.goto(href)


TOUR_VARIANTS = pytest.mark.parametrize(
    "tab", [("es", "phone"), ("en", "desktop")], ids=["es-phone", "en-desktop"], indirect=True
)


@TOUR_VARIANTS
def test_visitor_tour(tab: Tab) -> None:
    tab.goto("/")
    follow_main_navigation(tab)
    tab.click(tab.page.get_by_role("contentinfo").get_by_role("link", name=tab.text["privacy"]))
    tab.goto("/no-such-page")
    expect(tab.heading()).to_be_visible()
    tab.goto("/account/confirm/not-a-real-token")
    tab.goto("/account/confirm")

    # Signing in with a wrong password shows the problem on the sign-in page.
    tab.goto("/account/sign-in")
    tab.field("email").fill("nobody@example.org")
    tab.field("password").fill("not the password")
    tab.click(tab.button("sign_in"))
    expect(tab.page.locator(".error-summary[role=alert]")).to_be_visible()


@TOUR_VARIANTS
def test_participant_tour(tab: Tab, make_user: Callable[..., Any]) -> None:
    make_user("pablo@example.org", name="Pablo Díaz", language=tab.lang)
    tab.goto("/account/sign-in")
    tab.sign_in("pablo@example.org", TEST_PASSWORD, name="Pablo Díaz")
    follow_main_navigation(tab)

    tab.click(tab.main_nav().get_by_role("link", name="Pablo Díaz", exact=True))
    # Save the profile as it is (the first button; "Sign out everywhere" follows it).
    tab.click(tab.page.get_by_role("main").get_by_role("button").first)
    expect(tab.status_message()).to_be_visible()
    tab.click(tab.page.get_by_role("main").get_by_role("link", name=tab.text["change_password"]))
    expect(tab.page.locator("#current_password")).to_be_visible()

    tab.goto("/admin/users")  # not an administrator: the 403 page
    expect(tab.heading()).to_be_visible()


def test_demo_home_and_workshop_pages(app: Any, tab: Tab) -> None:
    """With the demo loaded (what `make run` shows), the home page with its featured workshops,
    events and research, and a featured workshop's page pass every check: in both languages,
    on a phone and on a desktop (the tab fixture's four variants)."""
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    tab.goto("/")
    main = tab.page.get_by_role("main")
    expect(main.locator("#home-workshops")).to_be_visible()
    expect(main.locator("#home-events")).to_be_visible()
    expect(main.locator("#home-research")).to_be_visible()
    covers = main.locator(".home-section img.card-cover")
    expect(covers.first).to_be_visible()
    assert covers.count() >= 3
    card = main.locator(".home-section .card h3 a").first
    # The page checks scrolled lazy covers into view: let them finish, or leaving the page
    # cancels them and the next page's load record never settles.
    tab.page.wait_for_load_state("networkidle")
    tab.click(card)
    expect(tab.heading()).to_be_visible()
    assert "/workshops/" in tab.page.url


def test_demo_video_lesson_plays_from_our_own_server(app: Any, new_tab: Callable[..., Tab]) -> None:
    """The demo's video lesson plays in the browser, its file served by our own store."""
    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    lesson = next(
        lesson
        for lesson in db.session.scalars(select(Lesson).where(Lesson.kind == "video"))
        if lesson.materials
    )
    path = f"/workshops/{lesson.module.workshop.slug}/lessons/{lesson.id}"
    tab = new_tab("es", "phone")
    tab.goto("/account/sign-in")
    tab.sign_in("participant@demo.puente", DEMO_PASSWORD, name="Pablo Participante")
    tab.goto(path)
    video = tab.page.locator("main video")
    expect(video).to_be_visible()
    assert (video.get_attribute("src") or "").startswith("/files/")
    played = tab.page.evaluate(PLAY_VIDEO)
    assert played[0] > 0.3 and 4 <= played[1] <= 10 and played[2] > 0, played
