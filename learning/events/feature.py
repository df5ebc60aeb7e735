"""Events plugged into the app: its pages, who may download an event's cover, what goes when
a person deletes their account, its work on the job queue (the cancellation e-mails), its
entries in each person's private calendar feed and the upcoming events on the home page,
through the slots of the features below it (learning/platform/slots.py)."""

from __future__ import annotations

from flask import Flask

from learning.events import certificates_jobs, featured, jobs, panels
from learning.events.blueprint import bp
from learning.events.routes import (  # noqa: F401 - each adds its views to bp
    attending,
    certificates,
    mailing,
    materials,
    organising,
    public,
    questions,
    registering,
    roster,
    survey,
)
from learning.events.routes.organising import COVER_KIND
from learning.events.services import materials as material_files
from learning.events.services.calendars import feed_entries
from learning.events.services.certificates import ISSUE_JOB, forget_certificates
from learning.events.services.events import cover_access
from learning.events.services.registrations import forget_person
from learning.events.services.walkins import claim_walk_ins
from learning.platform.slots import (
    ACCOUNT_DELETING,
    ADDRESS_PROVEN,
    CALENDAR_ENTRIES,
    CERTIFICATE_LOOKUP,
    FILE_ACCESS,
    HOME_SECTIONS,
    JOB_KINDS,
    JOB_SCHEDULE,
    MY_LEARNING_PANELS,
    OUTPUT_PANELS,
)


def init_app(app: Flask) -> None:
    """Register the pages, and fill the slots of storage, accounts, jobs and enrolment."""
    app.register_blueprint(bp)
    ACCOUNT_DELETING.fill(app, forget_person)
    ADDRESS_PROVEN.fill(app, claim_walk_ins)
    CALENDAR_ENTRIES.fill(app, feed_entries)
    HOME_SECTIONS.fill(app, featured.SECTION)
    FILE_ACCESS.fill(app, cover_access, key=COVER_KIND)
    for name, kind in jobs.KINDS.items():
        JOB_KINDS.fill(app, kind, key=name)
    for name, schedule in jobs.SCHEDULES.items():
        JOB_SCHEDULE.fill(app, schedule, key=name)
    # Certificates of attendance: found by the "type a certificate code" page, issued in bulk.
    CERTIFICATE_LOOKUP.fill(app, certificates.lookup)
    ACCOUNT_DELETING.fill(app, forget_certificates)
    # Materials after the event: who may download their files.
    FILE_ACCESS.fill(app, material_files.file_access, key=material_files.FILE_KIND)
    JOB_KINDS.fill(app, certificates_jobs.KIND, key=ISSUE_JOB)
    # Materials deposited into the research exchange say which event they come from; a
    # person's certificates of attendance are on My learning.
    OUTPUT_PANELS.fill(app, panels.FROM_EVENT)
    MY_LEARNING_PANELS.fill(app, panels.MY_CERTIFICATES)
