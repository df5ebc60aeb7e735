"""Workshops plugged into the app: the pages, the template helpers of reading lessons, who may
download a material or a cover, the workshops that use a research output, and the featured
workshops on the home page."""

from __future__ import annotations

from flask import Flask

from learning.platform.slots import FILE_ACCESS, HOME_SECTIONS, OUTPUT_USAGE
from learning.workshops import featured, readings
from learning.workshops.blueprint import bp
from learning.workshops.routes import (  # noqa: F401 - each adds its views to bp
    authoring,
    catalogue,
    curriculum,
    lessons,
    materials,
    pages,
)
from learning.workshops.services.materials import file_access


def init_app(app: Flask) -> None:
    """Register the pages and helpers, and fill the slots of storage and research."""
    app.register_blueprint(bp)
    readings.init_app(app)
    FILE_ACCESS.fill(app, file_access, key="material")
    FILE_ACCESS.fill(app, file_access, key="cover")
    OUTPUT_USAGE.fill(app, readings.workshops_using)
    HOME_SECTIONS.fill(app, featured.SECTION)
