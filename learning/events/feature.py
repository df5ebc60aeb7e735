"""Events plugged into the app: its pages, who may download an event's cover, what goes when
a person deletes their account, its work on the job queue (the cancellation e-mails), its
entries in each person's private calendar feed and the upcoming events on the home page,
through the slots of the features below it (learning/platform/slots.py)."""

from __future__ import annotations

from flask import Flask

from learning.events import featured, jobs
from learning.events.blueprint import bp
from learning.events.routes import (  # noqa: F401 - each adds its views to bp
    attending,
    organising,
    public,
    registering,
    roster,
)
from learning.events.routes.organising import COVER_KIND
from learning.events.services.calendars import feed_entries
from learning.events.services.events import cover_access
from learning.events.services.registrations import forget_person
from learning.platform.slots import (
    ACCOUNT_DELETING,
    CALENDAR_ENTRIES,
    FILE_ACCESS,
    HOME_SECTIONS,
    JOB_KINDS,
)


def init_app(app: Flask) -> None:
    """Register the pages, and fill the slots of storage, accounts, jobs and enrolment."""
    app.register_blueprint(bp)
    ACCOUNT_DELETING.fill(app, forget_person)
    CALENDAR_ENTRIES.fill(app, feed_entries)
    HOME_SECTIONS.fill(app, featured.SECTION)
    FILE_ACCESS.fill(app, cover_access, key=COVER_KIND)
    for name, kind in jobs.KINDS.items():
        JOB_KINDS.fill(app, kind, key=name)
