"""Administration plugged into the app."""

from __future__ import annotations

from flask import Flask

from learning.admin import (  # noqa: F401 - job_pages adds its views to routes.bp
    exports,
    housekeeping,
    job_pages,
    routes,
)
from learning.platform.slots import FILE_ACCESS, JOB_KINDS, JOB_SCHEDULE


def init_app(app: Flask) -> None:
    """Register the pages; files uploaded on the storage page are for administrators; the
    platform's housekeeping runs on the job queue."""
    app.register_blueprint(routes.bp)
    FILE_ACCESS.fill(app, routes.probe_access, key="probe")
    for name, kind in {**housekeeping.KINDS, **exports.KINDS}.items():
        JOB_KINDS.fill(app, kind, key=name)
    for name, schedule in housekeeping.SCHEDULE.items():
        JOB_SCHEDULE.fill(app, schedule, key=name)
