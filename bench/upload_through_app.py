"""Upload benchmark through the whole app: gunicorn + the admin storage page + S3 (moto).

A file of --size-mb (default 1024) is generated on the fly and sent as a multipart form to the
running app, which stores it in an S3 server (moto, separate process) through the production
code. Prints the upload time, the app worker's memory before and its peak after, and checks the
download (302 to a presigned URL) gives back the same SHA-256.

    .venv/bin/python -m bench.upload_through_app --size-mb 1024

Target: the worker's peak memory grows by less than 64 MB, whatever the file size.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from tests.support.s3 import DUMMY_AWS_ENV, dummy_aws_credentials, make_bucket, start_moto_process
from tests.support.servers import Browser, gunicorn, multipart_head

MiB = 1024 * 1024
TARGET_MB = 64
PASSWORD = "measuring uploads 2026"  # noqa: S105 - a throwaway account in a temporary database


def _kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} not found for {pid}")


def _worker_pid(master: int) -> int:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    if len(children) != 1:
        raise RuntimeError(f"expected one gunicorn worker, found {children}")
    return int(children[0])


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; 0 when the target is met, else 1."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=1024)
    args = parser.parse_args(argv)
    size = args.size_mb * MiB

    with dummy_aws_credentials(), tempfile.TemporaryDirectory() as work:
        moto, endpoint = start_moto_process()
        try:
            make_bucket(endpoint, "puente-bench")
            env = {
                **DUMMY_AWS_ENV,
                "PUENTE_ENV": "testing",
                "SECRET_KEY": "bench-secret",
                "DATABASE_URL": f"sqlite:///{work}/bench.db",
                "STORAGE_BACKEND": "s3",
                "S3_BUCKET": "puente-bench",
                "S3_ENDPOINT_URL": endpoint,
                "S3_REGION": "us-east-1",
                "UPLOAD_LIMITS_MB": f"probe={args.size_mb + 16}",
                "MAIL_OUTBOX": f"{work}/outbox",
            }
            flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
            for command in (
                ["db", "upgrade"],
                ["users", "create", "--email", "bench@example.org", "--name", "Bench",
                 "--password", PASSWORD, "--role", "admin"],
            ):  # fmt: skip
                subprocess.run([*flask, *command], env={**os.environ, **env}, check=True)

            with gunicorn(env) as (process, port):
                worker = _worker_pid(process.pid)
                browser = Browser(port)
                browser.sign_in("bench@example.org", PASSWORD)
                token = browser.csrf_token("/admin/storage")
                before_kib = _kib(worker, "VmRSS")

                boundary = "puente-bench-boundary"
                head = multipart_head(token, boundary, "big.pdf", "application/pdf")
                tail = f"\r\n--{boundary}--\r\n".encode()
                first = b"%PDF-1.7\n"
                block = bytes(range(256)) * (MiB // 256)
                digest = hashlib.sha256()

                def body():
                    yield head
                    digest.update(first)
                    yield first
                    remaining = size - len(first)
                    while remaining > 0:
                        piece = block[: min(remaining, len(block))]
                        digest.update(piece)
                        remaining -= len(piece)
                        yield piece
                    yield tail

                length = len(head) + size + len(tail)
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1800)
                started = time.monotonic()
                conn.request(
                    "POST",
                    "/admin/storage",
                    body=body(),
                    headers={
                        "Content-Type": f"multipart/form-data; boundary={boundary}",
                        "Content-Length": str(length),
                        "Cookie": "; ".join(f"{k}={v}" for k, v in browser.cookies.items()),
                    },
                    encode_chunked=False,
                )
                response = conn.getresponse()
                response.read()
                seconds = time.monotonic() - started
                peak_kib = _kib(worker, "VmHWM")
                if response.status != 302:
                    print(f"upload failed: HTTP {response.status}")
                    return 1

                status, headers, page = browser.request("GET", "/admin/storage")
                link = page.split(b'href="/files/')[1].split(b'"')[0].decode()
                status, headers, _ = browser.request("GET", "/files/" + link)
                fetched = hashlib.sha256()
                with urllib.request.urlopen(headers["Location"]) as download:  # noqa: S310
                    while chunk := download.read(MiB):
                        fetched.update(chunk)
        finally:
            moto.terminate()
            moto.wait()

    growth_mb = (peak_kib - before_kib) / 1024
    identical = fetched.hexdigest() == digest.hexdigest()
    print(f"file size            {args.size_mb} MiB")
    print(f"upload time          {seconds:.1f} s ({args.size_mb / seconds:.1f} MiB/s)")
    print(f"worker RSS before    {before_kib / 1024:.1f} MiB")
    print(f"worker peak RSS      {peak_kib / 1024:.1f} MiB")
    print(f"peak growth          {growth_mb:.1f} MiB (target < {TARGET_MB})")
    print(
        f"download identical   {'yes' if identical else 'NO'} (sha256 {digest.hexdigest()[:16]}…)"
    )
    return 0 if growth_mb < TARGET_MB and identical else 1


if __name__ == "__main__":
    sys.exit(main())
