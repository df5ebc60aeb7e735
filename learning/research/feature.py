"""The research exchange plugged into the app."""

from __future__ import annotations

from flask import Flask

from learning.platform.slots import FILE_ACCESS
from learning.research import routes, services


def init_app(app: Flask) -> None:
    """Register the pages and say who may download research files."""
    app.register_blueprint(routes.bp)
    FILE_ACCESS.fill(app, services.file_access, key="research")
