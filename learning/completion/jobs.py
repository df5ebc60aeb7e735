"""Completion's work on the job queue: the report of a large edition as CSV, and every
certificate of an edition as PDFs in one ZIP."""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from typing import Any

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from learning.completion.certificates import render_pdf
from learning.completion.models import Certificate, QuizAttempt
from learning.completion.services.common import ACCESS_STATES
from learning.completion.services.report import edition_report, report_lessons
from learning.jobs.exports import ExportSource, keep_result, result_link, run_export
from learning.jobs.models import Job
from learning.jobs.services import JobKind, Progress
from learning.platform.extensions import db
from learning.storage.filenames import clean_filename
from learning.workshops.models import Edition, Enrolment, Lesson

REPORT_EXPORT = "completion.report_export"
CERTIFICATES_ZIP = "completion.certificates_zip"


def participant_count(edition: Edition) -> int:
    """How many rows the edition's report has (people with access to its lessons)."""
    return (
        db.session.scalar(
            select(func.count(Enrolment.id)).where(
                Enrolment.edition_id == edition.id, Enrolment.state.in_(ACCESS_STATES)
            )
        )
        or 0
    )


def report_filename(edition: Edition) -> str:
    return f"{edition.workshop.slug}-{edition.id}-completion.csv"


def report_header(lessons: list[Lesson]) -> list[str]:
    """The report's header in the reader's language: a column per lesson among the rest."""
    return [
        _("Name"),
        _("E-mail"),
        _("Progress (%)"),
        *[(lesson.text().title if lesson.text() else str(lesson.id)) for lesson in lessons],
        _("Average quiz score (%)"),
        _("Attendance (%)"),
        _("Completed on"),
        _("Certificate code"),
    ]


def report_table(edition: Edition) -> tuple[list[str], list[list[object]]]:
    """The report as a table: a header in the reader's language and one row per person."""
    data = edition_report(edition)
    certificates = {
        c.enrolment_id: c
        for c in db.session.scalars(
            select(Certificate).where(
                Certificate.enrolment_id.in_([r.enrolment_id for r in data.rows])
            )
        )
    }
    # Blank rather than 0 % for someone who never tried a quiz (issue 22).
    tried = set(
        db.session.scalars(
            select(QuizAttempt.enrolment_id)
            .where(QuizAttempt.enrolment_id.in_([r.enrolment_id for r in data.rows]))
            .distinct()
        )
    )
    header = report_header(data.lessons)
    rows = []
    done = _("yes")
    for row in data.rows:
        cert = certificates.get(row.enrolment_id)
        completion = row.status.completion
        rows.append(
            [
                row.name,
                row.email,
                row.percent,
                *[done if lesson.id in row.status.done else "" for lesson in data.lessons],
                ""
                if row.status.quiz_average is None or row.enrolment_id not in tried
                else row.status.quiz_average,
                "" if row.status.attendance_share is None else row.status.attendance_share,
                completion.completed_at.isoformat() if completion else "",
                cert.code if cert and not cert.is_revoked else "",
            ]
        )
    return header, rows


def _edition(params: dict[str, Any]) -> Edition:
    edition = db.session.get(Edition, params["edition_id"])
    if edition is None:
        raise LookupError("the edition was deleted before the job ran")
    return edition


def _report_rows(params: dict[str, Any]) -> Iterable[Sequence[object]]:
    return report_table(_edition(params))[1]


REPORT = ExportSource(
    # The header needs only the lessons: the rows' report is worked out once, by ``rows``.
    header=lambda params: report_header(report_lessons(_edition(params).workshop)),
    rows=_report_rows,
    count=lambda params: participant_count(_edition(params)),
    filename=lambda params: report_filename(_edition(params)),
)


def run_report_export(job: Job, progress: Progress) -> None:
    """A large edition's completion report as CSV, into a file for whoever asked."""
    run_export(job, progress, REPORT)


def edition_certificate_ids(edition: Edition) -> list[int]:
    """The edition's certificates that are not revoked, oldest first."""
    return list(
        db.session.scalars(
            select(Certificate.id)
            .join(Enrolment, Certificate.enrolment_id == Enrolment.id)
            .where(Enrolment.edition_id == edition.id, Certificate.revoked_at.is_(None))
            .order_by(Certificate.id)
        )
    )


def run_certificates_zip(job: Job, progress: Progress) -> None:
    """Every valid certificate of the edition, each in its own language, in one ZIP. A
    retried job starts the ZIP again (the PDFs are made, not sent: nothing is repeated that
    anyone would notice)."""
    edition = _edition(job.params)
    ids = edition_certificate_ids(edition)
    progress(0, total=len(ids))
    with tempfile.TemporaryFile() as out:
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for position, certificate_id in enumerate(ids, start=1):
                certificate = db.session.get(Certificate, certificate_id)
                holder = certificate.enrolment.user.name
                name = clean_filename(f"{position:04d} {holder} {certificate.code}.pdf")
                archive.writestr(name, render_pdf(certificate, certificate.language))
                if position % 10 == 0:
                    progress(position)
        filename = f"{edition.workshop.slug}-{edition.id}-certificates.zip"
        keep_result(job, progress, out, filename, len(ids))


def back_to_report(job: Job) -> tuple[str, str] | None:
    edition = db.session.get(Edition, job.params.get("edition_id"))
    if edition is None:
        return None
    return _("Back to the completion report"), url_for(
        "completion.report", slug=edition.workshop.slug, edition_id=edition.id
    )


KINDS = {
    REPORT_EXPORT: JobKind(
        _l("Completion report export"), run_report_export, back=back_to_report, result=result_link
    ),
    CERTIFICATES_ZIP: JobKind(
        _l("Certificates of an edition (ZIP)"),
        run_certificates_zip,
        back=back_to_report,
        result=result_link,
    ),
}
