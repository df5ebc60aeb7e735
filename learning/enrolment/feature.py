"""Enrolment plugged into the app: its pages and commands, and what it adds to the features
below it through their slots (learning/platform/slots.py): seats on catalogue cards, the
editions on a workshop page, the authors' button to them, who may download an uploaded roster,
invitations claimed when a person proves their address, and its work on the job queue."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning.accounts.models import User
from learning.enrolment import cli, jobs
from learning.enrolment.blueprint import bp
from learning.enrolment.messages import STATE_LABELS
from learning.enrolment.routes import (  # noqa: F401 - each adds its views to bp
    announcements,
    calendars,
    editions,
    imports,
    mylearning,
    roster,
)
from learning.enrolment.services import imports as import_services
from learning.enrolment.services.notices import deliver
from learning.enrolment.services.seats import claim_invitations, my_states, seats_left_for
from learning.platform.dbtypes import utcnow
from learning.platform.slots import (
    ADDRESS_PROVEN,
    CATALOGUE_SEATS,
    FILE_ACCESS,
    JOB_KINDS,
    JOB_SCHEDULE,
    WORKSHOP_EDITIONS,
    WORKSHOP_EDITOR_LINKS,
    Panel,
)
from learning.workshops.models import Edition, Workshop


def editions_link(workshop: Workshop) -> tuple[str, str]:
    """The button on a workshop page for its authors: its editions and their rosters."""
    return _("Editions and rosters"), url_for("enrolment.editions", slug=workshop.slug)


def workshop_editions(workshop: Workshop, upcoming: list[Edition]) -> dict[str, Any]:
    """What templates/enrolment/_workshop_editions.html needs on a workshop page: the upcoming
    editions with their seats left, and for each the reader's place or an enrol button."""
    return {
        "workshop": workshop,
        "editions": upcoming,
        "seats": seats_left_for([workshop]),
        "mine": my_states(current_user, upcoming),
        "today": utcnow().date(),
        "STATE_LABELS": STATE_LABELS,
    }


def claim_on_proof(user: User) -> Callable[[], object] | None:
    """A person proved their address: the invitations sent to it become enrolments now, and
    their e-mails go out after the commit."""
    notices = claim_invitations(user)
    return (lambda: deliver(notices)) if notices else None


def init_app(app: Flask) -> None:
    """Register the pages and commands, and fill the slots of storage, accounts and
    workshops."""
    app.register_blueprint(bp)
    app.cli.add_command(cli.enrolment_cli)
    FILE_ACCESS.fill(app, import_services.file_access, key="csv-import")
    ADDRESS_PROVEN.fill(app, claim_on_proof)
    CATALOGUE_SEATS.fill(app, seats_left_for)
    WORKSHOP_EDITIONS.fill(
        app, Panel("enrolment", "enrolment/_workshop_editions.html", workshop_editions)
    )
    WORKSHOP_EDITOR_LINKS.fill(app, editions_link)
    for name, kind in jobs.KINDS.items():
        JOB_KINDS.fill(app, kind, key=name)
    for name, schedule in jobs.SCHEDULE.items():
        JOB_SCHEDULE.fill(app, schedule, key=name)
