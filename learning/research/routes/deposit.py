"""Deposit and versions: depositing a new output, changing an unpublished version and its
files, starting a new version, submitting to the curators, and a researcher's own outputs."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from learning.language.i18n import current_language
from learning.platform.extensions import db
from learning.research.blueprint import bp
from learning.research.forms import FilesForm, deposit_form
from learning.research.messages import error_message, error_status
from learning.research.routes.common import (
    mail_quietly,
    managed_output,
    problem,
    visible_version,
)
from learning.research.services import curation as curation_service
from learning.research.services import deposit as deposit_service
from learning.research.services.common import (
    RESEARCH_EXTENSIONS,
    ResearchError,
    programme_today,
)
from learning.storage import kept
from learning.storage import services as storage
from learning.storage.models import StoredFile
from learning.storage.routes import accepts_upload, commit_with_files, save_file
from learning.web.auth import roles_required
from learning.web.errors import render_error
from learning.web.pagination import paginate
from learning.web.views import require_action_form


def _upload_all() -> tuple[list[StoredFile], str | None, int]:
    """Store every uploaded file row first; on any refusal remove those already stored.
    With no new file chosen, the files kept by the form's earlier try (storage/kept.py)."""
    uploads = [f for f in request.files.getlist("files") if f and f.filename]
    if not uploads:
        return kept.take("files", kind="research", allowed=RESEARCH_EXTENSIONS), None, 200
    rows: list[StoredFile] = []
    for upload in uploads:
        row, error, status = save_file(upload, kind="research", allowed=RESEARCH_EXTENSIONS)
        if row is None:
            storage.discard_after_failed_commit(rows)
            return [], f"{upload.filename}: {error}", status
        rows.append(row)
    return rows, None, 200


def _undo_uploads(rows: list[StoredFile]) -> None:
    """The form is refused after its files were stored: new files are removed (the page shown
    again keeps them anew from the request), files kept from an earlier try stay pending."""
    new = [row for row in rows if not kept.was_kept(row)]
    db.session.rollback()
    storage.discard_after_failed_commit(new)


@bp.route("/research/new", methods=["GET", "POST"])
@accepts_upload("research", keep=True)
@roles_required("researcher")
def deposit():
    """Researchers (and administrators): deposit a new output as a draft."""
    form = deposit_form(with_files=True)
    if request.method == "GET":
        form.organisation.data = current_user.organisation or ""
        form.languages.data = [current_language()]
    error = None
    status = 200
    if form.validate_on_submit():
        rows, error, status = _upload_all()
        if error is None:
            try:
                output = deposit_service.create_output(
                    current_user._get_current_object(),
                    form.version_data(),
                    access=form.access.data,
                    embargo_until=form.embargo_until.data,
                    files=rows,
                    today=programme_today(),
                )
            except ResearchError as exc:
                # Refused: the form again, with the reason and its files kept.
                _undo_uploads(rows)
                error, status = error_message(exc), error_status(exc)
            else:
                commit_with_files(*rows)
                flash(
                    _("Your draft is saved. Check it, then submit it to the curators."), "success"
                )
                return redirect(url_for("research.detail", output_id=output.id))
    elif form.errors:
        status = 400
    return render_template(
        "research/deposit.html", form=form, error=error, output=None, version=None
    ), status


@bp.route("/research/<int:output_id>/v/<int:number>/edit", methods=["GET", "POST"])
@login_required
def edit(output_id: int, number: int):
    """The depositor (and curators): change an unpublished version's description."""
    output = managed_output(output_id)
    version = visible_version(output, number)
    if version.frozen:
        return problem(ResearchError("frozen"))
    form = deposit_form(with_files=False)
    if request.method == "GET":
        form.fill_from(version)
    if form.validate_on_submit():
        try:
            deposit_service.update_version(
                version,
                form.version_data(),
                access=form.access.data,
                embargo_until=form.embargo_until.data,
                today=programme_today(),
            )
        except ResearchError as exc:
            return problem(exc)
        db.session.commit()
        flash(_("The changes are saved."), "success")
        return redirect(url_for("research.version_detail", output_id=output.id, number=number))
    return render_template(
        "research/deposit.html", form=form, error=None, output=output, version=version
    ), 400 if form.errors else 200


@bp.route("/research/<int:output_id>/v/<int:number>/files", methods=["POST"])
@accepts_upload("research")
@login_required
def add_files(output_id: int, number: int):
    """The depositor (and curators): add files to an unpublished version."""
    output = managed_output(output_id)
    version = visible_version(output, number)
    form = FilesForm()
    if not form.validate_on_submit():
        abort(400)
    if version.frozen or version.state == "submitted":
        return problem(ResearchError("frozen" if version.frozen else "in_curation"))
    rows, error, status = _upload_all()
    if error is not None:
        # Only the file field: a refused file is not worth keeping, so say it plainly.
        again = _("None of the files you chose was added: choose them again on the output's page.")
        return render_error(status if status in (400, 413, 503) else 400, f"{error} {again}")
    if not rows:
        return render_error(400, _("Choose a file to upload."))
    try:
        deposit_service.add_files(version, rows)
    except ResearchError as exc:
        storage.discard_after_failed_commit(rows)
        return problem(exc)
    commit_with_files(*rows)
    flash(_("The files were added."), "success")
    return redirect(url_for("research.version_detail", output_id=output.id, number=number))


@bp.route("/research/<int:output_id>/v/<int:number>/files/<int:file_id>/remove", methods=["POST"])
@login_required
def remove_file(output_id: int, number: int, file_id: int):
    """The depositor (and curators): take a file out of an unpublished version."""
    output = managed_output(output_id)
    version = visible_version(output, number)
    require_action_form()
    try:
        deposit_service.remove_file(version, file_id)
    except ResearchError as exc:
        return problem(exc)
    db.session.commit()
    flash(_("The file was removed from this version."), "success")
    return redirect(url_for("research.version_detail", output_id=output.id, number=number))


@bp.route("/research/<int:output_id>/versions", methods=["POST"])
@login_required
def new_version(output_id: int):
    """The depositor (and curators): start a new version of a published output."""
    output = managed_output(output_id)
    require_action_form()
    try:
        version = deposit_service.new_version(output, current_user._get_current_object())
    except ResearchError as exc:
        return problem(exc)
    db.session.commit()
    flash(
        _(
            "Version %(n)s is a draft: change the files or description, then submit it.",
            n=version.number,
        ),
        "success",
    )
    return redirect(url_for("research.version_detail", output_id=output.id, number=version.number))


@bp.route("/research/<int:output_id>/v/<int:number>/submit", methods=["POST"])
@login_required
def submit(output_id: int, number: int):
    """The depositor: send a draft or returned version to the curators."""
    output = managed_output(output_id)
    version = visible_version(output, number)
    require_action_form()
    try:
        curation_service.submit(version)
    except ResearchError as exc:
        return problem(exc)
    link = url_for("research.curate", output_id=output.id, number=number, _external=True)
    for curator in curation_service.curators():
        if curator.id != output.owner_id:
            mail_quietly(
                curator.email,
                "research_submitted",
                curator.preferred_language,
                user=curator,
                output=output,
                version=version,
                title=version.text_for(curator.preferred_language).title,
                link=link,
            )
    db.session.commit()
    flash(_("Submitted. The curators will review it and you will get an e-mail."), "success")
    return redirect(url_for("research.version_detail", output_id=output.id, number=number))


@bp.route("/research/mine")
@roles_required("researcher")
def mine():
    """Researchers: their own outputs and where each is."""
    page = paginate(curation_service.outputs_of(current_user._get_current_object()))
    return render_template("research/mine.html", page=page, language=current_language())
