"""Each known defect in the pages, reproduced under a strict xfail.

When the lead fixes one in the templates or the stylesheet, its test here passes, which a
strict xfail reports as a failure: then delete its entry from KNOWN_DEFECTS in support.py.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.browser.support import KNOWN_DEFECTS, KnownDefect, Tab

# Defined only while there are known defects: an empty parametrisation would be a skipped test.
if KNOWN_DEFECTS:

    @pytest.mark.parametrize(
        "defect",
        [
            pytest.param(
                defect,
                id=f"{defect.check}-{defect.page}".replace(" (", "-").rstrip(")"),
                marks=pytest.mark.xfail(
                    strict=True, reason=f"{defect.check}: lead to fix in templates ({defect.fix})"
                ),
            )
            for defect in KNOWN_DEFECTS
        ],
    )
    def test_known_defect(new_tab: Callable[..., Tab], defect: KnownDefect) -> None:
        tab = new_tab(defect.lang, defect.viewport, excuse_known=False)
        tab.goto(defect.path)
