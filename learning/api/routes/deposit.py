"""Depositing a research output as a draft with its files (multipart), through the deposit
page's own form (the same fields, rules and messages) and the same storage code: each file is
streamed to the store row first, and if anything is refused or the store is down, nothing is
left behind (no output, no file rows, no objects)."""

from __future__ import annotations

from flask import g, request, url_for
from flask_babel import lazy_gettext as _l

from learning.api.blueprint import operation
from learning.api.problems import Problem
from learning.api.respond import json_response
from learning.language.i18n import current_language
from learning.platform.extensions import db
from learning.research.forms import deposit_form
from learning.research.messages import MESSAGES, error_message, error_status
from learning.research.models import ResearchOutput
from learning.research.services import deposit as deposit_service
from learning.research.services.common import (
    MAX_FILES,
    RESEARCH_EXTENSIONS,
    ResearchError,
    programme_today,
)
from learning.storage import services as storage
from learning.storage.models import StoredFile
from learning.storage.routes import accepts_upload, commit_with_files, save_file

RESEARCHERS_ONLY = _l("Only researchers deposit research outputs. Ask the programme for the role.")


def _store_all(uploads: list) -> list[StoredFile]:  # noqa: ANN001 - FileStorage items
    """Store every file, row first; on a refusal remove those already stored and raise
    Problem (400 a refused file, 413 too large, 503 the store is down)."""
    rows: list[StoredFile] = []
    for upload in uploads:
        row, error, status = save_file(upload, kind="research", allowed=RESEARCH_EXTENSIONS)
        if row is None:
            storage.discard_after_failed_commit(rows)
            db.session.rollback()
            raise Problem(status, f"{upload.filename}: {error}")
        rows.append(row)
    return rows


def draft_data(output: ResearchOutput, language: str) -> dict:
    """The new draft: its first version's texts and files, and where its page is."""
    version = output.newest
    text = version.text_for(language)
    return {
        "id": output.id,
        "state": output.state,
        "version": version.number,
        "access": output.access,
        "embargo_until": output.embargo_until.isoformat() if output.embargo_until else None,
        "title": text.title,
        "language": text.language,
        "files": [
            {
                "id": link.file.id,
                "name": link.file.original_name,
                "content_type": link.file.content_type,
                "size": link.file.size,
                "sha256": link.file.sha256,
            }
            for link in sorted(version.file_links, key=lambda link: link.position)
        ],
        "url": url_for("research.detail", output_id=output.id, _external=True),
    }


@operation(
    "/research",
    method="POST",
    operation_id="deposit_research_output",
    summary=_l("Deposit a research output as a draft, with its files"),
    description=_l(
        "Multipart form with the deposit page's fields; files in 'files' (PDF, Word, Excel, "
        "PowerPoint, OpenDocument, CSV, text or ZIP; up to %(n)s). The draft waits for you "
        "to check and submit it on its page.",
        n=MAX_FILES,
    ),
    tag="research",
    response="ResearchDraft",
    status=201,
    auth="required",
    scope="research:write",
    body="ResearchDeposit",
    errors=(400, 403, 409, 413, 422, 503),
    conditional=False,
)
@accepts_upload("research")
def deposit_research_output():
    """Researchers with a research:write token: a new draft output with its files."""
    user = g.api_user
    if not user.has_role("researcher"):
        raise Problem(403, RESEARCHERS_ONLY)
    form = deposit_form(with_files=True, meta={"csrf": False})
    if not form.validate():
        raise Problem(422, errors={name: messages[0] for name, messages in form.errors.items()})
    uploads = [f for f in request.files.getlist("files") if f and f.filename]
    if len(uploads) > MAX_FILES:
        raise Problem(422, errors={"files": MESSAGES["too_many_files"]})
    rows = _store_all(uploads)
    try:
        output = deposit_service.create_output(
            user,
            form.version_data(),
            access=form.access.data,
            embargo_until=form.embargo_until.data,
            files=rows,
            today=programme_today(),
        )
    except ResearchError as exc:
        db.session.rollback()
        storage.discard_after_failed_commit(rows)
        raise Problem(error_status(exc), error_message(exc)) from exc
    commit_with_files(*rows)
    response = json_response(draft_data(output, current_language()), 201, conditional=False)
    response.headers["Location"] = url_for("research.detail", output_id=output.id, _external=True)
    return response
