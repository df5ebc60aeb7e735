"""An edition's completion report for the workshop's authors: participants × lessons, the
counts, the funnel and the survey (kept per edition), and the same as CSV."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flask import abort, render_template
from flask_babel import get_timezone
from flask_babel import gettext as _
from sqlalchemy import select

from learning.audit import services as audit
from learning.completion.blueprint import bp
from learning.completion.messages import FUNNEL_LABELS
from learning.completion.models import Certificate
from learning.completion.services.report import edition_report
from learning.language.i18n import date_formatter
from learning.platform import cache
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.storage.store import private_download
from learning.web.csvutil import export_rows
from learning.web.pagination import page_number
from learning.web.views import load_or_404
from learning.workshops.access import editable as _editable
from learning.workshops.access import editable_facts, edition_facts
from learning.workshops.models import Edition

REPORT_PAGE = 50


def _funnel_bars(funnel: list[tuple[str, int]]) -> list[dict[str, Any]]:
    """Bars of the funnel chart, drawn by the template as SVG (widths in a 0..300 scale)."""
    top = max((count for _key, count in funnel), default=0) or 1
    return [
        {
            "label": str(FUNNEL_LABELS[key]),
            "count": count,
            "width": round(300 * count / top),
            "y": index * 36,
        }
        for index, (key, count) in enumerate(funnel)
    ]


@bp.route("/workshops/<slug>/editions/<int:edition_id>/report")
def report(slug: str, edition_id: int):
    """The workshop's authors: participants × lessons, counts, the funnel, the survey."""
    cache.read_with(*cache.edition_kinds(edition_id))
    workshop = editable_facts(slug)
    found = edition_facts(edition_id)
    if found is None or found.workshop_slug != workshop.slug:
        abort(404)
    number = page_number()
    # Kept per edition: its participants' records and names, and the workshop's lessons,
    # quizzes and rules, renew it; statuses follow the day.
    body = cache.rendered(
        ("workshops", *cache.edition_kinds(found.id)),
        (found.id, number, utcnow().date(), str(get_timezone())),
        "completion/_report_body.html",
        lambda: _report_body(found.load(), number),
    )
    return render_template("completion/report.html", edition=found, body=body)


def _report_body(edition: Edition, number: int) -> dict[str, Any]:
    data = edition_report(edition, page=number, per_page=REPORT_PAGE)
    return {
        "workshop": edition.workshop,
        "edition": edition,
        "report": data,
        "rows": data.rows,
        "number": number,
        "pages": max(1, -(-data.total // REPORT_PAGE)),
        "day": date_formatter(),
        "bars": _funnel_bars(data.funnel),
    }


@bp.route("/workshops/<slug>/editions/<int:edition_id>/report.csv")
def report_csv(slug: str, edition_id: int):
    """The workshop's authors: the report as CSV (one row per participant)."""
    workshop = _editable(slug)
    edition = load_or_404(Edition, edition_id, workshop_id=workshop.id)
    data = edition_report(edition)
    certificates_by_enrolment = {
        c.enrolment_id: c
        for c in db.session.scalars(
            select(Certificate).where(
                Certificate.enrolment_id.in_([r.enrolment_id for r in data.rows])
            )
        )
    }
    header = [
        _("Name"),
        _("E-mail"),
        _("Progress (%)"),
        *[(lesson.text().title if lesson.text() else str(lesson.id)) for lesson in data.lessons],
        _("Average quiz score (%)"),
        _("Attendance (%)"),
        _("Completed on"),
        _("Certificate code"),
    ]

    def rows() -> Iterator[list[object]]:
        for row in data.rows:
            cert = certificates_by_enrolment.get(row.enrolment_id)
            completion = row.status.completion
            yield [
                row.name,
                row.email,
                row.percent,
                *["yes" if lesson.id in row.status.done else "" for lesson in data.lessons],
                "" if row.status.quiz_average is None else row.status.quiz_average,
                "" if row.status.attendance_share is None else row.status.attendance_share,
                completion.completed_at.isoformat() if completion else "",
                cert.code if cert and not cert.is_revoked else "",
            ]

    data_rows = list(rows())
    audit.record(
        "export.downloaded", target_type="edition", target_id=edition.id, table="completion"
    )
    db.session.commit()
    return private_download(
        export_rows(header, data_rows), "text/csv", f"{workshop.slug}-{edition.id}-completion.csv"
    )
