"""Staff: a call's review panel and rubric, and assigning reviewers to the submitted
applications (one by one, with a waiver reason where Puente detects a conflict, or balanced
automatically)."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from learning.accounts.models import User
from learning.calls.blueprint import bp
from learning.calls.forms import CriterionForm, ReviewerForm
from learning.calls.messages import CONFLICTS, error_message
from learning.calls.models import Call, CallApplication, CallReview
from learning.calls.routes.common import managed_call
from learning.calls.services import applications, review
from learning.calls.services.common import CallError
from learning.platform.extensions import db
from learning.web.forms import ActionForm
from learning.web.views import done, load_or_404, require_action_form


def _page(call: Call, error: str | None = None, status: int = 200, **forms: Any):
    rows = [a for a in applications.applications_of(call) if a.state == "submitted"]
    reviews = db.session.scalars(
        db.select(CallReview).where(CallReview.application_id.in_([a.id for a in rows]))
    ).all()
    by_application: dict[int, list[CallReview]] = {}
    for row in reviews:
        by_application.setdefault(row.application_id, []).append(row)
    members = review.panel(call)
    names = {m.user_id: m.user.name for m in members}
    return render_template(
        "calls/panel.html",
        call=call,
        text=call.text(),
        members=members,
        names=names,
        rubric=review.criteria(call),
        rows=rows,
        reviews=by_application,
        reviewer_form=forms.get("reviewer_form") or ReviewerForm(formdata=None),
        criterion_form=forms.get("criterion_form") or CriterionForm(formdata=None),
        form=ActionForm(),
        conflict_names=CONFLICTS,
        error=error,
    ), status


@bp.route("/<int:call_id>/panel")
def panel(call_id: int):
    """Staff: the panel, the rubric and who reviews which application."""
    call = managed_call(call_id)
    if call.status == "draft":
        abort(404)
    return _page(call)


@bp.route("/<int:call_id>/panel/reviewers", methods=["POST"])
def add_reviewer(call_id: int):
    """Staff: put a person on the panel by e-mail."""
    call = managed_call(call_id)
    form = ReviewerForm()
    if not form.validate_on_submit():
        return _page(call, status=400, reviewer_form=form)
    try:
        review.add_reviewer(call, form.email.data or "")
    except CallError as exc:
        db.session.rollback()
        return _page(call, error_message(exc), 400, reviewer_form=form)
    db.session.commit()
    flash(_("The reviewer is on the panel."), "success")
    return done(url_for("calls.panel", call_id=call.id))


@bp.route("/<int:call_id>/panel/criteria", methods=["POST"])
def add_criterion(call_id: int):
    """Staff: add a weighted criterion to the rubric."""
    call = managed_call(call_id)
    form = CriterionForm()
    if not form.validate_on_submit():
        return _page(call, status=400, criterion_form=form)
    try:
        review.add_criterion(call, form.texts(), form.weight.data)
    except CallError as exc:
        db.session.rollback()
        return _page(call, error_message(exc), 400, criterion_form=form)
    db.session.commit()
    flash(_("The criterion is in the rubric."), "success")
    return done(url_for("calls.panel", call_id=call.id))


@bp.route("/<int:call_id>/panel/assign", methods=["POST"])
def assign(call_id: int):
    """Staff: give one application to one panel member (a detected conflict needs a reason)."""
    call = managed_call(call_id)
    require_action_form()
    application = load_or_404(
        CallApplication, request.form.get("application_id", type=int) or 0, call_id=call.id
    )
    reviewer = db.session.get(User, request.form.get("reviewer_id", type=int) or 0)
    if reviewer is None:
        abort(404)
    try:
        review.assign(application, reviewer, by=current_user, waiver=request.form.get("waiver", ""))
    except CallError as exc:
        db.session.rollback()
        return _page(call, error_message(exc), 409 if exc.code == "conflict" else 400)
    db.session.commit()
    flash(_("The reviewer is assigned."), "success")
    return done(url_for("calls.panel", call_id=call.id))


@bp.route("/<int:call_id>/panel/balance", methods=["POST"])
def balance(call_id: int):
    """Staff: give every submitted application its reviewers, evenly, without conflicts."""
    call = managed_call(call_id)
    require_action_form()
    made = review.balance(call)
    db.session.commit()
    flash(ngettext("%(num)s review assigned.", "%(num)s reviews assigned.", made), "success")
    return done(url_for("calls.panel", call_id=call.id))
