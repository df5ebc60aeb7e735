"""An S3 endpoint for tests and benchmarks: moto's server over real HTTP on 127.0.0.1.

The storage code under test talks to it exactly as it talks to a production store; nothing is
patched in-process.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import boto3
from moto.server import ThreadedMotoServer

DUMMY_AWS_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    # Keep a developer's ~/.aws profile (region, endpoint, real keys) out of the tests.
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
}
_UNSET_AWS_ENV = ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3", "AWS_CA_BUNDLE")


@contextmanager
def dummy_aws_credentials() -> Iterator[None]:
    """Point boto3's standard credential chain at dummy keys, restoring the environment after."""
    saved = {name: os.environ.get(name) for name in (*DUMMY_AWS_ENV, *_UNSET_AWS_ENV)}
    os.environ.update(DUMMY_AWS_ENV)
    for name in _UNSET_AWS_ENV:
        os.environ.pop(name, None)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def start_moto_server() -> tuple[ThreadedMotoServer, str]:
    """Start moto in a thread on a free port; return the server (call .stop()) and its URL."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    return server, f"http://{host}:{port}"


def start_moto_process(timeout: float = 20.0) -> tuple[subprocess.Popen[bytes], str]:
    """Start moto as a separate process on a free port; return it (terminate it) and its URL.

    Raises RuntimeError if it does not accept connections within ``timeout`` seconds.
    """
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.1)
        else:
            return process, f"http://127.0.0.1:{port}"
    process.kill()
    process.wait()
    raise RuntimeError("moto server did not start")


def free_port() -> int:
    """A TCP port that was free a moment ago (also usable as a closed port nobody listens on)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def s3_client(endpoint_url: str) -> Any:
    """A plain boto3 client for arranging and inspecting the store behind the code under test."""
    return boto3.session.Session().client("s3", endpoint_url=endpoint_url, region_name="us-east-1")


def make_bucket(endpoint_url: str, name: str) -> None:
    """Create bucket ``name`` with plain boto3."""
    s3_client(endpoint_url).create_bucket(Bucket=name)


def reset_moto(endpoint_url: str) -> None:
    """Forget every bucket and object, so a long test session does not pile them up in memory."""
    url = f"{endpoint_url}/moto-api/reset"
    if not url.startswith("http://127.0.0.1:"):
        raise ValueError(f"not a local moto server: {endpoint_url}")
    request = urllib.request.Request(url, method="POST")  # noqa: S310 (checked just above)
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        response.read()
