"""Core pages plugged into the app: home, language switch, health checks, privacy notice."""

from __future__ import annotations

from flask import Flask

from learning.core import routes


def init_app(app: Flask) -> None:
    """Register the pages."""
    app.register_blueprint(routes.bp)
