"""Administrators: every enrolment of the programme as one CSV for reporting, made by a job
(tens of thousands of rows). People appear by number, country, sector and gender, without
names or e-mail addresses: what the funder's figures need and no more."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from learning.accounts.models import User
from learning.completion.models import Certificate, Completion
from learning.enrolment.messages import STATE_LABELS
from learning.jobs.exports import ExportSource, result_link, run_export
from learning.jobs.models import Job
from learning.jobs.services import JobKind, Progress
from learning.platform.extensions import db
from learning.workshops.models import Edition, Enrolment, Workshop

ENROLMENTS_EXPORT = "admin.enrolments_export"


def _header(params: dict[str, Any]) -> Sequence[str]:
    return [
        _("Enrolment"),
        _("Participant number"),
        _("Workshop"),
        _("Edition"),
        _("Edition starts"),
        _("State"),
        _("Enrolled on"),
        _("Completed on"),
        _("Certificate"),
        _("Country"),
        _("Sector"),
        _("Gender"),
    ]


def _rows(params: dict[str, Any]) -> Iterator[Sequence[object]]:
    """Streamed from one query in batches: no row is kept once written."""
    certified = select(Certificate.enrolment_id).where(Certificate.revoked_at.is_(None))
    query = (
        select(
            Enrolment.id,
            User.id,
            Workshop.slug,
            Edition.name,
            Edition.starts_on,
            Enrolment.state,
            Enrolment.created_at,
            Completion.completed_at,
            Enrolment.id.in_(certified),
            User.country,
            User.sector,
            User.gender,
        )
        .join(User, Enrolment.user_id == User.id)
        .join(Edition, Enrolment.edition_id == Edition.id)
        .join(Workshop, Edition.workshop_id == Workshop.id)
        .outerjoin(Completion, Completion.enrolment_id == Enrolment.id)
        .order_by(Enrolment.id)
        .execution_options(yield_per=1000)
    )
    yes, no = _("yes"), _("no")
    states = {key: str(label) for key, label in STATE_LABELS.items()}
    for row in db.session.execute(query):
        (enrolment, person, slug, edition, starts, state, since, completed, cert, *rest) = row
        yield [
            enrolment,
            person,
            slug,
            edition,
            starts.isoformat() if starts else "",
            states.get(state, state),
            since.date().isoformat(),
            completed.date().isoformat() if completed else "",
            yes if cert else no,
            *(value or "" for value in rest),
        ]


def _count(params: dict[str, Any]) -> int:
    return db.session.scalar(select(func.count(Enrolment.id))) or 0


ENROLMENTS = ExportSource(
    header=_header,
    rows=_rows,
    count=_count,
    filename=lambda params: "puente-enrolments.csv",
)


def run_enrolments_export(job: Job, progress: Progress) -> None:
    """Every enrolment as CSV, into a file for the administrator who asked."""
    run_export(job, progress, ENROLMENTS)


KINDS = {
    ENROLMENTS_EXPORT: JobKind(
        _l("Every enrolment (CSV)"), run_enrolments_export, result=result_link
    ),
}
