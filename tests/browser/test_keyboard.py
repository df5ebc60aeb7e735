"""Keyboard alone: the skip link comes first, focus is always visible, forms can be sent."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page, expect

from tests.browser.support import TAB_STOPS, Tab
from tests.conftest import TEST_PASSWORD, Outbox

FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const rect = el.getBoundingClientRect();
  const nav = el.closest("nav");
  return {
    tag: el.tagName.toLowerCase(),
    id: el.id,
    text: (el.innerText || el.value || "").trim(),
    href: el.getAttribute("href"),
    className: typeof el.className === "string" ? el.className : "",
    nav: nav ? nav.getAttribute("aria-label") : null,
    inMain: el.closest("main") !== null,
    outline: `${style.outlineStyle} ${style.outlineWidth}`,
    outlineVisible: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
    onScreen: rect.width > 0 && rect.height > 0 && rect.left >= 0 && rect.top >= 0
              && rect.right <= window.innerWidth,
  };
}"""


# The focus outline against what is behind it (the nearest ancestor with a background, since
# the outline is drawn outside the element), as a WCAG contrast ratio.
OUTLINE_CONTRAST = """() => {
  const rgb = (color) => (color.match(/[\\d.]+/g) || []).map(Number);
  const luminance = ([r, g, b]) => {
    const [R, G, B] = [r, g, b].map((c) => {
      c /= 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * R + 0.7152 * G + 0.0722 * B;
  };
  const el = document.activeElement;
  let behind = el.parentElement;
  while (behind && (rgb(getComputedStyle(behind).backgroundColor)[3] === 0
                    || getComputedStyle(behind).backgroundColor === "transparent")) {
    behind = behind.parentElement;
  }
  const back = behind ? getComputedStyle(behind).backgroundColor : "rgb(255, 255, 255)";
  const outline = getComputedStyle(el).outlineColor;
  const [a, b] = [luminance(rgb(outline)), luminance(rgb(back))];
  return {ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05), outline, back};
}"""


def focused(page: Page) -> dict[str, Any]:
    return page.evaluate(FOCUSED)


def press_tab(page: Page) -> dict[str, Any]:
    """Tab once; the element that gets focus must be on screen and visibly outlined."""
    page.keyboard.press("Tab")
    element = focused(page)
    assert element["onScreen"], f"focus went off screen: {element}"
    assert element["outlineVisible"], f"focus is not outlined: {element}"
    return element


def tab_to(page: Page, element_id: str, *, limit: int) -> dict[str, Any]:
    """Tab until the element with ``element_id`` has focus, in at most ``limit`` presses."""
    for _ in range(limit):
        element = press_tab(page)
        if element["id"] == element_id:
            return element
    raise AssertionError(f"#{element_id} not reached in {limit} presses of Tab")


def test_skip_link_first_then_the_navigation(tab: Tab) -> None:
    tab.goto("/")
    page = tab.page

    first = press_tab(page)
    assert "skip-link" in first["className"], f"the first Tab reached {first}, not the skip link"
    assert first["text"] == tab.text["skip"]
    assert first["href"] == "#main"

    # Then, past the programme name and the language switch, the main navigation.
    before_nav = []
    for _ in range(4):
        element = press_tab(page)
        if element["nav"] == tab.text["main_nav"]:
            break
        before_nav.append(element)
    else:
        raise AssertionError(f"the main navigation was not reached; focus went {before_nav}")
    for element in before_nav:
        assert "brand" in element["className"] or element["nav"] == tab.text["language_nav"], (
            f"unexpected stop before the navigation: {element}"
        )

    # The skip link does what it says: the next Tab lands inside the main content.
    page.keyboard.press("Shift+Tab")
    for _ in before_nav:
        page.keyboard.press("Shift+Tab")
    assert "skip-link" in focused(page)["className"]
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"
    assert press_tab(page)["inMain"]


def test_register_with_the_keyboard_alone(tab: Tab, outbox: Outbox) -> None:
    email = f"teclado.{tab.where}@example.org"
    tab.goto("/account/register")
    page, keys = tab.page, tab.page.keyboard

    tab_to(page, "name", limit=20)
    keys.type("Marta Teclado")
    tab_to(page, "email", limit=1)
    keys.type(email)
    tab_to(page, "password", limit=1)
    keys.type(TEST_PASSWORD)
    tab_to(page, "password_again", limit=1)
    keys.type(TEST_PASSWORD)
    tab_to(page, "country", limit=1)
    keys.press("ArrowDown")  # the programme's countries come first: Mexico
    tab_to(page, "sector", limit=2)
    keys.press("ArrowDown")
    expect(tab.field("country")).to_have_value("MX")
    expect(tab.field("sector")).not_to_have_value("")

    for _ in range(6):
        if (
            press_tab(page)["tag"] in ("button", "input")
            and focused(page)["text"] == (tab.text["create_account"])
        ):
            break
    else:
        raise AssertionError("the submit button was not reached with Tab")
    with tab.follow():
        keys.press("Enter")
    expect(tab.heading()).to_have_text(tab.text["check_email"])
    assert len(outbox.to(email)) == 1


def test_focus_outline_contrasts_with_what_is_behind_it(new_tab: Callable[..., Tab]) -> None:
    tab = new_tab("en", "desktop")
    tab.goto("/")
    weak = []
    for _ in range(page_stops := tab.page.evaluate(TAB_STOPS)):
        element = press_tab(tab.page)
        contrast = tab.page.evaluate(OUTLINE_CONTRAST)
        if contrast["ratio"] < 3:
            weak.append(f"{element['tag']} {element['text'][:20]!r}: {contrast}")
    assert not weak, f"{len(weak)} of {page_stops} focus outlines under 3:1:\n" + "\n".join(weak)
