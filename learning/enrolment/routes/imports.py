"""Bulk enrolment by CSV for an edition's trainers and admins: upload and preview, confirm, and
the refused rows as CSV."""

from __future__ import annotations

from flask import abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import update

from learning.enrolment.blueprint import bp
from learning.enrolment.forms import ConfirmImportForm, ImportForm
from learning.enrolment.jobs import IMPORT
from learning.enrolment.messages import COLUMN_LABELS, MESSAGES, error_message, reason
from learning.enrolment.models import EnrolmentImport
from learning.enrolment.routes.common import managed_edition
from learning.enrolment.services import imports
from learning.enrolment.services.common import EnrolmentError
from learning.enrolment.services.seats import seats_left
from learning.jobs.services import submit
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.storage import services as storage
from learning.storage.base import StorageError
from learning.storage.models import StoredFile
from learning.storage.routes import accepts_upload, commit_with_files, save_file
from learning.storage.store import get_storage, private_download
from learning.web.csvutil import export_rows
from learning.web.errors import render_error
from learning.web.views import done, load_or_404

CSV_EXTENSIONS = frozenset({"csv", "txt"})
PREVIEW_REFUSALS = 300


def _read(file: StoredFile) -> bytes:
    with get_storage().open(file.key) as stream:
        return stream.read()


@bp.route("/editions/<int:edition_id>/import", methods=["GET", "POST"])
@accepts_upload("csv-import")
def import_csv(edition_id: int):
    """The workshop's trainers and admins: upload a CSV and see what it would do."""
    edition = managed_edition(edition_id)
    form = ImportForm()
    error, status = None, 200
    if request.method == "POST" and form.validate_on_submit():
        file, error, status = save_file(
            request.files.get("file"), kind="csv-import", allowed=CSV_EXTENSIONS
        )
        if file is not None:
            try:
                plan = imports.plan_import(edition, _read(file))
            except (EnrolmentError, StorageError) as exc:
                db.session.rollback()
                storage.abandon_upload(file)
                if isinstance(exc, StorageError):
                    raise
                error, status = error_message(exc), 400
            else:
                upload = EnrolmentImport(
                    edition_id=edition.id, file_id=file.id, uploaded_by_id=current_user.id
                )
                db.session.add(upload)
                commit_with_files(file)
                return render_template(
                    "enrolment/import_preview.html",
                    edition=edition,
                    text=edition.workshop.text(),
                    plan=plan,
                    refusals=plan.refused[:PREVIEW_REFUSALS],
                    upload=upload,
                    seats=seats_left(edition),
                    confirm=ConfirmImportForm(import_id=str(upload.id)),
                    reason=reason,
                    COLUMN_LABELS=COLUMN_LABELS,
                )
    elif request.method == "POST":
        error, status = _("Choose a CSV file to upload."), 400
    return render_template(
        "enrolment/import.html",
        edition=edition,
        text=edition.workshop.text(),
        form=form,
        error=error,
    ), status


@bp.route("/editions/<int:edition_id>/import/<int:import_id>/confirm", methods=["POST"])
def import_confirm(edition_id: int, import_id: int):
    """The workshop's trainers and admins: write every accepted row (in one transaction, on the
    job queue), then e-mail the people; the page of the job shows how far it got."""
    edition = managed_edition(edition_id)
    upload = load_or_404(EnrolmentImport, import_id, edition_id=edition.id)
    form = ConfirmImportForm()
    if not form.validate_on_submit():
        abort(400)
    # One confirmation per upload, even for two clicks at once. The file was checked for the
    # preview; the job checks it again under the edition's lock.
    first = db.session.execute(
        update(EnrolmentImport)
        .where(EnrolmentImport.id == upload.id, EnrolmentImport.confirmed_at.is_(None))
        .values(confirmed_at=utcnow())
    ).rowcount
    if not first:
        db.session.rollback()
        return render_error(400, str(MESSAGES["already_confirmed"]))
    job = submit(
        IMPORT,
        owner=current_user,
        params={"import_id": upload.id, "notify": bool(form.notify.data), "by_id": current_user.id},
    )
    db.session.commit()  # queues the job; QueueUnavailable becomes a 503 (learning/jobs)
    return done(url_for("jobs.job", job_id=job.id))


@bp.route("/editions/<int:edition_id>/import/<int:import_id>/refused.csv")
def import_refused(edition_id: int, import_id: int):
    """The workshop's trainers and admins: every refused row of an upload, with the reason."""
    edition = managed_edition(edition_id)
    upload = load_or_404(EnrolmentImport, import_id, edition_id=edition.id)
    try:
        plan = imports.plan_import(edition, _read(upload.file))
    except EnrolmentError as exc:
        return render_error(400, error_message(exc))
    header = (_("Row"), _("Column"), _("Value"), _("Reason"))
    rows = [
        (r.line, str(COLUMN_LABELS.get(r.column, r.column)), r.value, reason(r))
        for r in plan.refused
    ]
    return private_download(export_rows(header, rows), "text/csv", f"refused-rows-{upload.id}.csv")
