"""A form sent back with its errors keeps the file that was chosen with it.

A browser forgets the chosen file when the page comes back with an error about another field;
on a slow connection, choosing and sending a large file again is what people give up on. So
when a form with a file is shown again after a failed POST, the file is stored as a *pending*
file (bytes in storage, row ``pending``, belonging to the uploader), and the form carries a
signed reference to it in a hidden field ``<field>-kept``. Sending the form again without a
new file uses the kept one; choosing another file replaces it. A kept file that is never used
stays pending, and ``flask storage gc`` removes it (row and bytes) after a day.

The reference is never trusted alone: it is signed (the secret key, its own salt), it expires
after KEPT_SECONDS, and the file must still be pending, of the route's kind, and belong to the
person sending the form. Anonymous forms keep nothing (no owner to check): they say plainly
that the file must be chosen again.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from flask import current_app, g, request
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import update
from sqlalchemy.orm import Session

from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.storage import services
from learning.storage.base import StorageError, TooLarge
from learning.storage.filetypes import ACCEPTED_EXTENSIONS
from learning.storage.models import AVAILABLE, PENDING, StoredFile
from learning.storage.store import get_storage

log = logging.getLogger(__name__)

SALT = "storage-kept-file"
# A day, as the garbage collector's default: a reference never outlives its file.
KEPT_SECONDS = 24 * 3600
SUFFIX = "-kept"


@dataclass(frozen=True)
class Kept:
    """A file kept for a form: its name (shown) and the signed reference (hidden field)."""

    name: str
    token: str


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def _user_id() -> int | None:
    return current_user.id if current_user.is_authenticated else None


def sign(row: StoredFile) -> str:
    """The reference to ``row`` for its uploader's form."""
    return _serializer().dumps({"f": row.id, "u": row.uploader_id, "n": row.original_name})


def _read(token: str) -> dict | None:
    """The reference's content if it is ours, fresh, and for the person sending the form."""
    try:
        data = _serializer().loads(token, max_age=KEPT_SECONDS)
    except BadSignature:
        return None
    user_id = _user_id()
    if not isinstance(data, dict) or user_id is None or data.get("u") != user_id:
        return None
    if not isinstance(data.get("f"), int) or not isinstance(data.get("n"), str):
        return None
    return data


def _tokens(field: str) -> list[str]:
    return [t for t in request.form.getlist(field + SUFFIX) if t][:20]


def take(field: str, *, kind: str, allowed: Iterable[str] | None = None) -> list[StoredFile]:
    """The files kept for ``field`` by an earlier try of this form, made available in the
    request's session (the route commits them with whatever points at them).

    Only pending files of ``kind`` belonging to the person sending the form, with their bytes
    stored and an extension the route accepts; anything else in the form is ignored.
    """
    extensions = {e.lower() for e in (allowed if allowed is not None else ACCEPTED_EXTENSIONS)}
    rows = []
    for token in _tokens(field):
        data = _read(token)
        if data is None:
            continue
        row = db.session.get(StoredFile, data["f"])
        if (
            row is None
            or row.state != PENDING
            or row.kind != kind
            or row.uploader_id != _user_id()
            or row.size is None
            or row.sha256 is None
            or row.extension not in extensions
        ):
            continue
        row.state = AVAILABLE
        row.available_at = utcnow()
        g.setdefault("kept_taken", set()).add(row.id)
        rows.append(row)
    return rows


def was_kept(row: StoredFile) -> bool:
    """Whether ``row`` was taken from the form's kept files in this request: if the form is
    refused after all, it stays pending for the next try rather than being removed."""
    return row.id in g.get("kept_taken", ())


def chosen(field: str) -> bool:
    """Whether the form brings a file for ``field``: a new one, or a reference to a kept one
    (checked again, fully, when the route takes it)."""
    new = any(f.filename for f in request.files.getlist(field))
    return new or any(_read(t) is not None for t in _tokens(field))


def _keep_one(upload, kind: str) -> StoredFile | None:
    """Store ``upload`` as a pending file with its bytes; None if it cannot be kept."""
    try:
        upload.stream.seek(0)
        row = services.begin_upload(
            upload.stream, upload.filename, kind=kind, uploader_id=_user_id()
        )
    except (services.UploadRefused, OSError, ValueError):
        return None
    key, row_id = row.key, row.id
    if row in db.session:
        db.session.expunge(row)
    try:
        result = get_storage().put(
            key, upload.stream, row.content_type, max_size=services.upload_limit(kind)
        )
        if result.size == 0:
            raise ValueError("empty")
        # Its own short transaction, as begin_upload's: the row stays pending (not used yet).
        with Session(db.engine) as session:
            session.execute(
                update(StoredFile)
                .where(StoredFile.id == row_id)
                .values(size=result.size, sha256=result.sha256)
            )
            session.commit()
    except (TooLarge, StorageError, ValueError, OSError) as exc:
        log.info("could not keep %s for a form sent back: %s", key, exc)
        services.abandon_upload(row)
        return None
    row.size, row.sha256 = result.size, result.sha256
    return row


def kept_files(field: str) -> tuple[list[Kept], list[str]]:
    """For a file field on a form shown again after a failed POST: the files kept for it
    (chosen this time, or kept from an earlier try and not replaced), and the names of the
    files that could not be kept (to be chosen again)."""
    if request.method != "POST":
        return [], []
    cache = g.setdefault("kept_files", {})
    if field in cache:
        return cache[field]
    view = current_app.view_functions.get(request.endpoint or "")
    # Only views that take kept files back (accepts_upload(…, keep=True)) promise to keep them.
    kind = getattr(view, "upload_kind", None) if getattr(view, "keeps_files", False) else None
    uploads = [f for f in request.files.getlist(field) if f and f.filename]
    kept: list[Kept] = []
    lost: list[str] = []
    if uploads:
        for upload in uploads:
            row = _keep_one(upload, kind) if kind and _user_id() is not None else None
            if row is None:
                lost.append(upload.filename)
            else:
                kept.append(Kept(row.original_name, sign(row)))
    else:
        for token in _tokens(field):
            data = _read(token)
            if data is None:
                continue
            row = db.session.get(StoredFile, data["f"])
            if row is None or row.uploader_id != _user_id():
                lost.append(data["n"])
            else:
                kept.append(Kept(data["n"], token))
    cache[field] = (kept, lost)
    return kept, lost
