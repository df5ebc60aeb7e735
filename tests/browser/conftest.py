"""Fixtures for the journeys in a real browser: the app served on a free local port, Debian's
Chromium driven by Playwright, and a tab per language and viewport.

Without Chromium, Playwright or axe-core the journeys are left out and test_setup.py is skipped
with one line in the summary (pytest runs with -ra) that says how to enable them; where
PUENTE_BROWSER_TESTS=required (CI sets it) that test fails instead.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from flask import Flask
from werkzeug.serving import WSGIRequestHandler, make_server

from tests.browser.environment import (
    AXE_JS,
    BROWSER_LOCALES,
    CHROMIUM,
    CHROMIUM_ARGS,
    LANGUAGES,
    VIEWPORTS,
    missing,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser

    from tests.browser.support import Tab

HERE = Path(__file__).parent
WHY_NOT = missing()

if WHY_NOT:
    # Leave every test out but the one that says why: one line in the summary (-ra).
    collect_ignore = [path.name for path in HERE.glob("test_*.py") if path.name != "test_setup.py"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Everything here is a browser test: `-m "not browser"` leaves them out."""
    for item in items:
        if "tests/browser/" in item.nodeid:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def _session_app(app_factory: Callable[..., Flask]) -> Flask:
    """Overrides the one in tests/conftest.py, so its ``app`` fixture (app context, outbox and
    rate limits reset, every table emptied after the test) serves the browser tests too.

    CSRF is on, as in production: the browser sends the real forms. No SERVER_NAME, so the
    links in e-mails name the live server's address.
    """
    return app_factory(WTF_CSRF_ENABLED=True, SERVER_NAME=None)


class _QuietHandler(WSGIRequestHandler):
    """Errors are still logged; one line per request is noise in a failing test's output."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


@dataclass
class LiveServer:
    url: str
    app: Flask


@pytest.fixture(scope="session")
def live_server(_session_app: Flask) -> Iterator[LiveServer]:
    """The test app served over HTTP on 127.0.0.1 and a free port, in a background thread."""
    server = make_server("127.0.0.1", 0, _session_app, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield LiveServer(f"http://127.0.0.1:{server.server_port}", _session_app)
    server.shutdown()
    thread.join()
    server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the session (Debian's; Playwright downloads nothing)."""
    if WHY_NOT:  # a test file named on the command line is collected all the same
        pytest.skip(WHY_NOT)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def new_tab(app: Flask, browser: Browser, live_server: LiveServer) -> Iterator[Callable[..., Tab]]:
    """new_tab(lang, viewport, javascript=True, excuse_known=True): a tab in a fresh context.

    Depends on ``app`` so the contexts close before the database is emptied.

    axe-core goes into every document as an init script (DevTools' "evaluate on new document"),
    which runs outside the page's Content-Security-Policy (script-src 'self'). So neither the
    app's policy nor the browser's enforcement of it is weakened: a page that breaks its own
    policy (an inline style or script) still fails, through the console-error check. It is
    also twice as fast as add_script_tag, which sends the 650 KB script again for each page.
    """
    from tests.browser.support import Tab

    contexts = []

    def factory(
        lang: str = "en",
        viewport: str = "desktop",
        *,
        javascript: bool = True,
        excuse_known: bool = True,
    ) -> Tab:
        phone = viewport == "phone"
        context = browser.new_context(
            viewport=VIEWPORTS[viewport],
            locale=BROWSER_LOCALES[lang],
            is_mobile=phone,
            has_touch=phone,
            java_script_enabled=javascript,
        )
        context.set_default_timeout(10_000)
        if javascript:
            context.add_init_script(path=AXE_JS)
        contexts.append(context)
        return Tab(
            context.new_page(),
            live_server.url,
            live_server.app,
            lang=lang,
            viewport=viewport,
            javascript=javascript,
            excuse_known=excuse_known,
        )

    yield factory
    for context in contexts:
        context.close()


VARIANTS = [(lang, viewport) for lang in LANGUAGES for viewport in VIEWPORTS]


@pytest.fixture(params=VARIANTS, ids=[f"{lang}-{viewport}" for lang, viewport in VARIANTS])
def tab(request: pytest.FixtureRequest, new_tab: Callable[..., Tab]) -> Tab:
    """A tab in each language (es, en) at each viewport (phone 360×740, desktop 1280×800)."""
    lang, viewport = request.param
    return new_tab(lang, viewport)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Page weights (for the README) and the findings that did not fail a test."""
    if WHY_NOT:
        return
    from tests.browser.support import PAGE_BUDGET, Report

    if Report.weights:
        write = terminalreporter.write_line
        terminalreporter.section(
            f"page weight: bytes on a first visit, budget {PAGE_BUDGET // 1024} KB"
        )
        write(f"{'page':<32} {'example path':<28} {'bytes':>8} {'KB':>6}")
        for weight in sorted(Report.weights.values(), key=lambda w: w.page):
            path = weight.path if len(weight.path) <= 28 else weight.path[:25] + "..."
            write(f"{weight.page:<32} {path:<28} {weight.size:>8} {weight.size / 1024:>6.1f}")
    if Report.slow_3g:
        terminalreporter.section("slow 3G (400 ms, 400 kbit/s): main heading painted after")
        for path, seconds in sorted(Report.slow_3g.items()):
            terminalreporter.write_line(f"{path:<32} {seconds:.2f} s")
    if Report.findings:
        terminalreporter.section("findings that fail no test: axe below serious, known defects")
        for (rule, impact, page), targets in sorted(Report.findings.items()):
            where = ", ".join(sorted(targets))
            terminalreporter.write_line(f"{rule} ({impact}) on {page}: {where}")
