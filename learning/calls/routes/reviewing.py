"""Reviewers: their list of applications for a call, one review (the application, shown
without name or organisation when the call is blind; the rubric; declaring a conflict), and the
other reviewers' scores once their own is submitted."""

from __future__ import annotations

from flask import abort, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning.calls.blueprint import bp
from learning.calls.forms import ConflictForm
from learning.calls.messages import error_message
from learning.calls.models import Call, CallReview
from learning.calls.routes.common import signed_in_only, visible_call
from learning.calls.services import questions, review
from learning.calls.services.common import CallError
from learning.platform.extensions import db
from learning.web.forms import ActionForm
from learning.web.views import done, load_or_404


def _reviewer_call(call_id: int) -> Call:
    call = visible_call(call_id)
    signed_in_only()
    if not review.is_reviewer(current_user, call):
        abort(403)
    return call


def _own_review(call: Call, review_id: int) -> CallReview:
    """The reader's own review in this call: 404 for anyone else's."""
    row = load_or_404(CallReview, review_id, reviewer_id=current_user.id)
    if review.application_of(row).call_id != call.id:
        abort(404)
    return row


@bp.route("/<int:call_id>/reviews")
def reviews(call_id: int):
    """Panel members: the applications given to them, with where each review stands."""
    call = _reviewer_call(call_id)
    rows = review.reviewer_list(call, current_user)
    return render_template("calls/reviews.html", call=call, text=call.text(), rows=rows)


def _render(call: Call, row: CallReview, error: str | None = None, status: int = 200):
    if row.state == "conflict":
        error = error or _("You declared a conflict with this application, so you cannot "
                           "review it.")  # fmt: skip
        return render_template(
            "calls/review.html", call=call, text=call.text(), row=row, application=None,
            rubric=[], others=None, error=error, form=ActionForm(),
            conflict_form=ConflictForm(formdata=None),
        ), 403  # fmt: skip
    rubric = review.criteria(call)
    others = review.others(row) if row.state == "submitted" else None
    application = review.application_of(row)
    asked, answers = questions.to_read(application)
    return render_template(
        "calls/review.html",
        call=call,
        text=call.text(),
        row=row,
        application=application,
        asked=asked,
        answers=answers,
        rubric=rubric,
        mine={s.criterion_id: s.score for s in row.scores},
        own_total=review.weighted(row, rubric),
        others=[(o, review.weighted(o, rubric)) for o in others] if others is not None else None,
        error=error,
        form=ActionForm(),
        conflict_form=ConflictForm(formdata=None),
    ), status


@bp.route("/<int:call_id>/reviews/<int:review_id>", methods=["GET", "POST"])
def review_page(call_id: int, review_id: int):
    """The reviewer: the application and the rubric; scoring and submitting the review."""
    call = _reviewer_call(call_id)
    row = _own_review(call, review_id)
    if request.method == "POST":
        if not ActionForm().validate_on_submit():
            abort(400)
        rubric = review.criteria(call)
        given = review.Scoring(
            scores={c.id: request.form.get(f"score_{c.id}", type=int) for c in rubric},
            confidence=request.form.get("confidence", type=int),
            comment=request.form.get("comment", "")[:6000],
        )
        try:
            review.submit_review(row, rubric, given)
        except CallError as exc:
            db.session.rollback()
            return _render(call, row, error_message(exc), 400)
        db.session.commit()
        flash(_("Your review is submitted. You now see the other reviewers' scores."), "success")
        return done(url_for("calls.review_page", call_id=call.id, review_id=row.id))
    return _render(call, row)


@bp.route("/<int:call_id>/reviews/<int:review_id>/others")
def others(call_id: int, review_id: int):
    """The reviewer: the other reviewers' scores, once their own review is submitted."""
    call = _reviewer_call(call_id)
    row = _own_review(call, review_id)
    try:
        review.others(row)
    except CallError as exc:
        return render_template(
            "calls/refused.html", call=call, text=call.text(), message=error_message(exc)
        ), 403
    return done(url_for("calls.review_page", call_id=call.id, review_id=row.id) + "#others")


@bp.route("/<int:call_id>/reviews/<int:review_id>/conflict", methods=["POST"])
def declare_conflict(call_id: int, review_id: int):
    """The reviewer: declare a conflict of interest with the application."""
    call = _reviewer_call(call_id)
    row = _own_review(call, review_id)
    form = ConflictForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        review.declare_conflict(row, form.note.data or "")
    except CallError as exc:
        db.session.rollback()
        return _render(call, row, error_message(exc), 400)
    db.session.commit()
    flash(_("Your conflict is declared. Staff will give the application to someone else."),
          "success")  # fmt: skip
    return done(url_for("calls.reviews", call_id=call.id))
