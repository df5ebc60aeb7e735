"""Objects in an S3-compatible bucket (AWS S3, MinIO, Ceph RGW, Garage) through boto3."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, BinaryIO, Literal

import boto3
from botocore.config import Config
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    CredentialRetrievalError,
    HTTPClientError,
    NoCredentialsError,
    PartialCredentialsError,
)
from botocore.exceptions import ConnectionError as BotoConnectionError
from flask import Response

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

if TYPE_CHECKING:
    from botocore.response import StreamingBody

MiB = 1024 * 1024
MIN_PART_SIZE = 5 * MiB
"""S3 refuses multipart parts below 5 MiB, except the last one."""
MAX_PRESIGN_SECONDS = 300
_MAX_PARTS = 10_000  # S3's limit per multipart upload

AddressingStyle = Literal["auto", "path", "virtual"]

_NOT_FOUND_CODES = frozenset({"404", "NoSuchKey", "NotFound"})
_CREDENTIAL_CODES = frozenset(
    {"AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch", "ExpiredToken", "InvalidToken"}
)
_THROTTLE_CODES = frozenset({"SlowDown", "RequestTimeout", "ServiceUnavailable", "InternalError"})


class S3Storage(Storage):
    """A bucket, optionally under a key prefix; one boto3 client per instance (thread-safe)."""

    name = "s3"

    def __init__(
        self,
        bucket: str,
        *,
        endpoint_url: str | None = None,
        region: str | None = None,
        prefix: str = "",
        addressing_style: AddressingStyle | None = None,
        multipart_threshold: int = 8 * MiB,
        part_size: int = 8 * MiB,
        presign_seconds: int = MAX_PRESIGN_SECONDS,
        connect_timeout: float = 5.0,
        read_timeout: float = 30.0,
        max_attempts: int = 3,
    ) -> None:
        """Build the client without any network call. Raises ValueError for impossible settings.

        ``presign_seconds`` is capped at 300: our download link is the stable one, the presigned
        target only has to live long enough for the browser to follow the redirect.
        """
        if not bucket:
            raise ValueError("S3 bucket name is empty")
        if part_size < MIN_PART_SIZE:
            raise ValueError(f"part_size must be at least {MIN_PART_SIZE} bytes")
        if multipart_threshold < 1 or presign_seconds < 1 or max_attempts < 1:
            raise ValueError("multipart_threshold, presign_seconds and max_attempts must be >= 1")
        self.bucket = bucket
        self.endpoint_url = endpoint_url
        self.region = region
        stripped = prefix.strip("/")
        self.prefix = validate_prefix(f"{stripped}/") if stripped else ""
        self.addressing_style: AddressingStyle = addressing_style or "auto"
        self.multipart_threshold = multipart_threshold
        self.part_size = part_size
        self.presign_seconds = min(presign_seconds, MAX_PRESIGN_SECONDS)
        config = Config(
            signature_version="s3v4",
            s3={"addressing_style": self.addressing_style},
            retries={"total_max_attempts": max_attempts, "mode": "standard"},
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            # botocore >= 1.36 adds CRC checksums to every upload by default, which several
            # S3-compatible stores reject; we verify with our own SHA-256 instead.
            request_checksum_calculation="when_required",
            response_checksum_validation="when_required",
        )
        # A session of our own: the default session is shared and not thread-safe to build from.
        self._client = boto3.session.Session().client(
            "s3", endpoint_url=endpoint_url, region_name=region, config=config
        )

    def describe(self) -> str:
        """One line naming bucket, endpoint, region, prefix and addressing; never credentials."""
        return (
            f"s3 bucket={self.bucket} endpoint={self.endpoint_url or 'aws'} "
            f"region={self.region or 'default'} prefix={self.prefix or '-'} "
            f"addressing={self.addressing_style}"
        )

    def put(
        self, key: str, stream: BinaryIO, content_type: str, *, max_size: int | None = None
    ) -> PutResult:
        """One PUT up to the threshold, else a sequential multipart upload; see Storage.put."""
        full_key = self._full_key(key)
        meter = Meter(max_size)
        chunks = meter.chunks(stream)
        buffer = bytearray()
        for chunk in chunks:
            buffer += chunk
            if len(buffer) > self.multipart_threshold:
                break
        else:
            with _translated(key):
                self._client.put_object(
                    Bucket=self.bucket, Key=full_key, Body=buffer, ContentType=content_type
                )
            return meter.result(key)
        with _translated(key):
            upload_id = self._client.create_multipart_upload(
                Bucket=self.bucket, Key=full_key, ContentType=content_type
            )["UploadId"]
        upload = _MultipartUpload(self._client, self.bucket, full_key, upload_id, self.part_size)
        try:
            upload.feed(buffer)
            del buffer  # the upload owns it now; keeping a name on it would pin a whole part
            for chunk in chunks:
                upload.feed(chunk)
            with _translated(key):
                upload.complete()
        except BaseException:
            # Without the abort, the parts already sent would be billed and kept indefinitely.
            with suppress(Exception):
                upload.abort()
            raise
        return meter.result(key)

    def open(self, key: str) -> BinaryIO:
        """Return a buffered reader over the object. Raises ObjectNotFound, StorageUnavailable."""
        full_key = self._full_key(key)
        with _translated(key):
            body = self._client.get_object(Bucket=self.bucket, Key=full_key)["Body"]
        return io.BufferedReader(_BodyReader(body, key), CHUNK_SIZE)

    def iter_range(
        self, key: str, start: int = 0, end: int | None = None, *, chunk: int = CHUNK_SIZE
    ) -> Iterator[bytes]:
        """Yield bytes ``[start, end)`` with one ranged GET. Raises ObjectNotFound, ValueError."""
        check_range(start, end)
        full_key = self._full_key(key)
        if end == start:
            if not self.exists(key):
                raise ObjectNotFound(key)
            return iter(())
        byte_range = f"bytes={start}-" if end is None else f"bytes={start}-{end - 1}"
        with _translated(key):
            try:
                response = self._client.get_object(
                    Bucket=self.bucket, Key=full_key, Range=byte_range
                )
            except ClientError as exc:
                # S3 answers 416 when start lies at or past the end (always, for an empty object).
                if _error_code(exc) == "InvalidRange":
                    return iter(())
                raise
        body = response["Body"]
        return _iter_body(body, key, chunk)

    def size(self, key: str) -> int:
        """Return the object's size from a HEAD request. Raises ObjectNotFound."""
        return int(self._head(key)["ContentLength"])

    def exists(self, key: str) -> bool:
        """Return whether the object exists (HEAD). Raises StorageUnavailable."""
        try:
            self._head(key)
        except ObjectNotFound:
            return False
        return True

    def delete(self, key: str) -> None:
        """Delete the object (S3 deletes are idempotent). Raises StorageUnavailable."""
        full_key = self._full_key(key)
        with _translated(key):
            self._client.delete_object(Bucket=self.bucket, Key=full_key)

    def list(self, prefix: str = "") -> Iterator[ObjectInfo]:
        """Yield objects under ``prefix``, keys without our S3 prefix. Raises StorageUnavailable."""
        return self._list(self.prefix + validate_prefix(prefix))

    def download_response(
        self, key: str, *, filename: str, content_type: str, size: int, as_attachment: bool
    ) -> Response:
        """Redirect (302) to a presigned GET that sets the recorded name and type.

        ``size`` is not needed: the store sends its own Content-Length. No request is made, so
        a missing object shows up as the store's 404 at the target. Raises StorageUnavailable
        when no credentials are available to sign with.
        """
        disposition = content_disposition(filename, as_attachment)
        with _translated(key):
            url = self._client.generate_presigned_url(
                "get_object",
                Params={
                    "Bucket": self.bucket,
                    "Key": self._full_key(key),
                    "ResponseContentDisposition": disposition,
                    "ResponseContentType": content_type,
                },
                ExpiresIn=self.presign_seconds,
            )
        response = Response(status=302, headers={"Location": url})
        response.headers["Content-Disposition"] = disposition
        response.headers["X-Content-Type-Options"] = "nosniff"
        # The target expires within minutes; no cache may keep the redirect longer.
        response.headers["Cache-Control"] = "no-store"
        return response

    def clean_partials(self, older_than: datetime, *, dry_run: bool = False) -> list[str]:
        """Abort multipart uploads under our prefix begun before ``older_than`` (a process
        killed mid-upload leaves them; they are invisible to list() but cost storage)."""
        removed = []
        with _translated(None):
            paginator = self._client.get_paginator("list_multipart_uploads")
            for page in paginator.paginate(Bucket=self.bucket, Prefix=self.prefix):
                for upload in page.get("Uploads", []):
                    if upload["Initiated"] >= older_than:
                        continue
                    removed.append(upload["Key"][len(self.prefix) :])
                    if not dry_run:
                        self._client.abort_multipart_upload(
                            Bucket=self.bucket, Key=upload["Key"], UploadId=upload["UploadId"]
                        )
        return removed

    def ping(self) -> None:
        """HEAD the bucket. Raises StorageUnavailable (unreachable, bad credentials, no bucket)."""
        with _translated(None):
            self._client.head_bucket(Bucket=self.bucket)

    def _full_key(self, key: str) -> str:
        return self.prefix + validate_key(key)

    def _head(self, key: str) -> dict[str, Any]:
        full_key = self._full_key(key)
        with _translated(key):
            return self._client.head_object(Bucket=self.bucket, Key=full_key)

    def _list(self, full_prefix: str) -> Iterator[ObjectInfo]:
        paginator = self._client.get_paginator("list_objects_v2")
        with _translated(None):
            for page in paginator.paginate(Bucket=self.bucket, Prefix=full_prefix):
                for item in page.get("Contents", []):
                    yield ObjectInfo(
                        key=item["Key"][len(self.prefix) :],
                        size=int(item["Size"]),
                        last_modified=item["LastModified"].astimezone(UTC),
                    )


class _MultipartUpload:
    """Cuts the stream into fixed-size parts, holding at most one part in memory."""

    def __init__(self, client: Any, bucket: str, key: str, upload_id: str, part_size: int) -> None:
        self._client = client
        self._bucket = bucket
        self._key = key
        self._upload_id = upload_id
        self._part_size = part_size
        self._part = bytearray()
        self._parts: list[dict[str, Any]] = []

    def feed(self, data: bytes | bytearray) -> None:
        """Append data, sending every part that fills up. Raises StorageError. A bytearray is
        adopted, not copied, when no part is pending: the caller must not touch it afterwards."""
        if self._part:
            self._part += data
        else:
            self._part = data if isinstance(data, bytearray) else bytearray(data)
        while len(self._part) >= self._part_size:
            # Copy only the overflow; the full part itself goes out as it is.
            rest = self._part[self._part_size :]
            del self._part[self._part_size :]
            self._send(rest)

    def complete(self) -> None:
        """Send the last (possibly short, possibly only) part and complete the upload."""
        if self._part or not self._parts:
            self._send(bytearray())
        self._client.complete_multipart_upload(
            Bucket=self._bucket,
            Key=self._key,
            UploadId=self._upload_id,
            MultipartUpload={"Parts": self._parts},
        )

    def abort(self) -> None:
        """Abort the upload so the store drops the parts already sent."""
        self._client.abort_multipart_upload(
            Bucket=self._bucket, Key=self._key, UploadId=self._upload_id
        )

    def _send(self, rest: bytearray) -> None:
        """Upload the pending part, then make ``rest`` the pending part."""
        number = len(self._parts) + 1
        if number > _MAX_PARTS:
            raise StorageError(f"object exceeds {_MAX_PARTS} parts; raise the part size")
        body, self._part = self._part, rest
        with _translated(self._key):
            etag = self._client.upload_part(
                Bucket=self._bucket,
                Key=self._key,
                UploadId=self._upload_id,
                PartNumber=number,
                Body=body,
            )["ETag"]
        self._parts.append({"ETag": etag, "PartNumber": number})


class _BodyReader(io.RawIOBase):
    """A raw stream over a GET body whose errors are StorageErrors."""

    def __init__(self, body: StreamingBody, key: str) -> None:
        super().__init__()
        self._body = body
        self._key = key

    def readable(self) -> bool:
        """Always true."""
        return True

    def readinto(self, buffer: Any) -> int:
        """Fill ``buffer`` from the body. Raises StorageUnavailable, StorageError."""
        with _translated(self._key):
            return self._body.readinto(buffer)

    def close(self) -> None:
        """Release the HTTP connection."""
        self._body.close()
        super().close()


def _iter_body(body: StreamingBody, key: str, chunk: int) -> Iterator[bytes]:
    with _translated(key), body:
        yield from body.iter_chunks(chunk)


def _error_code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


@contextmanager
def _translated(key: str | None) -> Iterator[None]:
    """Turn botocore errors into storage errors; ``key`` None means a bucket-level call."""
    try:
        yield
    except ClientError as exc:
        raise _client_error(exc, key) from exc
    except (NoCredentialsError, PartialCredentialsError, CredentialRetrievalError) as exc:
        raise StorageUnavailable("no usable S3 credentials") from exc
    except (BotoConnectionError, HTTPClientError) as exc:
        raise StorageUnavailable(f"S3 endpoint unreachable ({type(exc).__name__})") from exc
    except BotoCoreError as exc:
        raise StorageError(f"S3: {exc}") from exc


def _client_error(exc: ClientError, key: str | None) -> StorageError:
    code = _error_code(exc)
    status = int(exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0)
    if code in _NOT_FOUND_CODES and key is not None:
        return ObjectNotFound(key)
    if code in _NOT_FOUND_CODES or code == "NoSuchBucket":
        return StorageUnavailable("S3 bucket not found")
    if status >= 500 or code in _THROTTLE_CODES:
        return StorageUnavailable(f"S3 error {code or status}")
    if status == 403 or code in _CREDENTIAL_CODES:
        return StorageUnavailable(f"S3 refused our credentials ({code or status})")
    return StorageError(f"S3 error {code or status}: {exc}")
