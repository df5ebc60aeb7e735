"""What only the local backend does: HTTP range downloads, its directory, readiness."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from learning.storage.store import (
    LocalStorage,
    ObjectNotFound,
    StorageError,
    StorageUnavailable,
    new_key,
)
from tests.storage import Download, payload

DATA = payload(1000)


@pytest.fixture
def stored(tmp_path: Path) -> tuple[LocalStorage, str]:
    """A local storage holding DATA under a fresh key."""
    storage = LocalStorage(tmp_path / "objects")
    key = new_key("materials")
    storage.put(key, io.BytesIO(DATA), "text/csv")
    return storage, key


def test_full_download(stored: tuple[LocalStorage, str], download: Download) -> None:
    storage, key = stored

    response = download(storage, key, filename="data.csv", content_type="text/csv", size=1000)

    assert response.status_code == 200
    assert response.get_data() == DATA
    assert response.headers["Content-Type"] == "text/csv"
    assert response.headers["Content-Length"] == "1000"
    assert response.headers["Accept-Ranges"] == "bytes"
    assert "private" in response.headers["Cache-Control"]
    assert response.headers["Content-Disposition"].startswith('attachment; filename="data.csv"')
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_range_download(stored: tuple[LocalStorage, str], download: Download) -> None:
    storage, key = stored

    response = download(storage, key, size=1000, headers={"Range": "bytes=100-199"})

    assert response.status_code == 206
    assert response.get_data() == DATA[100:200]
    assert response.headers["Content-Range"] == "bytes 100-199/1000"


def test_suffix_range_download(stored: tuple[LocalStorage, str], download: Download) -> None:
    storage, key = stored

    response = download(storage, key, size=1000, headers={"Range": "bytes=-10"})

    assert response.status_code == 206
    assert response.get_data() == DATA[-10:]


def test_unsatisfiable_range(stored: tuple[LocalStorage, str], download: Download) -> None:
    storage, key = stored

    response = download(storage, key, size=1000, headers={"Range": "bytes=5000-6000"})

    assert response.status_code == 416
    assert response.headers["Content-Range"] == "bytes */1000"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_conditional_download(stored: tuple[LocalStorage, str], download: Download) -> None:
    storage, key = stored
    etag = download(storage, key, size=1000).headers["ETag"]

    response = download(storage, key, size=1000, headers={"If-None-Match": etag})

    assert response.status_code == 304
    assert response.get_data() == b""


def test_download_of_a_missing_or_damaged_object(
    stored: tuple[LocalStorage, str], download: Download
) -> None:
    storage, key = stored

    with pytest.raises(ObjectNotFound):
        download(storage, new_key("materials"), size=1000)
    with pytest.raises(StorageError):
        download(storage, key, size=999)


def test_construction_and_ping_create_nothing(tmp_path: Path) -> None:
    root = tmp_path / "instance" / "objects"
    storage = LocalStorage(root)

    storage.ping()

    assert not root.exists()
    storage.put(new_key("covers"), io.BytesIO(b"x"), "image/png")
    assert root.is_dir()


def test_ping_fails_when_the_root_is_not_a_directory(tmp_path: Path) -> None:
    root = tmp_path / "objects"
    root.write_text("not a directory")

    with pytest.raises(StorageUnavailable):
        LocalStorage(root).ping()
    with pytest.raises(StorageError):
        LocalStorage(root).put(new_key("covers"), io.BytesIO(b"x"), "image/png")


def test_relative_root_is_made_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)

    storage = LocalStorage("objects")

    assert storage.root == tmp_path / "objects"
    assert storage.describe() == f"local root={tmp_path / 'objects'}"
