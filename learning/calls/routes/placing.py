"""Placements: staff list the people selected in a decided call and record each one's
placement (host institution, dates, status, agreement, milestones); the fellow sees theirs,
ticks milestones, writes the interim and final reports and links their research outputs.
Anyone else gets a 404 for a placement, and for its files."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning.calls.blueprint import bp
from learning.calls.forms import AgreementForm, MilestoneForm, PlacementForm, ReportForm
from learning.calls.messages import error_message
from learning.calls.models import CallApplication, CallMilestone, CallPlacement
from learning.calls.models import CallPlacementOutput as OutputLink
from learning.calls.placement_models import PLACEMENT_STATES
from learning.calls.routes.common import managed_call, signed_in_only
from learning.calls.services import placements
from learning.calls.services.applications import DOCUMENT_EXTENSIONS
from learning.calls.services.common import CallError, is_staff
from learning.platform.extensions import db
from learning.storage import services as storage
from learning.storage.models import StoredFile
from learning.storage.routes import accepts_upload, commit_with_files, save_file
from learning.web.forms import ActionForm
from learning.web.views import done, load_or_404, require_action_form

PLACEMENT_KIND = "call-placement"


def _data(form: Any) -> placements.PlacementData:
    return placements.PlacementData(
        host=form.host.data or "",
        starts_on=form.starts_on.data,
        ends_on=form.ends_on.data,
        status=form.status.data or "planned",
    )


def _placement_form(placement: CallPlacement | None = None, *, blank: bool = False) -> Any:
    form = PlacementForm(formdata=None) if blank else PlacementForm()
    form.status.choices = list(PLACEMENT_STATES.items())
    if placement is not None and request.method == "GET":
        form.host.data = placement.host
        form.starts_on.data = placement.starts_on
        form.ends_on.data = placement.ends_on
        form.status.data = placement.status
    return form


def _list(call: Any, error: str | None = None, status: int = 200, form: Any = None):
    rows = placements.placements_of(call)
    return render_template(
        "calls/placements.html",
        call=call,
        text=call.text(),
        rows=rows,
        waiting=[application for application, placement in rows if placement is None],
        form=form or _placement_form(blank=True),
        error=error,
    ), status


@bp.route("/<int:call_id>/placements", methods=["GET", "POST"])
def call_placements(call_id: int):
    """Staff: the people selected in the call with their placements; making one."""
    call = managed_call(call_id)
    if call.status in ("draft", "open"):
        abort(404)
    if request.method == "GET":
        return _list(call)
    form = _placement_form()
    if not form.validate_on_submit():
        return _list(call, status=400, form=form)
    application = load_or_404(
        CallApplication, request.form.get("application_id", type=int) or 0, call_id=call.id
    )
    try:
        placement = placements.create(application, _data(form))
    except CallError as exc:
        db.session.rollback()
        return _list(call, error_message(exc), 400, form)
    db.session.commit()
    flash(_("The placement is recorded."), "success")
    return done(url_for("calls.placement", placement_id=placement.id))


def _visible(placement_id: int) -> CallPlacement:
    """The placement for staff and its fellow: 404 for anyone else."""
    signed_in_only()
    placement = placements.load(placement_id)
    if placement is None or not (is_staff(current_user) or placement.user_id == current_user.id):
        abort(404)
    return placement


def _fellow_only(placement: CallPlacement) -> None:
    if placement.user_id != current_user.id:
        abort(403)


def _page(placement: CallPlacement, error: str | None = None, status: int = 200, **forms: Any):
    staff = is_staff(current_user)
    fellow = placement.user_id == current_user.id
    return render_template(
        "calls/placement.html",
        placement=placement,
        call=placement.application.call,
        text=placement.application.call.text(),
        staff=staff,
        fellow=fellow,
        edit_form=forms.get("edit_form") or _placement_form(placement),
        agreement_form=AgreementForm(formdata=None),
        milestone_form=forms.get("milestone_form") or MilestoneForm(formdata=None),
        report_forms={
            which: forms.get(f"{which}_form")
            or ReportForm(formdata=None, text=getattr(placement, f"{which}_text"), prefix=which)
            for which in placements.REPORTS
        },
        outputs=placements.own_outputs(current_user) if fellow else [],
        form=ActionForm(),
        error=error,
    ), status


@bp.route("/placements/<int:placement_id>")
def placement(placement_id: int):
    """Staff and the fellow: the placement with its milestones, reports and outputs."""
    return _page(_visible(placement_id))


@bp.route("/placements/<int:placement_id>/edit", methods=["POST"])
def edit_placement(placement_id: int):
    """Staff: change the host, dates or status."""
    placement = _visible(placement_id)
    if not is_staff(current_user):
        abort(403)
    form = _placement_form(placement)
    if not form.validate_on_submit():
        return _page(placement, status=400, edit_form=form)
    try:
        placements.update(placement, _data(form))
    except CallError as exc:
        db.session.rollback()
        return _page(placements.load(placement_id), error_message(exc), 400, edit_form=form)
    db.session.commit()
    flash(_("The placement is saved."), "success")
    return done(url_for("calls.placement", placement_id=placement.id))


def _upload(field: str) -> tuple[StoredFile | None, str | None, int]:
    upload = request.files.get(field)
    if upload is None or not upload.filename:
        return None, None, 200
    return save_file(upload, kind=PLACEMENT_KIND, allowed=DOCUMENT_EXTENSIONS)


@bp.route("/placements/<int:placement_id>/agreement", methods=["POST"])
@accepts_upload(PLACEMENT_KIND)
def placement_agreement(placement_id: int):
    """Staff: attach the signed agreement (replacing the previous one)."""
    placement = _visible(placement_id)
    if not is_staff(current_user):
        abort(403)
    require_action_form()
    file, error, status = _upload("agreement")
    if file is None:
        return _page(placement, error or _("Choose a file to upload."), status if error else 400)
    placements.set_agreement(placement, file)
    commit_with_files(file)
    flash(_("The agreement is attached."), "success")
    return done(url_for("calls.placement", placement_id=placement.id))


@bp.route("/placements/<int:placement_id>/milestones", methods=["POST"])
def add_milestone(placement_id: int):
    """Staff: add a milestone."""
    placement = _visible(placement_id)
    if not is_staff(current_user):
        abort(403)
    form = MilestoneForm()
    if not form.validate_on_submit():
        return _page(placement, status=400, milestone_form=form)
    try:
        placements.add_milestone(placement, form.title.data or "", form.due_on.data)
    except CallError as exc:
        db.session.rollback()
        return _page(placements.load(placement_id), error_message(exc), 400, milestone_form=form)
    db.session.commit()
    flash(_("The milestone is added."), "success")
    return done(url_for("calls.placement", placement_id=placement.id) + "#milestones-title")


@bp.route("/placements/<int:placement_id>/milestones/<int:milestone_id>", methods=["POST"])
def toggle_milestone(placement_id: int, milestone_id: int):
    """Staff and the fellow: mark a milestone done, or not done again."""
    placement = _visible(placement_id)
    require_action_form()
    milestone = load_or_404(CallMilestone, milestone_id, placement_id=placement.id)
    placements.toggle_milestone(milestone)
    db.session.commit()
    return done(url_for("calls.placement", placement_id=placement.id) + "#milestones-title")


@bp.route("/placements/<int:placement_id>/reports/<which>", methods=["POST"])
@accepts_upload(PLACEMENT_KIND)
def placement_report(placement_id: int, which: str):
    """The fellow: write or attach the interim or final report."""
    if which not in placements.REPORTS:
        abort(404)
    placement = _visible(placement_id)
    _fellow_only(placement)
    form = ReportForm(prefix=which)
    if not form.validate_on_submit():
        return _page(placement, status=400, **{f"{which}_form": form})
    file, error, status = _upload(f"{which}-report_file")
    if error is not None:
        return _page(placement, error, status, **{f"{which}_form": form})
    try:
        placements.save_report(placement, which, form.text.data or "", file)
    except CallError as exc:
        db.session.rollback()
        if file is not None:
            storage.discard_after_failed_commit([file])
        return _page(placements.load(placement_id), error_message(exc), 400,
                     **{f"{which}_form": form})  # fmt: skip
    if file is not None:
        commit_with_files(file)
    else:
        db.session.commit()
    flash(_("Your report is saved."), "success")
    return done(url_for("calls.placement", placement_id=placement.id) + f"#{which}-title")


@bp.route("/placements/<int:placement_id>/outputs", methods=["POST"])
def link_output(placement_id: int):
    """The fellow: link one of their research outputs to the placement."""
    placement = _visible(placement_id)
    _fellow_only(placement)
    require_action_form()
    try:
        placements.link_output(placement, request.form.get("output_id", type=int))
    except CallError as exc:
        db.session.rollback()
        return _page(placements.load(placement_id), error_message(exc), 400)
    db.session.commit()
    flash(_("The output is linked to your placement."), "success")
    return done(url_for("calls.placement", placement_id=placement.id) + "#outputs-title")


@bp.route("/placements/<int:placement_id>/outputs/<int:link_id>/remove", methods=["POST"])
def unlink_output(placement_id: int, link_id: int):
    """The fellow: take an output off the placement (the output itself stays)."""
    placement = _visible(placement_id)
    _fellow_only(placement)
    require_action_form()
    link = load_or_404(OutputLink, link_id, placement_id=placement.id)
    placements.unlink_output(placement, link)
    db.session.commit()
    flash(_("The output is no longer linked."), "success")
    return done(url_for("calls.placement", placement_id=placement.id) + "#outputs-title")


def placement_file_access(user: Any, file: StoredFile) -> str:
    """Who may download a placement's agreement or report (the storage FILE_ACCESS rule):
    staff and the fellow; nobody else learns it exists."""
    if is_staff(user):
        return storage.ALLOW
    owner = placements.file_owner(file)
    if owner is not None and getattr(user, "id", None) == owner:
        return storage.ALLOW
    return storage.HIDE
