"""Files and citations: downloading a version's files (checked and counted) and citing a
version as BibTeX or RIS."""

from __future__ import annotations

from flask import Response, abort, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user

from learning.language.i18n import current_language
from learning.platform.extensions import db, login_manager
from learning.research import citations
from learning.research.blueprint import bp
from learning.research.routes.common import visible_output, visible_version, visitor
from learning.research.services.access import file_verdict, may_manage, page_verdict
from learning.research.services.common import programme_today
from learning.research.services.counting import record_hit
from learning.storage import services as storage
from learning.storage.base import StorageUnavailable
from learning.storage.models import StoredFile
from learning.web.errors import render_error


@bp.route("/research/<int:output_id>/files/<int:file_id>/<path:name>")
def download(output_id: int, file_id: int, name: str):
    """Whoever the output's access allows: check, count (no robots, no repeats), deliver."""
    output = visible_output(output_id)
    today = programme_today()
    order = [storage.ALLOW, storage.LOGIN, storage.DENY, storage.HIDE]
    verdicts = [
        file_verdict(current_user, output, v, today)
        for v in output.versions
        if any(link.file_id == file_id for link in v.file_links)
    ]
    verdict = min(verdicts, key=order.index) if verdicts else storage.HIDE
    row = db.session.get(StoredFile, file_id)
    if row is None or not row.is_available or verdict == storage.HIDE:
        abort(404)
    if verdict == storage.LOGIN:
        return login_manager.unauthorized()
    if verdict == storage.DENY:
        if output.state == "withdrawn":
            return render_error(
                403, _("This output has been withdrawn; its files are no longer available.")
            )
        return render_error(
            403,
            _(
                "The files of this output are under embargo until %(date)s. "
                "The description is available now.",
                date=_date(output.embargo_until),
            ),
        )
    address, agent = visitor()
    if output.state == "published" and record_hit(
        "download", output, address=address, user_agent=agent, target=file_id
    ):
        storage.count_download(row)
    db.session.commit()
    try:
        return storage.download(row, inline=request.args.get("inline") == "1")
    except StorageUnavailable:
        abort(503)


def _date(value: object) -> str:
    return format_date(value, "long") if value else ""


@bp.route("/research/<int:output_id>/v/<int:number>/cite.<any(bib, ris):fmt>")
def cite(output_id: int, number: int, fmt: str):
    """Whoever may see the version: its BibTeX or RIS record."""
    output = visible_output(output_id)
    if page_verdict(current_user, output) == storage.LOGIN:
        return login_manager.unauthorized()
    if output.state == "withdrawn" and not may_manage(current_user, output):
        # Like its pages: a withdrawn output is cited by its tombstone, not as if it stood.
        return render_template("research/tombstone.html", output=output), 410
    version = visible_version(output, number)
    url = url_for("research.version_detail", output_id=output.id, number=number, _external=True)
    language = current_language()
    if fmt == "bib":
        body = citations.bibtex(output, version, url=url, language=language)
        mimetype = "application/x-bibtex"
    else:
        body = citations.ris(output, version, url=url, language=language)
        mimetype = "application/x-research-info-systems"
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{citations.cite_key(output, version)}.{fmt}"'
    )
    return response
