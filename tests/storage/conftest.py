"""Fixtures for the storage suite: each backend behind one harness, and a tiny Flask app.

The S3 backend runs against moto over HTTP (one server per session, a fresh bucket per test).
Nothing here needs the real app factory.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, request
from werkzeug.test import TestResponse

from learning.storage.store import LocalStorage, S3Storage, Storage
from tests.storage import PART, Backend, Download


@pytest.fixture
def make_s3(moto_endpoint: str, bucket: str) -> Callable[..., S3Storage]:
    """make_s3(**settings): an S3Storage on the test's bucket, 5 MiB threshold and parts."""

    def make(**settings: Any) -> S3Storage:
        options = {"multipart_threshold": PART, "part_size": PART, **settings}
        return S3Storage(bucket, endpoint_url=moto_endpoint, region="us-east-1", **options)

    return make


@pytest.fixture
def s3_backend(make_s3: Callable[..., S3Storage], moto_client: Any, bucket: str) -> Backend:
    """The S3 backend under test; leftovers include unfinished multipart uploads."""

    def leftovers() -> list[str]:
        objects = moto_client.list_objects_v2(Bucket=bucket).get("Contents", [])
        uploads = moto_client.list_multipart_uploads(Bucket=bucket).get("Uploads", [])
        return [item["Key"] for item in objects] + [f"upload {u['Key']}" for u in uploads]

    return Backend("s3", make_s3(), leftovers)


@pytest.fixture
def local_backend(tmp_path: Path) -> Backend:
    """A LocalStorage under the test's temporary directory."""
    root = tmp_path / "objects"

    def leftovers() -> list[str]:
        if not root.exists():
            return []
        return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())

    return Backend("local", LocalStorage(root), leftovers)


@pytest.fixture(params=["local", "s3"])
def backend(request: pytest.FixtureRequest) -> Backend:
    """Each backend in turn, for the contract suite."""
    return request.getfixturevalue(f"{request.param}_backend")


@pytest.fixture
def storage(backend: Backend) -> Storage:
    """The storage under test."""
    return backend.storage


@pytest.fixture
def download() -> Download:
    """download(storage, key, filename=, content_type=, size=, as_attachment=, headers=)

    Performs a GET through a one-route Flask app whose view returns storage.download_response.
    """

    def fetch(
        storage: Storage,
        key: str,
        *,
        filename: str = "file.bin",
        content_type: str = "application/octet-stream",
        size: int,
        as_attachment: bool = True,
        headers: dict[str, str] | None = None,
    ) -> TestResponse:
        app = Flask(__name__)
        app.testing = True  # let the view's exceptions reach the test

        @app.get("/download")
        def view() -> Any:
            return storage.download_response(
                request.args["key"],
                filename=filename,
                content_type=content_type,
                size=size,
                as_attachment=as_attachment,
            )

        return app.test_client().get(
            "/download", query_string={"key": key}, headers=headers, buffered=True
        )

    return fetch
