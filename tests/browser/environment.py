"""What the browser tests need from the machine, how the browser is set up, and why the tests
skip when something is missing.

Kept free of third-party imports, so conftest.py loads (and says why) even without Playwright.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Debian's Chromium, never a browser downloaded by `playwright install` (the network is closed).
CHROMIUM = Path("/usr/bin/chromium")
# Without the networking flags Chromium keeps trying to reach Google's hosts on a closed network.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

LANGUAGES = ("es", "en")
VIEWPORTS = {
    "phone": {"width": 360, "height": 740},
    "desktop": {"width": 1280, "height": 800},
}
# The browser's locale sets Accept-Language, which picks the page language for a visitor.
BROWSER_LOCALES = {"es": "es-MX", "en": "en-GB"}

# Installed from package-lock.json by `make install` (npm ci); injected into pages by the tests.
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def have_playwright() -> bool:
    return importlib.util.find_spec("playwright") is not None


def missing() -> str | None:
    """Why the browser tests cannot run here (one line saying how to enable them), or None."""
    if not CHROMIUM.exists():
        return (
            f"browser tests skipped: Chromium not found at {CHROMIUM} — install it with "
            "`apt-get install chromium chromium-driver` (CI does)"
        )
    if not have_playwright():
        return (
            "browser tests skipped: the Python package playwright is not installed — "
            "run `make install` (it installs the dev extras)"
        )
    if not AXE_JS.exists():
        return (
            f"browser tests skipped: axe-core not found at {AXE_JS.relative_to(ROOT)} — "
            "run `make install` with npm on PATH (it runs `npm ci`), or `npm ci` yourself"
        )
    return None
