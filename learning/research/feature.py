"""The research exchange plugged into the app, with its recent outputs on the home page."""

from __future__ import annotations

from flask import Flask

from learning.platform.slots import FILE_ACCESS, HOME_SECTIONS, JOB_KINDS, NAVIGATION_COUNTS, Count
from learning.research import featured, jobs
from learning.research.blueprint import bp
from learning.research.routes import (  # noqa: F401 - each adds its views to bp
    curation,
    deposit,
    discovery,
    files,
    harvesting,
)
from learning.research.services.access import file_access
from learning.research.services.curation import queue_length


def init_app(app: Flask) -> None:
    """Register the pages and the commands, say who may download research files, count the
    curation queue in the curators' header, and offer the rebuilding of the search index as
    a job."""
    app.register_blueprint(bp)
    app.cli.add_command(jobs.research_cli)
    FILE_ACCESS.fill(app, file_access, key="research")
    HOME_SECTIONS.fill(app, featured.SECTION)
    NAVIGATION_COUNTS.fill(app, Count(("research",), queue_length), key="research.curation")
    for name, kind in jobs.KINDS.items():
        JOB_KINDS.fill(app, kind, key=name)
