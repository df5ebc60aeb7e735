"""The research exchange plugged into the app."""

from __future__ import annotations

from flask import Flask

from learning.platform.slots import FILE_ACCESS
from learning.research.blueprint import bp
from learning.research.routes import (  # noqa: F401 - each adds its views to bp
    curation,
    deposit,
    discovery,
    files,
    harvesting,
)
from learning.research.services.access import file_access


def init_app(app: Flask) -> None:
    """Register the pages and say who may download research files."""
    app.register_blueprint(bp)
    FILE_ACCESS.fill(app, file_access, key="research")
