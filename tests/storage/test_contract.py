"""The storage contract, run against every backend (local directory, S3 over HTTP via moto)."""

from __future__ import annotations

import hashlib
import io
from datetime import UTC, datetime, timedelta

import pytest

from learning.storage.store import (
    CHUNK_SIZE,
    ObjectNotFound,
    Storage,
    StorageError,
    TooLarge,
    content_disposition,
    new_key,
)
from tests.storage import PART, Backend, Download, payload


class ClientGone(Exception):
    """What a dropped upload connection raises from read()."""


class DroppingStream(io.RawIOBase):
    """Serves ``data`` then raises ClientGone once ``fail_after`` bytes have been read."""

    def __init__(self, data: bytes, fail_after: int) -> None:
        super().__init__()
        self._data = io.BytesIO(data)
        self._fail_after = fail_after

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self._data.tell() >= self._fail_after:
            raise ClientGone("connection reset by peer")
        return self._data.read(min(size, self._fail_after - self._data.tell()))


class WatchingStream(io.RawIOBase):
    """Serves ``data`` in bounded reads only, and records what the store shows meanwhile."""

    def __init__(self, data: bytes, storage: Storage, key: str) -> None:
        super().__init__()
        self._data = io.BytesIO(data)
        self._storage = storage
        self._key = key
        self.seen_during_upload: list[bool] = []

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0 or size > 4 * CHUNK_SIZE:
            raise AssertionError(f"unbounded read({size})")
        if self._data.tell() > 0:
            self.seen_during_upload.append(self._storage.exists(self._key))
        return self._data.read(size)


SIZES = {
    "empty": 0,
    "small": 1000,
    "exactly-threshold": PART,
    "threshold-plus-one": PART + 1,
    "three-parts": 2 * PART + 12345,
}


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
def test_round_trip_is_byte_identical(storage: Storage, size: int) -> None:
    data = payload(size, seed=size)
    key = new_key("materials")

    result = storage.put(key, io.BytesIO(data), "application/pdf")

    assert (result.key, result.size) == (key, size)
    assert result.sha256 == hashlib.sha256(data).hexdigest()
    with storage.open(key) as handle:
        assert handle.read() == data
    assert storage.size(key) == size
    assert storage.exists(key)


def test_put_reads_in_bounded_chunks_and_publishes_only_when_complete(storage: Storage) -> None:
    data = payload(PART + 3 * CHUNK_SIZE)
    key = new_key("materials")
    stream = WatchingStream(data, storage, key)

    storage.put(key, stream, "application/zip")

    assert stream.seen_during_upload and not any(stream.seen_during_upload)
    assert storage.exists(key)


def test_iter_range_returns_the_requested_slice(storage: Storage) -> None:
    data = payload(1000)
    key = new_key("materials")
    storage.put(key, io.BytesIO(data), "text/plain")

    assert b"".join(storage.iter_range(key)) == data
    assert b"".join(storage.iter_range(key, 10, 20)) == data[10:20]
    assert b"".join(storage.iter_range(key, 990, 5000)) == data[990:]
    assert b"".join(storage.iter_range(key, 500, 500)) == b""
    assert b"".join(storage.iter_range(key, 1000)) == b""
    assert b"".join(storage.iter_range(key, 2000)) == b""
    chunks = list(storage.iter_range(key, 0, 100, chunk=30))
    assert b"".join(chunks) == data[:100]
    assert all(len(chunk) <= 30 for chunk in chunks)


def test_iter_range_of_an_empty_object_is_empty(storage: Storage) -> None:
    key = new_key("materials")
    storage.put(key, io.BytesIO(b""), "text/plain")

    assert list(storage.iter_range(key)) == []


def test_iter_range_checks_its_arguments_and_the_key_before_iterating(storage: Storage) -> None:
    key = new_key("materials")
    storage.put(key, io.BytesIO(b"0123456789"), "text/plain")

    with pytest.raises(ValueError):
        storage.iter_range(key, -1)
    with pytest.raises(ValueError):
        storage.iter_range(key, 5, 3)
    with pytest.raises(ObjectNotFound):
        storage.iter_range(new_key("materials"), 0, 5)
    with pytest.raises(ObjectNotFound):
        storage.iter_range(new_key("materials"), 3, 3)


def test_missing_object(storage: Storage) -> None:
    key = new_key("materials")

    assert not storage.exists(key)
    with pytest.raises(ObjectNotFound) as raised:
        storage.size(key)
    assert raised.value.key == key
    with pytest.raises(ObjectNotFound):
        storage.open(key)


def test_delete_is_idempotent(storage: Storage) -> None:
    key = new_key("materials")
    storage.put(key, io.BytesIO(b"bytes"), "text/plain")

    storage.delete(key)
    storage.delete(key)

    assert not storage.exists(key)
    assert list(storage.list()) == []


def test_list_by_prefix(storage: Storage) -> None:
    keys = ["materials/a1", "materials/b2", "materials-old/c3", "covers/d4"]
    before = datetime.now(UTC) - timedelta(minutes=5)
    for index, key in enumerate(keys):
        storage.put(key, io.BytesIO(b"x" * (index + 1)), "text/plain")

    assert {info.key for info in storage.list()} == set(keys)
    assert {info.key for info in storage.list("materials/")} == {"materials/a1", "materials/b2"}
    assert {info.key for info in storage.list("materials")} == set(keys[:3])
    assert list(storage.list("nothing/")) == []
    infos = {info.key: info for info in storage.list("covers/")}
    assert infos["covers/d4"].size == 4
    assert infos["covers/d4"].last_modified.utcoffset() == timedelta(0)
    assert infos["covers/d4"].last_modified > before


@pytest.mark.parametrize(
    "key", ["", "/etc/passwd", "../x", "a/../b", "a/./b", "a\\b", "a//b", "a/", ".hidden/x"]
)
def test_unsafe_keys_are_refused(storage: Storage, key: str) -> None:
    with pytest.raises(ValueError):
        storage.put(key, io.BytesIO(b"x"), "text/plain")
    with pytest.raises(ValueError):
        storage.exists(key)
    with pytest.raises(ValueError):
        storage.open(key)
    with pytest.raises(ValueError):
        storage.delete(key)


@pytest.mark.parametrize(
    ("size", "limit"), [(5000, 1000), (3 * PART, 2 * PART + 100)], ids=["single", "multipart"]
)
def test_too_large_leaves_nothing_behind(backend: Backend, size: int, limit: int) -> None:
    key = new_key("materials")

    with pytest.raises(TooLarge) as raised:
        backend.storage.put(key, io.BytesIO(payload(size)), "text/plain", max_size=limit)

    assert raised.value.max_size == limit
    assert isinstance(raised.value, StorageError)
    assert not backend.storage.exists(key)
    assert backend.leftovers() == []


def test_max_size_is_inclusive(storage: Storage) -> None:
    result = storage.put(new_key("materials"), io.BytesIO(b"x" * 100), "text/plain", max_size=100)

    assert result.size == 100


@pytest.mark.parametrize(
    ("size", "fail_after"),
    [(4000, 1000), (3 * PART, PART + 2 * CHUNK_SIZE + 7)],
    ids=["single", "multipart"],
)
def test_dropped_stream_propagates_and_leaves_nothing(
    backend: Backend, size: int, fail_after: int
) -> None:
    key = new_key("materials")

    with pytest.raises(ClientGone):
        backend.storage.put(key, DroppingStream(payload(size), fail_after), "text/plain")

    assert not backend.storage.exists(key)
    assert backend.leftovers() == []


def test_check_round_trips_a_probe(backend: Backend) -> None:
    lines = backend.storage.check()

    assert lines[0] == backend.storage.describe()
    assert any("probes/" in line for line in lines)
    assert backend.leftovers() == []


def test_ping_succeeds_on_a_working_store(storage: Storage) -> None:
    storage.ping()


def test_name_and_description(backend: Backend) -> None:
    assert backend.storage.name == backend.name
    assert backend.storage.describe().startswith(backend.name + " ")
    assert "testing" not in backend.storage.describe()


@pytest.mark.parametrize("as_attachment", [True, False])
def test_download_response_headers(
    storage: Storage, download: Download, as_attachment: bool
) -> None:
    key = new_key("materials")
    storage.put(key, io.BytesIO(b"%PDF-1.7 demo"), "application/pdf")

    response = download(
        storage,
        key,
        filename="Política pública 2026.pdf",
        content_type="application/pdf",
        size=13,
        as_attachment=as_attachment,
    )

    assert response.status_code in (200, 302)
    expected = content_disposition("Política pública 2026.pdf", as_attachment)
    assert response.headers["Content-Disposition"] == expected
    assert response.headers["X-Content-Type-Options"] == "nosniff"
