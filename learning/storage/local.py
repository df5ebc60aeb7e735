"""Objects as files under one directory: the single-machine embedded default."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from flask import Response, request
from werkzeug.exceptions import RequestedRangeNotSatisfiable
from werkzeug.utils import send_file

from learning.storage.base import (
    CHUNK_SIZE,
    Meter,
    ObjectInfo,
    ObjectNotFound,
    PutResult,
    Storage,
    StorageError,
    StorageUnavailable,
    check_range,
    validate_key,
    validate_prefix,
)
from learning.storage.filenames import content_disposition

# Errors that say the directory as a whole is unusable rather than something about one object.
_UNAVAILABLE_ERRNOS = frozenset(
    {errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOSPC, errno.EDQUOT, errno.EIO}
)
_NOT_FOUND = (FileNotFoundError, IsADirectoryError, NotADirectoryError)


class LocalStorage(Storage):
    """Files under ``root``, one per key; a put is a temporary file renamed into place."""

    name = "local"

    def __init__(self, root: Path | str) -> None:
        # No I/O here: the directory is created by the first put.
        self.root = Path(root).absolute()

    def describe(self) -> str:
        """One line naming the backend and its directory."""
        return f"local root={self.root}"

    def put(
        self, key: str, stream: BinaryIO, content_type: str, *, max_size: int | None = None
    ) -> PutResult:
        """Stream to a temporary file beside the target, fsync, rename; see Storage.put.

        ``content_type`` is not kept: the database row has it.
        """
        path = self._path(key)
        meter = Meter(max_size)
        with _os_errors():
            path.parent.mkdir(parents=True, exist_ok=True)
            # Same directory, so os.replace is an atomic rename; the leading dot keeps the
            # half-written file out of list() and out of every valid key.
            fd, temp_name = tempfile.mkstemp(prefix=".", suffix=".part", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in meter.chunks(stream):
                    with _os_errors():
                        out.write(chunk)
                with _os_errors():
                    out.flush()
                    os.fsync(out.fileno())
            with _os_errors():
                os.replace(temp_name, path)
        except BaseException:
            with suppress(OSError):
                os.unlink(temp_name)
            raise
        return meter.result(key)

    def open(self, key: str) -> BinaryIO:
        """Open the file for reading. Raises ObjectNotFound."""
        path = self._path(key)
        with _os_errors(key):
            return path.open("rb")

    def iter_range(
        self, key: str, start: int = 0, end: int | None = None, *, chunk: int = CHUNK_SIZE
    ) -> Iterator[bytes]:
        """Yield bytes ``[start, end)`` of the file. Raises ObjectNotFound, ValueError."""
        check_range(start, end)
        return _read_range(self.open(key), start, end, chunk)

    def size(self, key: str) -> int:
        """Return the file's size. Raises ObjectNotFound."""
        return self._stat(key).st_size

    def exists(self, key: str) -> bool:
        """Return whether the file exists. Raises ValueError for an unsafe key."""
        return self._path(key).is_file()

    def delete(self, key: str) -> None:
        """Remove the file if present. Raises StorageError when the file system refuses."""
        path = self._path(key)
        with _os_errors(), suppress(FileNotFoundError, IsADirectoryError):
            path.unlink()

    def list(self, prefix: str = "") -> Iterator[ObjectInfo]:
        """Yield the files whose key starts with ``prefix``. Raises StorageError."""
        directory = validate_prefix(prefix).rpartition("/")[0]
        base = self.root.joinpath(*directory.split("/")) if directory else self.root
        return self._walk(base, prefix)

    def clean_partials(self, older_than: datetime, *, dry_run: bool = False) -> list[str]:
        """Remove ``.part`` temp files left by a process that died mid-upload."""
        removed = []
        if not self.root.exists():
            return removed
        with _os_errors():
            for path in self.root.rglob(".*.part"):
                modified = datetime.fromtimestamp(path.stat().st_mtime, UTC)
                if modified < older_than:
                    removed.append(str(path.relative_to(self.root)))
                    if not dry_run:
                        with suppress(FileNotFoundError):
                            path.unlink()
        return removed

    def download_response(
        self, key: str, *, filename: str, content_type: str, size: int, as_attachment: bool
    ) -> Response:
        """Stream the file, honouring Range and If-None-Match; call inside a request.

        Raises ObjectNotFound, or StorageError when the file's size differs from ``size`` (the
        recorded one), since that means the object was damaged.
        """
        path = self._path(key)
        actual = self._stat(key).st_size
        if actual != size:
            raise StorageError(f"{key}: {actual} bytes on disk, {size} recorded")
        try:
            response = send_file(
                path,
                request.environ,
                mimetype=content_type,
                conditional=True,
                etag=True,
                response_class=Response,
            )
        except RequestedRangeNotSatisfiable:
            response = Response(status=416, headers={"Content-Range": f"bytes */{actual}"})
        else:
            # werkzeug would append "; charset=utf-8" to any text type; the row knows better.
            response.headers["Content-Type"] = content_type
            response.cache_control.private = True
        response.headers["Content-Disposition"] = content_disposition(filename, as_attachment)
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    def ping(self) -> None:
        """Check that the root (or, before the first put, its parent) is a writable directory.

        Raises StorageUnavailable.
        """
        target = self.root
        while not target.exists() and target != target.parent:
            target = target.parent
        if not target.is_dir():
            raise StorageUnavailable(f"{target} is not a directory")
        if not os.access(target, os.W_OK | os.X_OK):
            raise StorageUnavailable(f"{target} is not writable")

    def _path(self, key: str) -> Path:
        return self.root.joinpath(*validate_key(key).split("/"))

    def _stat(self, key: str) -> os.stat_result:
        path = self._path(key)
        with _os_errors(key):
            result = path.stat()
        if not stat.S_ISREG(result.st_mode):
            raise ObjectNotFound(key)
        return result

    def _walk(self, base: Path, prefix: str) -> Iterator[ObjectInfo]:
        if not base.is_dir():
            return
        with _os_errors():
            for dirpath, dirnames, filenames in os.walk(base, onerror=_raise):
                dirnames[:] = [name for name in dirnames if not name.startswith(".")]
                for name in filenames:
                    if name.startswith("."):
                        continue
                    path = Path(dirpath, name)
                    key = path.relative_to(self.root).as_posix()
                    if not key.startswith(prefix):
                        continue
                    try:
                        info = path.stat()
                    except FileNotFoundError:
                        continue  # deleted while we were listing
                    modified = datetime.fromtimestamp(info.st_mtime, tz=UTC)
                    yield ObjectInfo(key=key, size=info.st_size, last_modified=modified)


def _read_range(handle: BinaryIO, start: int, end: int | None, chunk: int) -> Iterator[bytes]:
    with handle, _os_errors():
        handle.seek(start)
        remaining = None if end is None else end - start
        while remaining is None or remaining > 0:
            data = handle.read(chunk if remaining is None else min(chunk, remaining))
            if not data:
                return
            if remaining is not None:
                remaining -= len(data)
            yield data


def _raise(error: OSError) -> None:
    raise error


@contextmanager
def _os_errors(key: str | None = None) -> Iterator[None]:
    """Translate OSError: a missing ``key`` to ObjectNotFound, the rest to StorageError."""
    try:
        yield
    except OSError as exc:
        if key is not None and isinstance(exc, _NOT_FOUND):
            raise ObjectNotFound(key) from exc
        if exc.errno in _UNAVAILABLE_ERRNOS:
            raise StorageUnavailable(f"local storage: {exc.strerror}: {exc.filename}") from exc
        raise StorageError(f"local storage: {exc}") from exc
