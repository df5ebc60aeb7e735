"""Whether the browser tests can run here. When they cannot, conftest.py leaves the others out
and this test alone is skipped, with the reason and how to enable them, in one summary line.
"""

from __future__ import annotations

import json
import os

import pytest

from tests.browser.environment import AXE_JS, ROOT, missing


def test_browser_tests_can_run() -> None:
    why_not = missing()
    if why_not and os.environ.get("PUENTE_BROWSER_TESTS") == "required":  # .ci/run sets it
        pytest.fail(why_not.replace("skipped", "required by PUENTE_BROWSER_TESTS"), pytrace=False)
    if why_not:
        pytest.skip(why_not)
    # node_modules holds the axe-core that package.json pins (make install runs npm ci again).
    pinned = json.loads((ROOT / "package.json").read_text())["devDependencies"]["axe-core"]
    installed = json.loads((AXE_JS.parent / "package.json").read_text())["version"]
    assert installed == pinned, (
        f"node_modules has axe-core {installed} but package.json pins {pinned}: run make install"
    )
