"""The programme dashboard plugged into the app."""

from __future__ import annotations

from flask import Flask

from learning.dashboard import routes


def init_app(app: Flask) -> None:
    """Register the pages."""
    app.register_blueprint(routes.bp)
