"""Staff: a call's ranking (raw and normalised means side by side), the panel's decision per
application with its reason, announcing the decisions (e-mails through the job queue) and the
decision record as CSV and PDF for the funder."""

from __future__ import annotations

from flask import abort, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning.audit import services as audit
from learning.calls.blueprint import bp
from learning.calls.messages import error_message
from learning.calls.models import DECISIONS, Call, CallApplication
from learning.calls.record_pdf import render_record
from learning.calls.routes.common import managed_call
from learning.calls.services import selection
from learning.calls.services.common import CallError
from learning.language.i18n import current_language
from learning.language.taxonomy import SECTORS, country_name
from learning.platform.extensions import db
from learning.storage.store import private_download
from learning.web.csvutil import export_rows
from learning.web.forms import ActionForm
from learning.web.views import done, load_or_404, require_action_form


def _page(call: Call, error: str | None = None, status: int = 200):
    return render_template(
        "calls/ranking.html",
        call=call,
        text=call.text(),
        ranks=selection.ranking(call),
        decisions=DECISIONS,
        undecided=selection.undecided(call),
        form=ActionForm(),
        error=error,
    ), status


@bp.route("/<int:call_id>/ranking")
def ranking(call_id: int):
    """Staff: the submitted applications ranked, with each review and the decisions."""
    call = managed_call(call_id)
    if call.status in ("draft", "open"):
        abort(404)
    return _page(call)


@bp.route("/<int:call_id>/ranking/<int:application_id>", methods=["POST"])
def decide(call_id: int, application_id: int):
    """Staff: record the panel's decision on one application, with its reason."""
    call = managed_call(call_id)
    require_action_form()
    application = load_or_404(CallApplication, application_id, call_id=call.id)
    try:
        selection.decide(
            application,
            request.form.get("decision", ""),
            request.form.get("reason", ""),
            by=current_user,
        )
    except CallError as exc:
        db.session.rollback()
        return _page(call, error_message(exc), 400)
    db.session.commit()
    flash(_("The decision is recorded."), "success")
    return done(url_for("calls.ranking", call_id=call.id) + f"#application-{application.id}")


@bp.route("/<int:call_id>/announce", methods=["POST"])
def announce(call_id: int):
    """Staff: the call is decided; each applicant is told by e-mail through the job queue."""
    call = managed_call(call_id)
    require_action_form()
    try:
        job = selection.announce(call, by=current_user)
    except CallError as exc:
        db.session.rollback()
        return _page(call, error_message(exc), 400)
    db.session.commit()  # queues the job; QueueUnavailable becomes a 503 (jobs feature)
    flash(_("The call is decided. Each applicant is being told by e-mail."), "success")
    return done(url_for("jobs.job", job_id=job.id))


COLUMNS = (
    "application", "applicant", "country", "sector", "gender", "project", "reviewer",
    "weighted score", "confidence", "raw mean", "normalised mean", "decision", "reason",
    "waiting list",
)  # fmt: skip


@bp.route("/<int:call_id>/decisions.csv")
def decisions_csv(call_id: int):
    """Staff: the decision record for the funder (who reviewed, scores, decision, reason), one
    line per review (or per application without one); UTF-8 with BOM, formula-safe."""
    call = managed_call(call_id)
    if call.status in ("draft", "open"):
        abort(404)
    language = current_language()
    rows = []
    for rank in selection.ranking(call):
        a = rank.application
        base = (
            a.id,
            a.user.name,
            country_name(a.country or "", language),
            str(SECTORS.get(a.sector or "", "")),
            a.user.gender or "",
            a.project_title,
        )
        tail = (
            _round(rank.raw),
            _round(rank.normalised),
            str(DECISIONS.get(a.decision or "", "")),
            a.decision_reason,
            a.waitlist_position or "",
        )
        for row, score in rank.reviews or [(None, None)]:
            reviewer = row.reviewer.name if row is not None else ""
            confidence = row.confidence if row is not None else ""
            rows.append((*base, reviewer, _round(score), confidence, *tail))
    audit.record("export.downloaded", target_type="call", target_id=call.id, rows=len(rows))
    db.session.commit()
    return private_download(export_rows(COLUMNS, rows), "text/csv", f"call-{call.id}-decisions.csv")


def _round(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


@bp.route("/<int:call_id>/decisions.pdf")
def decisions_pdf(call_id: int):
    """Staff: the decision record for the funder as a PDF (the CSV's facts, one table), in the
    reader's language."""
    call = managed_call(call_id)
    if call.status in ("draft", "open"):
        abort(404)
    ranks = selection.ranking(call)
    data = render_record(call, ranks, current_language())
    audit.record("export.downloaded", target_type="call", target_id=call.id, rows=len(ranks))
    db.session.commit()
    return private_download(data, "application/pdf", f"call-{call.id}-decisions.pdf")
