"""The storage contract every backend fulfils, its errors, and helpers the backends share."""

from __future__ import annotations

import hashlib
import io
import os
import re
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, BinaryIO, ClassVar

from learning.storage.filenames import new_key

if TYPE_CHECKING:
    from flask import Response

CHUNK_SIZE = 256 * 1024
"""Bytes read from an upload stream at a time, and the default chunk for ranged reads."""

_SEGMENT = re.compile(r"[^/\\\x00]+")


class StorageError(Exception):
    """Base class for everything the storage layer raises about the store itself."""


class StorageUnavailable(StorageError):
    """The store cannot be reached or refuses us: network, timeouts, 5xx, credentials, disk."""


class ObjectNotFound(StorageError):
    """No object exists at the key."""

    def __init__(self, key: str) -> None:
        super().__init__(f"no object at {key!r}")
        self.key = key


class TooLarge(StorageError):
    """The upload went past ``max_size``; nothing was kept."""

    def __init__(self, max_size: int) -> None:
        super().__init__(f"object larger than {max_size} bytes")
        self.max_size = max_size


@dataclass(frozen=True)
class PutResult:
    """What was stored: the key, the byte count and the SHA-256 (hex) computed while streaming."""

    key: str
    size: int
    sha256: str


@dataclass(frozen=True)
class ObjectInfo:
    """One listed object; ``last_modified`` is timezone-aware UTC."""

    key: str
    size: int
    last_modified: datetime


class Storage(ABC):
    """An object store addressed by opaque keys such as ``materials/<uuid hex>``.

    Keys are made by the app (see ``filenames.new_key``), never from user input; backends still
    refuse absolute keys, ``..``, ``.``-prefixed or empty segments and backslashes (ValueError).
    Objects are immutable in practice: a change is a new key. Content type, original name, size
    and hash live in the database row; backends need not keep them.
    """

    name: ClassVar[str]

    @abstractmethod
    def put(
        self, key: str, stream: BinaryIO, content_type: str, *, max_size: int | None = None
    ) -> PutResult:
        """Stream ``stream`` to ``key`` in bounded memory, hashing as it goes.

        The object appears whole or not at all. Raises TooLarge past ``max_size`` (nothing kept),
        StorageUnavailable / StorageError from the store; an exception raised by ``stream``
        itself propagates unchanged after the partial upload is cleaned up.
        """

    @abstractmethod
    def open(self, key: str) -> BinaryIO:
        """Open the object for reading; the caller closes it. Raises ObjectNotFound."""

    @abstractmethod
    def iter_range(
        self, key: str, start: int = 0, end: int | None = None, *, chunk: int = CHUNK_SIZE
    ) -> Iterator[bytes]:
        """Yield bytes ``[start, end)`` (``end=None``: to the end), clipped to the object.

        Raises ObjectNotFound before the first chunk (the lookup is not deferred to iteration),
        ValueError for a negative start or ``end < start``.
        """

    @abstractmethod
    def size(self, key: str) -> int:
        """Return the object's size in bytes. Raises ObjectNotFound."""

    @abstractmethod
    def exists(self, key: str) -> bool:
        """Return whether an object exists at ``key``. Raises StorageUnavailable."""

    @abstractmethod
    def delete(self, key: str) -> None:
        """Delete the object; deleting a missing object is not an error. Raises StorageError."""

    @abstractmethod
    def list(self, prefix: str = "") -> Iterator[ObjectInfo]:
        """Yield the objects whose key starts with ``prefix``, in no promised order."""

    @abstractmethod
    def download_response(
        self, key: str, *, filename: str, content_type: str, size: int, as_attachment: bool
    ) -> Response:
        """Build the HTTP response that delivers the object to a client already authorised.

        ``filename`` and ``content_type`` come from the database row, never from the store.
        Raises ObjectNotFound (local backend) or StorageUnavailable.
        """

    @abstractmethod
    def clean_partials(self, older_than: datetime, *, dry_run: bool = False) -> list[str]:
        """Remove uploads that never finished (temp files, incomplete multipart uploads) begun
        before ``older_than``; return what was (or would be) removed. Raises StorageError."""

    @abstractmethod
    def ping(self) -> None:
        """Cheap reachability check for readiness probes. Raises StorageUnavailable."""

    @abstractmethod
    def describe(self) -> str:
        """One line naming the backend and where it stores, without credentials."""

    def check(self) -> list[str]:
        """Write, read back, verify and delete a probe object; raises StorageError on failure."""
        key = new_key("probes")
        payload = b"puente storage probe\n" + os.urandom(64)
        lines = [self.describe()]
        result = self.put(key, io.BytesIO(payload), "application/octet-stream")
        lines.append(f"wrote {key} ({result.size} bytes)")
        try:
            self._verify_probe(key, payload, result)
        except BaseException:
            # The verification failure is the news; a failed clean-up must not hide it.
            with suppress(StorageError):
                self.delete(key)
            raise
        lines.append("read it back, sizes, hash and ranged read: correct")
        self.delete(key)
        if self.exists(key):
            raise StorageError("probe still present after delete")
        lines.append("deleted it")
        return lines

    def _verify_probe(self, key: str, payload: bytes, result: PutResult) -> None:
        if result.size != len(payload) or result.sha256 != hashlib.sha256(payload).hexdigest():
            raise StorageError("put() reported a wrong size or hash for the probe")
        with self.open(key) as handle:
            if handle.read() != payload:
                raise StorageError("probe read back differs from what was written")
        if self.size(key) != len(payload):
            raise StorageError("store reports a wrong size for the probe")
        if b"".join(self.iter_range(key, 5, 21)) != payload[5:21]:
            raise StorageError("ranged read of the probe returned wrong bytes")


def validate_key(key: str) -> str:
    """Return ``key`` if it is a safe relative key; raise ValueError otherwise."""
    if not key or not all(
        _SEGMENT.fullmatch(segment) and not segment.startswith(".") for segment in key.split("/")
    ):
        raise ValueError(f"unsafe storage key {key!r}")
    return key


def validate_prefix(prefix: str) -> str:
    """Return ``prefix`` if it could start a safe key (may be empty); raise ValueError otherwise."""
    # A prefix is safe exactly when some safe key starts with it; appending one letter decides.
    if prefix:
        validate_key(prefix + "x")
    return prefix


def check_range(start: int, end: int | None) -> None:
    """Raise ValueError unless ``0 <= start`` and ``end`` is None or ``>= start``."""
    if start < 0 or (end is not None and end < start):
        raise ValueError(f"invalid range [{start}, {end})")


class Meter:
    """Counts and hashes an upload as it streams, enforcing the size limit."""

    def __init__(self, max_size: int | None) -> None:
        self._hash = hashlib.sha256()
        self._max_size = max_size
        self.size = 0

    def chunks(self, stream: BinaryIO) -> Iterator[bytes]:
        """Yield the stream's chunks, counted and hashed. Raises TooLarge past the limit."""
        for chunk in iter(partial(stream.read, CHUNK_SIZE), b""):
            self.size += len(chunk)
            if self._max_size is not None and self.size > self._max_size:
                raise TooLarge(self._max_size)
            self._hash.update(chunk)
            yield chunk

    def result(self, key: str) -> PutResult:
        """The PutResult for everything metered so far."""
        return PutResult(key=key, size=self.size, sha256=self._hash.hexdigest())
