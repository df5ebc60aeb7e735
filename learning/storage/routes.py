"""Files on the web: the one stable download link, upload limits per route, and messages."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Blueprint, Flask, abort, current_app, request
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.datastructures import FileStorage

from learning.platform.extensions import db, login_manager
from learning.storage import kept, services
from learning.storage.base import StorageError, StorageUnavailable
from learning.storage.models import StoredFile

log = logging.getLogger(__name__)

bp = Blueprint("files", __name__)

# Room for the other form fields around the file in a multipart body.
FORM_OVERHEAD = 1024 * 1024
# How much of an oversized body we read and discard so the client sees our 413 page
# instead of a reset connection; past this the connection is closed anyway.
DRAIN_LIMIT = 4 * 1024 * 1024 * 1024

REFUSALS = {
    "no_name": _l("Choose a file to upload."),
    "empty": _l("The file is empty. Choose a file that has content."),
    "extension_not_allowed": _l(
        "This kind of file is not accepted. Use PDF, Word, Excel, PowerPoint, OpenDocument, "
        "CSV, text, PNG, JPEG, WebP, MP3, MP4 or ZIP."
    ),
    "content_mismatch": _l(
        "The file's content does not match its name (for example a web page renamed as PDF). "
        "Save it again in its real format and upload it."
    ),
    "dangerous": _l("Programs, scripts, web pages and SVG images cannot be uploaded."),
}

V = TypeVar("V", bound=Callable[..., Any])


def accepts_upload(kind: str, *, keep: bool = False) -> Callable[[V], V]:
    """Mark a view as an upload route for ``kind``: its request may be as large as that kind's
    limit (other routes keep the small MAX_CONTENT_LENGTH). ``keep``: the view takes files
    kept from the form's earlier try (``save_file(…, field=…)``, storage/kept.py), so its form
    sent back keeps the chosen file instead of asking for it again."""

    def mark(view: V) -> V:
        view.upload_kind = kind  # type: ignore[attr-defined]
        view.keeps_files = keep  # type: ignore[attr-defined]
        return view

    return mark


def _set_upload_limit() -> None:
    view = current_app.view_functions.get(request.endpoint or "")
    kind = getattr(view, "upload_kind", None)
    if kind:
        request.max_content_length = services.upload_limit(kind) + FORM_OVERHEAD


def _drain_oversized_body(response: Any) -> Any:
    """Read what the client is still sending after a 413 so it can read our answer."""
    if response.status_code != 413:
        return response
    stream = request.environ.get("wsgi.input")
    length = request.content_length or 0
    if stream is None or length > DRAIN_LIMIT:
        return response
    remaining = length
    try:
        while remaining > 0:
            chunk = stream.read(min(remaining, 1024 * 1024))
            if not chunk:
                break
            remaining -= len(chunk)
    except (OSError, ValueError):
        pass
    return response


def refusal_message(error: services.UploadRefused) -> str:
    """What to tell the person whose upload was refused, in their language."""
    if error.code == "too_large":
        limit_mb = (error.limit or 0) / (1024 * 1024)
        return _(
            "The file is larger than the limit of %(size)s MB. Upload a smaller file.",
            size=format_decimal(round(limit_mb)),
        )
    return str(REFUSALS.get(error.code, REFUSALS["extension_not_allowed"]))


UNAVAILABLE_MESSAGE = _l(
    "The file store cannot be reached right now, so nothing was saved. "
    "Please try again in a few minutes."
)


def save_file(
    upload: FileStorage | None, *, kind: str, allowed: Any = None, field: str | None = None
) -> tuple[StoredFile | None, str | None, int]:
    """Store an uploaded file for the signed-in person, row first.

    With no new file chosen, the file kept for the field (``field``, else the upload's own
    field name) by an earlier try of the form is used (learning/storage/kept.py).
    Returns (file, None, 200) or (None, message for the person, HTTP status: 400, 413 or 503).
    The route commits on success; on failure nothing is left behind.
    """
    if upload is None or not upload.filename:
        name = field or (upload.name if upload is not None else None)
        taken = kept.take(name, kind=kind, allowed=allowed) if name else []
        if taken:
            return taken[0], None, 200
        return None, str(REFUSALS["no_name"]), 400
    kwargs = {"allowed": allowed} if allowed is not None else {}
    try:
        row = services.store_upload(
            upload.stream,
            upload.filename,
            kind=kind,
            uploader_id=current_user.id if current_user.is_authenticated else None,
            **kwargs,
        )
    except services.UploadRefused as exc:
        return None, refusal_message(exc), 413 if exc.code == "too_large" else 400
    except StorageUnavailable as exc:
        log.warning("upload refused, storage unavailable: %s", exc)
        return None, str(UNAVAILABLE_MESSAGE), 503
    except StorageError as exc:
        log.error("upload failed in storage: %s", exc)
        return None, str(UNAVAILABLE_MESSAGE), 503
    return row, None, 200


def commit_with_files(*rows: StoredFile) -> None:
    """Commit the request; if the commit fails, remove the objects just uploaded, then re-raise."""
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        services.discard_after_failed_commit(rows)
        raise


@bp.route("/files/<int:file_id>/<path:name>")
def download(file_id: int, name: str):
    """Whoever the file's feature allows: our stable link. It checks, counts, then delivers."""
    row = db.session.get(StoredFile, file_id)
    if row is None or not row.is_available:
        abort(404)
    verdict = services.access(current_user, row)
    if verdict == services.LOGIN and not current_user.is_authenticated:
        return login_manager.unauthorized()
    if verdict == services.DENY or verdict == services.LOGIN:
        abort(403)
    if verdict != services.ALLOW:
        abort(404)
    services.count_download(row)
    db.session.commit()
    try:
        return services.download(row, inline=request.args.get("inline") == "1")
    except StorageUnavailable:
        abort(503)


def download_url(row: StoredFile, **kwargs: Any) -> str:
    """The stable, shareable link to a stored file."""
    from flask import url_for

    return url_for("files.download", file_id=row.id, name=row.original_name, **kwargs)


def init_app(app: Flask) -> None:
    """Set per-route upload limits before anything reads the body (CSRF included: first of
    the app's before-request functions)."""
    app.before_request_funcs.setdefault(None, []).insert(0, _set_upload_limit)
    app.after_request(_drain_oversized_body)
    app.jinja_env.globals["file_url"] = download_url
    app.jinja_env.globals["kept_files"] = kept.kept_files
