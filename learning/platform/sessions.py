"""The session cookie and the CSRF token: work every signed-in page repeated, done once per
process.

Flask verifies the signed session cookie on every request (a key derivation and an HMAC) and
Flask-WTF signs the session's CSRF token again on every page that shows a form, the sign-out
button in the header included. Both answers are the same for the same input, so each worker
keeps them:

- a cookie already verified with the current keys is recognised by its exact text; its age is
  still checked on every request, and each request gets its own copy of the session;
- a CSRF token signed in the last minute is reused for the same session (a signed token is good
  for its whole time limit, ``WTF_CSRF_TIME_LIMIT``; a reused one expires a minute sooner at
  the most).

Nothing is shared between processes and nothing needs to be: a worker that has not seen a
cookie verifies it as before.
"""

from __future__ import annotations

import time
from typing import Any

from flask import Flask, Request, current_app, g, session
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from itsdangerous import BadSignature, URLSafeTimedSerializer

from learning.platform.cache import Store

# What each process remembers, in the app's own bounded store
# (learning.platform.cache.Store), the least recently used out first: some thousands of
# cookies and of tokens (2 MB each at the most), verified again after an hour (cookies) and
# signed again after a minute (tokens).
KEPT_BYTES = 2 * 1024 * 1024
COOKIE_SECONDS = 3600
CSRF_REUSE_SECONDS = 60


def _store(seconds: float) -> Store:
    return Store(max_bytes=KEPT_BYTES, seconds=seconds)


def _copy(value: Any) -> Any:
    """A copy deep enough that a request changing its session (flashes are a list) cannot
    change what is kept; the other values a session holds cannot be changed in place."""
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, verifying each cookie once per process."""

    def __init__(self) -> None:
        # (secret key, fallbacks) -> (serializer, cookie text -> (signed at, session data))
        self._by_keys: dict[tuple[Any, ...], tuple[URLSafeTimedSerializer, Store]] = {}

    def _signing(self, app: Flask) -> tuple[URLSafeTimedSerializer, Store] | None:
        if not app.secret_key:
            return None
        keys = (app.secret_key, *(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        found = self._by_keys.get(keys)
        if found is None:
            serializer = super().get_signing_serializer(app)
            assert serializer is not None  # noqa: S101 - a secret key was checked above
            found = self._by_keys.setdefault(keys, (serializer, _store(COOKIE_SECONDS)))
        return found

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        """One serializer per set of keys (Flask makes one per request)."""
        found = self._signing(app)
        return None if found is None else found[0]

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        found = self._signing(app)
        if found is None:
            return None
        serializer, verified = found
        text = request.cookies.get(self.get_cookie_name(app))
        if not text:
            return self.session_class()
        max_age = int(app.permanent_session_lifetime.total_seconds())
        kept = verified.get(text)
        if kept is not None and 0 <= time.time() - kept[0] <= max_age:
            return self.session_class(_copy(kept[1]))
        try:
            data, signed_at = serializer.loads(text, max_age=max_age, return_timestamp=True)
        except BadSignature:  # also an expired cookie
            return self.session_class()
        verified.put(text, (signed_at.timestamp(), _copy(data)), 256 + len(text))
        return self.session_class(data)


_csrf_signed = _store(CSRF_REUSE_SECONDS)


def _reuse_csrf_token() -> None:
    """Before each request: this session's CSRF token, as signed in the last minute by this
    process, where Flask-WTF looks for the request's token (``g``)."""
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    raw = session.get(field) if session else None
    if not isinstance(raw, str) or field in g:
        return
    secret = current_app.config.get("WTF_CSRF_SECRET_KEY") or current_app.secret_key
    limit = current_app.config.get("WTF_CSRF_TIME_LIMIT", 3600)
    window = CSRF_REUSE_SECONDS if limit is None else min(CSRF_REUSE_SECONDS, limit / 2)
    now = time.time()
    kept = _csrf_signed.get((secret, raw))
    if kept is None or now - kept[0] > window:
        # As Flask-WTF signs it (flask_wtf.csrf.generate_csrf).
        kept = (now, URLSafeTimedSerializer(secret, salt="wtf-csrf-token").dumps(raw))
        _csrf_signed.put((secret, raw), kept, 256)
    setattr(g, field, kept[1])


def init_app(app: Flask) -> None:
    """Use the kept session cookies and CSRF tokens in ``app``."""
    app.session_interface = SessionInterface()
    app.before_request(_reuse_csrf_token)
