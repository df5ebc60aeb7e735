"""An edition's roster for its trainers and admins: who is in (searched, filtered, as CSV), and
the decisions on one person's place (approve, reject, remove, move)."""

from __future__ import annotations

from typing import Any

from flask import Response, abort, flash, render_template, request, url_for
from flask_babel import get_timezone
from flask_babel import gettext as _
from flask_login import current_user

from learning.audit import services as audit
from learning.enrolment.blueprint import bp
from learning.enrolment.forms import DecisionForm, MoveForm
from learning.enrolment.jobs import ROSTER_EXPORT
from learning.enrolment.messages import (
    MESSAGES,
    STATE_LABELS,
    error_message,
    in_words,
    roster_header,
)
from learning.enrolment.routes.common import commit_and_send, managed_edition, managed_facts
from learning.enrolment.services import roster as roster_service
from learning.enrolment.services import seats
from learning.enrolment.services.common import EnrolmentError
from learning.enrolment.services.editions import managed_editions, state_counts
from learning.jobs.exports import fits_in_request, submit_export
from learning.language.i18n import current_language, when_formatter
from learning.language.taxonomy import country_name
from learning.platform import cache
from learning.platform.extensions import db
from learning.storage.store import private_download
from learning.web.csvutil import export_rows
from learning.web.errors import render_error
from learning.web.forms import ActionForm
from learning.web.pagination import page_number
from learning.web.views import done, load_or_404
from learning.workshops.models import ENROLMENT_STATES, Edition, Enrolment


def _roster_filters() -> tuple[str, str]:
    state = request.args.get("state", "")
    return (state if state in ENROLMENT_STATES else ""), (request.args.get("q") or "")[:200]


@bp.route("/editions/<int:edition_id>/roster")
def roster(edition_id: int):
    """The workshop's trainers and admins: who is in, filtered and searched."""
    cache.read_with(*cache.edition_kinds(edition_id))
    found = managed_facts(edition_id)
    state, q = _roster_filters()
    number = page_number()
    # Kept per edition: any change to its enrolments, its participants' records or names
    # (and to the workshops: seats) makes it afresh.
    body = cache.rendered(
        ("workshops", *cache.edition_kinds(found.id)),
        (found.id, state, q, number, str(get_timezone())),
        "enrolment/_roster_body.html",
        lambda: _roster_body(found.load(), state, q, number),
    )
    return render_template("enrolment/roster.html", edition=found, body=body)


def _roster_body(edition: Edition, state: str, q: str, number: int) -> dict[str, Any]:
    page = roster_service.roster_page(edition, state=state, q=q, number=number, per_page=50)
    return {
        "edition": edition,
        "text": edition.workshop.text(),
        "page": page,
        "state": state,
        "q": q,
        "counts": state_counts(edition),
        "seats": seats.seats_left(edition),
        "action_form": ActionForm(),
        # Worked out once for the page, not once per row.
        "state_names": {key: str(label) for key, label in STATE_LABELS.items()},
        "countries": {
            code: country_name(code, current_language())
            for code in {row.country for row in page.items}
        },
        "since": when_formatter(named=False),
    }


@bp.route("/editions/<int:edition_id>/roster.csv")
def roster_csv(edition_id: int):
    """The workshop's trainers and admins: the roster as CSV (safe to open in Excel)."""
    edition = managed_edition(edition_id)
    state, q = _roster_filters()
    count = roster_service.roster_count(edition, state=state, q=q)
    audit.record("export.downloaded", target_type="edition", target_id=edition.id, table="roster")
    if not fits_in_request(count):
        params = {"edition_id": edition.id, "state": state, "q": q}
        job = submit_export(ROSTER_EXPORT, current_user, params, count)
        db.session.commit()
        return done(url_for("jobs.job", job_id=job.id))
    rows = list(in_words(roster_service.roster_rows(edition, state=state, q=q)))
    db.session.commit()
    return private_download(
        export_rows(roster_header(), rows), "text/csv", f"roster-{edition.id}.csv"
    )


def _move_form(edition: Edition) -> MoveForm:
    form = MoveForm()
    form.target.choices = [
        (str(e.id), e.name)
        for e in managed_editions(edition.workshop)
        if e.id != edition.id and e.status != "cancelled"
    ]
    return form


@bp.route("/editions/<int:edition_id>/enrolments/<int:enrolment_id>")
def manage(edition_id: int, enrolment_id: int):
    """The workshop's trainers and admins: one person's place, with the decisions (each one
    confirmed here, on its own page)."""
    edition = managed_edition(edition_id)
    enrolment = load_or_404(Enrolment, enrolment_id, edition_id=edition.id)
    return render_template(
        "enrolment/manage.html",
        edition=edition,
        enrolment=enrolment,
        text=edition.workshop.text(),
        decision=DecisionForm(),
        move_form=_move_form(edition),
        action_form=ActionForm(),
    )


def _decide(edition_id: int, enrolment_id: int, action: str) -> Response:
    edition = managed_edition(edition_id)
    enrolment = load_or_404(Enrolment, enrolment_id, edition_id=edition.id)
    form = DecisionForm()
    if not form.validate_on_submit():
        abort(400)
    note = form.note.data or ""
    try:
        if action == "approve":
            notices = seats.approve(enrolment, by=current_user, note=note)
        elif action == "reject":
            notices = seats.reject(enrolment, by=current_user, note=note)
        else:
            notices = seats.withdraw(enrolment, by=current_user, note=note)
    except EnrolmentError as exc:
        db.session.rollback()
        return render_error(400, error_message(exc))
    name = enrolment.user.name
    commit_and_send(notices)
    flash(
        {
            "approve": _("%(name)s has been accepted.", name=name),
            "reject": _("%(name)s has not been accepted; they have been told.", name=name),
            "remove": _("%(name)s has been removed from the edition.", name=name),
        }[action],
        "success",
    )
    return done(url_for("enrolment.roster", edition_id=edition.id))


@bp.route("/editions/<int:edition_id>/enrolments/<int:enrolment_id>/approve", methods=["POST"])
def approve(edition_id: int, enrolment_id: int):
    """The workshop's trainers and admins: accept a pending request."""
    return _decide(edition_id, enrolment_id, "approve")


@bp.route("/editions/<int:edition_id>/enrolments/<int:enrolment_id>/reject", methods=["POST"])
def reject(edition_id: int, enrolment_id: int):
    """The workshop's trainers and admins: decline a pending request, with a message."""
    return _decide(edition_id, enrolment_id, "reject")


@bp.route("/editions/<int:edition_id>/enrolments/<int:enrolment_id>/remove", methods=["POST"])
def remove(edition_id: int, enrolment_id: int):
    """The workshop's trainers and admins: take someone out (their seat goes to the waitlist)."""
    return _decide(edition_id, enrolment_id, "remove")


@bp.route("/editions/<int:edition_id>/enrolments/<int:enrolment_id>/move", methods=["POST"])
def move(edition_id: int, enrolment_id: int):
    """The workshop's trainers and admins: move someone to another edition of the workshop."""
    edition = managed_edition(edition_id)
    enrolment = load_or_404(Enrolment, enrolment_id, edition_id=edition.id)
    form = _move_form(edition)
    if not form.validate_on_submit():
        abort(400)
    raw = form.target.data or ""
    target = db.session.get(Edition, int(raw)) if raw.isdigit() else None
    if target is None:
        return render_error(400, str(MESSAGES["bad_target"]))
    name = enrolment.user.name
    try:
        notices = seats.move(enrolment, target, by=current_user)
    except EnrolmentError as exc:
        db.session.rollback()
        return render_error(400, error_message(exc))
    commit_and_send(notices)
    flash(_("%(name)s has been moved to %(edition)s.", name=name, edition=target.name), "success")
    return done(url_for("enrolment.roster", edition_id=edition.id))
