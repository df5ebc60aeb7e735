"""Curation: the queue of submitted versions, publishing one or returning it with a comment,
and withdrawing a published output (its page becomes a tombstone)."""

from __future__ import annotations

from flask import Response, abort, flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning.language.i18n import current_language
from learning.platform.extensions import db
from learning.platform.security import PREVIEW_HEADERS, REVIEW_CONTENT_SECURITY_POLICY
from learning.research.blueprint import bp
from learning.research.forms import CurationForm, WithdrawForm
from learning.research.routes.common import (
    mail_quietly,
    problem,
    visible_output,
    visible_version,
)
from learning.research.services import curation as curation_service
from learning.research.services import review
from learning.research.services.common import ResearchError
from learning.storage.base import ObjectNotFound, StorageUnavailable
from learning.storage.filenames import content_disposition
from learning.storage.store import get_storage
from learning.web.auth import roles_required
from learning.web.pagination import paginate


@bp.route("/research/curation")
@roles_required("curator")
def curation():
    """Curators (and administrators): versions waiting for review."""
    page = paginate(curation_service.curation_queue())
    return render_template("research/curation.html", page=page, language=current_language())


@bp.route("/research/<int:output_id>/v/<int:number>/curate", methods=["GET", "POST"])
@roles_required("curator")
def curate(output_id: int, number: int):
    """Curators: read a submitted version (its description, its files, the decisions taken
    so far, what it changes from the version before), then publish it or return it with a
    comment."""
    output = visible_output(output_id)
    version = visible_version(output, number)
    form = CurationForm()
    if form.validate_on_submit():
        curator = current_user._get_current_object()
        owner = output.owner
        try:
            if form.approve.data:
                curation_service.approve(version, curator)
                template = "research_published"
                message = _("Published. The researcher has been told.")
            else:
                curation_service.return_to_researcher(version, curator, form.comment.data or "")
                template = "research_returned"
                message = _("Returned to the researcher with your comment.")
        except ResearchError as exc:
            return problem(exc)
        mail_quietly(
            owner.email,
            template,
            owner.preferred_language,
            user=owner,
            output=output,
            version=version,
            title=version.text_for(owner.preferred_language).title,
            comment=version.curator_comment,
            link=url_for(
                "research.version_detail", output_id=output.id, number=number, _external=True
            ),
        )
        db.session.commit()
        flash(message, "success")
        return redirect(url_for("research.curation"))
    earlier = review.previous(version)
    page = render_template(
        "research/curate.html",
        form=form,
        output=output,
        version=version,
        language=current_language(),
        own=output.owner_id == current_user.id,
        decisions=review.decisions(output),
        earlier=earlier,
        changes=review.changes(version, earlier) if earlier is not None else [],
        # Resubmitted with the same number after changes were asked for: what changed since.
        returned=version.returned_metadata is not None,
        since_return=review.changes(version, version.returned_metadata)
        if version.returned_metadata is not None
        else [],
        previews=[f for f in version.files if _previewable(f)],
    )
    response = make_response(page, 400 if form.errors else 200)
    # The one page that frames: its PDFs, from our origin (learning/platform/security.py).
    response.headers["Content-Security-Policy"] = REVIEW_CONTENT_SECURITY_POLICY
    return response


def _previewable(file) -> bool:
    """Only files detected as PDF from their bytes at upload (never HTML, SVG or anything a
    browser would run)."""
    return file.is_available and file.content_type == "application/pdf"


@bp.route("/research/<int:output_id>/v/<int:number>/files/<int:file_id>/preview")
@roles_required("curator")
def preview(output_id: int, number: int, file_id: int):
    """Curators: a PDF of the version, for the frame on the review page (same origin,
    inline, framable only by our pages; not counted as a download)."""
    output = visible_output(output_id)
    version = visible_version(output, number)
    file = next((f for f in version.files if f.id == file_id), None)
    if file is None or not _previewable(file):
        abort(404)
    storage = get_storage()
    try:
        chunks = storage.iter_range(file.key, 0, None)
    except ObjectNotFound:
        abort(404)
    except StorageUnavailable:
        abort(503)
    response = Response(chunks, mimetype="application/pdf")
    response.headers["Content-Disposition"] = content_disposition(file.original_name, False)
    if file.size:
        response.headers["Content-Length"] = str(file.size)
    for name, value in PREVIEW_HEADERS:
        response.headers[name] = value
    return response


@bp.route("/research/<int:output_id>/withdraw", methods=["GET", "POST"])
@roles_required("curator")
def withdraw(output_id: int):
    """Curators: withdraw a published output, leaving a tombstone with the reason."""
    output = visible_output(output_id)
    form = WithdrawForm()
    if form.validate_on_submit():
        try:
            curation_service.withdraw(output, form.reason.data)
        except ResearchError as exc:
            return problem(exc)
        owner = output.owner
        mail_quietly(
            owner.email,
            "research_withdrawn",
            owner.preferred_language,
            user=owner,
            output=output,
            title=output.latest.text_for(owner.preferred_language).title if output.latest else "",
            reason=output.withdrawn_reason,
            link=url_for("research.detail", output_id=output.id, _external=True),
        )
        db.session.commit()
        flash(_("The output has been withdrawn. Its page now shows the reason."), "success")
        return redirect(url_for("research.detail", output_id=output.id))
    return render_template(
        "research/withdraw.html", form=form, output=output, language=current_language()
    ), 400 if form.errors else 200
