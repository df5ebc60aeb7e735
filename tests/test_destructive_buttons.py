"""Issue 22: destructive buttons look destructive, and alike, on every page. A button (or a
link drawn as one) that deletes, removes, withdraws, revokes, cancels, deactivates, leaves or
turns something off carries the one destructive class of the stylesheet, button-danger."""

from __future__ import annotations

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
STYLESHEET = Path(__file__).resolve().parent.parent / "static" / "css" / "puente.css"

# The label of a destructive action (not "No, keep it", nor a toggle such as a star).
DESTRUCTIVE = re.compile(
    r'_\("(Delete|Remove|Withdraw|Revoke|Deactivate|Cancel the|Turn the link off|Leave this'
    r"|Sign out everywhere|Yes, (leave|remove|delete|cancel))"
)
# A button: our post_button macro, a <button>, or a link drawn as a button.
BUTTON = re.compile(r'post_button\(|<button\b|<a class="button\b')


def _button_lines() -> list[tuple[str, int, str]]:
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if BUTTON.search(line) and DESTRUCTIVE.search(line):
                found.append((str(path.relative_to(TEMPLATES)), number, line.strip()))
    return found


def test_every_destructive_button_has_the_danger_class():
    lines = _button_lines()
    assert len(lines) > 15, "the scan finds the site's destructive buttons"
    plain = [(path, number) for path, number, line in lines if "button-danger" not in line]
    assert plain == []


def test_the_danger_class_is_the_one_the_stylesheet_defines():
    css = STYLESHEET.read_text(encoding="utf-8")
    assert ".button-danger {" in css
    # No second destructive style competes with it.
    assert not re.search(r"\.(button-delete|button-destructive|btn-danger|danger-button)\b", css)
