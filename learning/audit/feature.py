"""The audit log plugged into the app: it has no pages of its own (the admin shows it)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Nothing to register: other features write to the log through audit.services."""
