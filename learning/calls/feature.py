"""Calls plugged into the app: its pages, who may download an applicant's supporting document,
what goes when a person deletes their account and its work on the job queue (the
decision e-mails), through the slots of the features below it
(learning/platform/slots.py)."""

from __future__ import annotations

from flask import Flask

from learning.calls import jobs
from learning.calls.blueprint import bp
from learning.calls.routes import (  # noqa: F401 - each adds its views to bp
    applying,
    managing,
    panel,
    public,
    reviewing,
    selecting,
)
from learning.calls.routes.applying import DOCUMENT_KIND, document_access
from learning.calls.services.applications import forget_person
from learning.platform.slots import ACCOUNT_DELETING, FILE_ACCESS, JOB_KINDS


def init_app(app: Flask) -> None:
    """Register the pages, and fill the slots of storage and accounts."""
    app.register_blueprint(bp)
    ACCOUNT_DELETING.fill(app, forget_person)
    FILE_ACCESS.fill(app, document_access, key=DOCUMENT_KIND)
    for name, kind in jobs.KINDS.items():
        JOB_KINDS.fill(app, kind, key=name)
