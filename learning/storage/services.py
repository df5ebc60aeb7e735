"""Stored files: row first, bytes second, so nothing is orphaned and nothing points at nothing.

1. ``begin_upload`` checks the name and the first bytes, then commits a ``pending`` row in a
   short transaction of its own (a long upload must not hold the request's transaction open).
2. ``finish_upload`` streams the bytes to storage (bounded memory, hashed while streaming),
   checks the stored size, and marks the row ``available`` in the request's session; the route
   commits that together with whatever row points at the file.
3. If anything fails, ``abandon_upload`` deletes the object and the pending row at once; if the
   process dies instead, ``flask storage gc`` removes both after a day.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import BinaryIO

from flask import Response, current_app
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.platform.slots import FILE_ACCESS
from learning.storage.base import ObjectNotFound, StorageError, StorageUnavailable, TooLarge
from learning.storage.filenames import clean_filename, new_key
from learning.storage.filetypes import ACCEPTED_EXTENSIONS, HEAD_SIZE, RefusedType, detect
from learning.storage.models import AVAILABLE, PENDING, StoredFile
from learning.storage.store import get_storage

log = logging.getLogger(__name__)

MiB = 1024 * 1024
DEFAULT_LIMITS = {
    "material": 512 * MiB,
    "research": 512 * MiB,
    "cover": 5 * MiB,
    "probe": 2048 * MiB,
    # A roster CSV is small: 5 MB holds about 50,000 rows.
    "csv-import": 5 * MiB,
    # Calls: an applicant's document and a referee's letter; a placement's agreement and reports.
    "call-document": 10 * MiB,
    "call-letter": 10 * MiB,
    # An answer to a call's own file question (each question may set less).
    "call-answer": 10 * MiB,
    "call-placement": 20 * MiB,
}


class UploadRefused(Exception):
    """The upload was refused; ``code`` says why (the web layer words it for people)."""

    def __init__(self, code: str, limit: int | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.limit = limit


def upload_limit(kind: str) -> int:
    """The largest file accepted for ``kind``, in bytes (config ``UPLOAD_LIMITS``)."""
    limits = {**DEFAULT_LIMITS, **current_app.config.get("UPLOAD_LIMITS", {})}
    return int(limits.get(kind, 512 * MiB))


def begin_upload(
    stream: BinaryIO,
    filename: str,
    *,
    kind: str,
    uploader_id: int | None,
    allowed: Iterable[str] = ACCEPTED_EXTENSIONS,
) -> StoredFile:
    """Check the file and commit its ``pending`` row; the stream is left at its start.

    Raises UploadRefused (codes: empty, extension_not_allowed, content_mismatch, dangerous,
    no_name). The client's claimed content type is never trusted: the type comes from the bytes.
    """
    name = clean_filename(filename or "")
    if not filename or not filename.strip():
        raise UploadRefused("no_name")
    head = stream.read(HEAD_SIZE)
    stream.seek(0)
    try:
        file_type = detect(name, head, stream, allowed=allowed)
    except RefusedType as exc:
        raise UploadRefused(exc.reason) from exc
    finally:
        stream.seek(0)
    row = StoredFile(
        key=new_key(kind),
        kind=kind,
        original_name=name,
        content_type=file_type.content_type,
        state=PENDING,
        uploader_id=uploader_id,
    )
    # Its own short transaction: the row must exist before the bytes, whatever happens next.
    with Session(db.engine, expire_on_commit=False) as session:
        session.add(row)
        session.commit()
    return db.session.merge(row, load=False)


def finish_upload(row: StoredFile, stream: BinaryIO) -> StoredFile:
    """Stream the bytes, verify the stored size, and mark the row available (not committed).

    Nothing is flushed here: on SQLite a flush would take the database's write lock, and the
    next file's ``begin_upload`` (its own transaction) would wait for it. Routes upload their
    files first, then write their own rows, then commit once.

    Raises UploadRefused("too_large"|"empty") or StorageUnavailable/StorageError; on any
    failure the object and the pending row are removed before the error propagates.
    """

    storage = get_storage()
    limit = upload_limit(row.kind)
    try:
        result = storage.put(row.key, stream, row.content_type, max_size=limit)
        if result.size == 0:
            raise UploadRefused("empty")
        stored = storage.size(row.key)
        if stored != result.size:
            raise StorageError(f"stored size {stored} differs from sent size {result.size}")
    except TooLarge as exc:
        abandon_upload(row)
        raise UploadRefused("too_large", limit=limit) from exc
    except BaseException:
        abandon_upload(row)
        raise
    row.size = result.size
    row.sha256 = result.sha256
    row.state = AVAILABLE
    row.available_at = utcnow()
    return row


def store_upload(
    stream: BinaryIO,
    filename: str,
    *,
    kind: str,
    uploader_id: int | None,
    allowed: Iterable[str] = ACCEPTED_EXTENSIONS,
) -> StoredFile:
    """``begin_upload`` then ``finish_upload``: the whole row-first upload (route commits)."""
    row = begin_upload(stream, filename, kind=kind, uploader_id=uploader_id, allowed=allowed)
    return finish_upload(row, stream)


def abandon_upload(row: StoredFile) -> None:
    """Remove an upload that will not complete: its object (if any) and its pending row.

    Best effort: if the store or the database is down, ``flask storage gc`` finishes the job.
    """

    key, row_id = row.key, row.id
    try:
        get_storage().delete(key)
    except StorageError as exc:
        log.warning("could not delete %s after a failed upload: %s", key, exc)
    try:
        with Session(db.engine) as session:
            session.execute(
                StoredFile.__table__.delete().where(
                    StoredFile.id == row_id, StoredFile.state == PENDING
                )
            )
            session.commit()
    except Exception as exc:  # noqa: BLE001 - the database may be what failed
        log.warning("could not delete pending row %s: %s", row_id, exc)
    if row in db.session:
        db.session.expunge(row)


def discard_after_failed_commit(rows: Iterable[StoredFile]) -> None:
    """After the request's commit failed, remove the objects its new files uploaded."""
    for row in rows:
        abandon_upload(row)


def count_download(row: StoredFile) -> None:
    """Count one download in the request's transaction (atomic increment, no lost updates)."""
    db.session.execute(
        update(StoredFile)
        .where(StoredFile.id == row.id)
        .values(download_count=StoredFile.download_count + 1)
    )


def download(row: StoredFile, *, inline: bool = False) -> Response:
    """The response that delivers ``row``: presigned redirect (S3) or ranged stream (local).

    Only images, audio, video and PDF may be shown inline; anything else is an attachment.
    Raises StorageUnavailable when the store cannot be reached.
    """

    safe_inline = inline and row.content_type.startswith(
        ("image/png", "image/jpeg", "image/webp", "audio/", "video/", "application/pdf")
    )
    return get_storage().download_response(
        row.key,
        filename=row.original_name,
        content_type=row.content_type,
        size=row.size or 0,
        as_attachment=not safe_inline,
    )


# Access: each feature says who may download its kind of file. -----------------------------

ALLOW, LOGIN, DENY, HIDE = "allow", "login", "deny", "hide"
AccessRule = Callable[[object, StoredFile], str]


def access(user: object, row: StoredFile) -> str:
    """Whether ``user`` may download ``row``, by the rule the owning feature put in the
    FILE_ACCESS slot; kinds nobody filled are hidden (deny by default)."""
    rule = FILE_ACCESS.get(row.kind)
    return rule(user, row) if rule else HIDE


# Maintenance ------------------------------------------------------------------------------


@dataclass
class GcReport:
    """What ``collect_garbage`` removed (or would remove, in a dry run)."""

    pending_rows: list[str]
    orphan_objects: list[str]
    partial_uploads: list[str]


def collect_garbage(*, older_than: timedelta, dry_run: bool) -> GcReport:
    """Remove pending rows, unreferenced objects and unfinished uploads older than
    ``older_than``.

    Raises StorageUnavailable when the store cannot be listed.
    """

    storage = get_storage()
    cutoff: datetime = utcnow() - older_than
    stale = list(
        db.session.scalars(
            select(StoredFile).where(StoredFile.state == PENDING, StoredFile.created_at < cutoff)
        )
    )
    known = set(db.session.scalars(select(StoredFile.key)))
    orphans = [
        info.key
        for info in storage.list("")
        if info.key not in known and info.last_modified < cutoff
    ]
    partials = storage.clean_partials(cutoff, dry_run=dry_run)
    if not dry_run:
        for row in stale:
            storage.delete(row.key)
            db.session.delete(row)
        for key in orphans:
            storage.delete(key)
        db.session.commit()
    return GcReport([row.key for row in stale], orphans, partials)


@dataclass
class VerifyProblem:
    """One stored file whose object is missing or differs from its row."""

    file_id: int
    key: str
    problem: str


def verify_objects() -> tuple[int, list[VerifyProblem]]:
    """Re-read every available object and compare its size and SHA-256 with the row."""
    import hashlib

    storage = get_storage()
    problems: list[VerifyProblem] = []
    checked = 0
    rows = db.session.execute(
        select(StoredFile.id, StoredFile.key, StoredFile.size, StoredFile.sha256)
        .where(StoredFile.state == AVAILABLE)
        .order_by(StoredFile.id)
    )
    for file_id, key, size, sha256 in rows:
        checked += 1
        digest = hashlib.sha256()
        total = 0
        try:
            for chunk in storage.iter_range(key, 0, None):
                digest.update(chunk)
                total += len(chunk)
        except ObjectNotFound:
            problems.append(VerifyProblem(file_id, key, "missing"))
            continue
        if total != size:
            problems.append(VerifyProblem(file_id, key, f"size {total} != {size}"))
        elif digest.hexdigest() != sha256:
            problems.append(VerifyProblem(file_id, key, "sha256 mismatch"))
    return checked, problems


__all__ = [
    "ALLOW",
    "DENY",
    "HIDE",
    "LOGIN",
    "GcReport",
    "StorageUnavailable",
    "UploadRefused",
    "VerifyProblem",
    "abandon_upload",
    "access",
    "begin_upload",
    "collect_garbage",
    "count_download",
    "discard_after_failed_commit",
    "download",
    "finish_upload",
    "store_upload",
    "upload_limit",
    "verify_objects",
]
