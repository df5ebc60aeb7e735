"""What only the S3 backend does: multipart, prefixes, presigned downloads, failure mapping."""

from __future__ import annotations

import io
import time
import urllib.request
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from learning.storage.store import (
    ObjectNotFound,
    S3Storage,
    StorageUnavailable,
    content_disposition,
    new_key,
)
from tests.storage import PART, Download, payload
from tests.support.s3 import free_port

MakeS3 = Callable[..., S3Storage]


def test_large_objects_go_up_in_parts_of_the_configured_size(
    make_s3: MakeS3, moto_client: Any, bucket: str
) -> None:
    storage = make_s3()
    small, large = new_key("materials"), new_key("materials")

    storage.put(small, io.BytesIO(payload(PART)), "text/csv")
    storage.put(large, io.BytesIO(payload(2 * PART + 1)), "application/pdf")

    # A multipart object's ETag ends in "-<number of parts>".
    assert "-" not in moto_client.head_object(Bucket=bucket, Key=small)["ETag"]
    head = moto_client.head_object(Bucket=bucket, Key=large)
    assert head["ETag"].strip('"').endswith("-3")
    assert head["ContentType"] == "application/pdf"


def test_prefixes_isolate_instances_sharing_a_bucket(
    make_s3: MakeS3, moto_client: Any, bucket: str
) -> None:
    tenant = make_s3(prefix="tenant")
    other = make_s3(prefix="/tenant-b/")
    bare = make_s3()
    key = new_key("materials")

    tenant.put(key, io.BytesIO(b"mine"), "text/plain")
    other.put("materials/theirs", io.BytesIO(b"theirs"), "text/plain")

    raw = {item["Key"] for item in moto_client.list_objects_v2(Bucket=bucket)["Contents"]}
    assert raw == {f"tenant/{key}", "tenant-b/materials/theirs"}
    assert [info.key for info in tenant.list()] == [key]
    assert [info.key for info in other.list("materials/")] == ["materials/theirs"]
    assert not other.exists(key)
    with pytest.raises(ObjectNotFound):
        other.size(key)
    assert bare.exists(f"tenant/{key}")


def test_download_redirects_to_a_short_presigned_url_serving_the_object(
    make_s3: MakeS3, download: Download
) -> None:
    storage = make_s3(presign_seconds=3600)
    data = payload(3000)
    key = new_key("materials")
    storage.put(key, io.BytesIO(data), "application/octet-stream")

    response = download(
        storage,
        key,
        filename="Política pública 2026.pdf",
        content_type="application/pdf",
        size=len(data),
        as_attachment=True,
    )

    assert response.status_code == 302
    assert response.headers["Cache-Control"] == "no-store"
    location = response.headers["Location"]
    assert int(parse_qs(urlsplit(location).query)["X-Amz-Expires"][0]) <= 300
    with urllib.request.urlopen(location, timeout=10) as target:  # noqa: S310 (moto over http)
        assert target.read() == data
        assert target.headers["Content-Type"] == "application/pdf"
        expected = content_disposition("Política pública 2026.pdf", True)
        assert target.headers["Content-Disposition"] == expected


def test_impossible_settings_are_refused(make_s3: MakeS3) -> None:
    with pytest.raises(ValueError):
        make_s3(part_size=PART - 1)
    with pytest.raises(ValueError):
        make_s3(prefix="../escape")
    with pytest.raises(ValueError):
        S3Storage("")


def test_description_names_the_location_but_no_secret(make_s3: MakeS3, bucket: str) -> None:
    description = make_s3(prefix="puente/prod").describe()

    assert f"bucket={bucket}" in description
    assert "prefix=puente/prod/" in description
    assert "testing" not in description


def test_missing_bucket_makes_the_store_unavailable(moto_endpoint: str) -> None:
    storage = S3Storage("no-such-bucket-here", endpoint_url=moto_endpoint, region="us-east-1")

    with pytest.raises(StorageUnavailable):
        storage.ping()
    with pytest.raises(StorageUnavailable):
        storage.put(new_key("materials"), io.BytesIO(b"x"), "text/plain")


def _unreachable() -> S3Storage:
    return S3Storage(
        "bucket",
        endpoint_url=f"http://127.0.0.1:{free_port()}",
        region="us-east-1",
        connect_timeout=0.5,
        read_timeout=0.5,
        max_attempts=1,
    )


@pytest.mark.parametrize(
    "call",
    [
        lambda s: s.ping(),
        lambda s: s.exists("materials/x"),
        lambda s: s.put("materials/x", io.BytesIO(b"x"), "text/plain"),
        lambda s: s.put("materials/x", io.BytesIO(payload(PART + 1)), "text/plain"),
        lambda s: list(s.list()),
        lambda s: s.check(),
    ],
    ids=["ping", "exists", "put", "put-multipart", "list", "check"],
)
@pytest.mark.usefixtures("moto_endpoint")  # for its dummy credentials; nobody listens here
def test_unreachable_store_fails_fast_with_storage_unavailable(
    call: Callable[[S3Storage], object],
) -> None:
    storage = _unreachable()
    started = time.monotonic()

    with pytest.raises(StorageUnavailable):
        call(storage)

    assert time.monotonic() - started < 5


def test_missing_credentials_make_the_store_unavailable(
    make_s3: MakeS3, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name)
    # Stop boto3 from asking the EC2 metadata service, which would only time out here.
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    storage = make_s3()

    with pytest.raises(StorageUnavailable):
        storage.ping()
