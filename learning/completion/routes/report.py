"""An edition's completion report for the workshop's authors: participants × lessons, the
counts, the funnel and the survey (kept per edition), and the same as CSV."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, render_template, url_for
from flask_babel import get_timezone
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from learning.audit import services as audit
from learning.completion.blueprint import bp
from learning.completion.jobs import (
    CERTIFICATES_ZIP,
    REPORT_EXPORT,
    edition_certificate_ids,
    participant_count,
    report_filename,
    report_table,
)
from learning.completion.messages import FUNNEL_LABELS
from learning.completion.services.report import edition_report
from learning.jobs.exports import fits_in_request, submit_export
from learning.language.i18n import date_formatter
from learning.platform import cache
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.storage.store import private_download
from learning.web.charts import bar_chart
from learning.web.csvutil import export_rows
from learning.web.pagination import page_number
from learning.web.views import done, load_or_404, require_action_form
from learning.workshops.access import editable as _editable
from learning.workshops.access import editable_facts, edition_facts
from learning.workshops.models import Edition

REPORT_PAGE = 50


def _funnel_chart(funnel: list[tuple[str, int]]) -> Markup:
    """The funnel as a bar chart: how many people reached each step of the edition."""
    return bar_chart(
        _("Completion funnel"),
        [(str(FUNNEL_LABELS[key]), count) for key, count in funnel],
        chart_id="funnel",
        measures=_("Each bar: the people who reached that step, of those enrolled."),
    )


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
        "funnel": _funnel_chart(data.funnel),
    }


@bp.route("/workshops/<slug>/editions/<int:edition_id>/report.csv")
def report_csv(slug: str, edition_id: int):
    """The workshop's authors: the report as CSV (one row per participant); a large edition's
    through a job, whose page gives the file."""
    workshop = _editable(slug)
    edition = load_or_404(Edition, edition_id, workshop_id=workshop.id)
    audit.record(
        "export.downloaded", target_type="edition", target_id=edition.id, table="completion"
    )
    count = participant_count(edition)
    if not fits_in_request(count):
        job = submit_export(REPORT_EXPORT, current_user, {"edition_id": edition.id}, count)
        db.session.commit()
        return done(url_for("jobs.job", job_id=job.id))
    header, rows = report_table(edition)
    db.session.commit()
    return private_download(export_rows(header, rows), "text/csv", report_filename(edition))


@bp.route("/workshops/<slug>/editions/<int:edition_id>/certificates.zip", methods=["POST"])
def certificates_zip(slug: str, edition_id: int):
    """The workshop's authors: every valid certificate of the edition as PDFs in a ZIP, made
    by a job (its page gives the file)."""
    require_action_form()
    workshop = _editable(slug)
    edition = load_or_404(Edition, edition_id, workshop_id=workshop.id)
    count = len(edition_certificate_ids(edition))
    if not count:
        flash(_("No one in this edition holds a certificate yet."), "info")
        return done(url_for("completion.report", slug=workshop.slug, edition_id=edition.id))
    audit.record(
        "export.downloaded", target_type="edition", target_id=edition.id, table="certificates"
    )
    job = submit_export(CERTIFICATES_ZIP, current_user, {"edition_id": edition.id}, count)
    db.session.commit()
    return done(url_for("jobs.job", job_id=job.id))
