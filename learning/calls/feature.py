"""Calls plugged into the app: its pages, who may download an applicant's supporting document
(and a referee's letter, a placement's agreement and reports),
what goes when a person deletes their account and its work on the job queue (the
decision e-mails), through the slots of the features below it
(learning/platform/slots.py)."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from learning.calls import jobs
from learning.calls.blueprint import bp
from learning.calls.routes import (  # noqa: F401 - each adds its views to bp
    applying,
    form,
    managing,
    panel,
    placing,
    public,
    referring,
    reviewing,
    selecting,
)
from learning.calls.routes.applying import (
    ANSWER_KIND,
    DOCUMENT_KIND,
    answer_access,
    document_access,
)
from learning.calls.routes.placing import PLACEMENT_KIND, placement_file_access
from learning.calls.routes.referring import letter_access
from learning.calls.services.applications import forget_person
from learning.calls.services.referees import LETTER_KIND
from learning.platform.slots import (
    ACCOUNT_DELETING,
    FILE_ACCESS,
    JOB_KINDS,
    NAVIGATION_ENTRIES,
    NavEntry,
)


def init_app(app: Flask) -> None:
    """Register the pages, and fill the slots of storage, accounts and the header."""
    app.register_blueprint(bp)
    # The calls in the site header, after Events.
    NAVIGATION_ENTRIES.fill(app, NavEntry("calls.index", _l("Calls"), (), 32))
    ACCOUNT_DELETING.fill(app, forget_person)
    FILE_ACCESS.fill(app, document_access, key=DOCUMENT_KIND)
    FILE_ACCESS.fill(app, letter_access, key=LETTER_KIND)
    FILE_ACCESS.fill(app, answer_access, key=ANSWER_KIND)
    FILE_ACCESS.fill(app, placement_file_access, key=PLACEMENT_KIND)
    for name, kind in jobs.KINDS.items():
        JOB_KINDS.fill(app, kind, key=name)
