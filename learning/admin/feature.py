"""Administration plugged into the app."""

from __future__ import annotations

from flask import Flask

from learning.admin import routes
from learning.platform.slots import FILE_ACCESS


def init_app(app: Flask) -> None:
    """Register the pages; files uploaded on the storage page are for administrators."""
    app.register_blueprint(routes.bp)
    FILE_ACCESS.fill(app, routes.probe_access, key="probe")
