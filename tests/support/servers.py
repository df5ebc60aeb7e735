"""Run the real app under gunicorn on 127.0.0.1 for tests and benchmarks that need a real
server process (what production runs), and talk to it over plain HTTP."""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(env: dict[str, str], *, workers: int = 1, timeout: float = 30) -> Iterator[tuple]:
    """Start ``gunicorn wsgi:app`` with ``env`` added; yield (process, port); stop it after."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "--workers", str(workers), "--bind",
            f"127.0.0.1:{port}", "--timeout", "600", "--log-level", "warning", "wsgi:app",
        ],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    deadline = time.monotonic() + timeout
    try:
        while True:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            try:
                conn.request("GET", "/healthz")
                response = conn.getresponse()
                response.read()
                if response.status == 200:
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        "gunicorn did not start: " + process.stderr.read().decode()[-2000:]
                    ) from None
                time.sleep(0.2)
            finally:
                # An unclosed probe socket is a ResourceWarning, which the suite treats as error.
                conn.close()
        yield process, port
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stderr.close()


class Browser:
    """A tiny cookie-keeping HTTP client that fills in CSRF tokens from the pages it reads."""

    def __init__(self, port: int, language: str = "en") -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.language = language

    def _headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        headers = {"Accept-Language": self.language}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        headers.update(extra or {})
        return headers

    def request(self, method: str, path: str, body=None, headers=None):  # noqa: ANN001
        """Send a request; returns (status, headers, body bytes)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
        try:
            conn.request(method, path, body=body, headers=self._headers(headers))
            response = conn.getresponse()
            data = response.read()
        finally:
            conn.close()
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name] = rest.split(";")[0]
        return response.status, response.headers, data

    def csrf_token(self, path: str) -> str:
        """The CSRF token of the form on ``path``."""
        _, _, page = self.request("GET", path)
        match = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page)
        assert match, f"no CSRF token on {path}"
        return match.group(1).decode()

    def sign_in(self, email: str, password: str) -> None:
        """Sign in through the real form."""
        from urllib.parse import urlencode

        token = self.csrf_token("/account/sign-in")
        body = urlencode({"csrf_token": token, "email": email, "password": password})
        status, _, _ = self.request(
            "POST",
            "/account/sign-in",
            body=body,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert status == 302, f"sign-in failed with {status}"


def multipart_head(token: str, boundary: str, filename: str, content_type: str) -> bytes:
    """The start of a multipart body with a CSRF field and one file field named ``file``."""
    return (
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        f"Content-Type: {content_type}\r\n\r\n"
    ).encode()
