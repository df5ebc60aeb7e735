"""Bearer-token authentication for /api/v1: the token in the Authorization header, never the
session cookie. A revoked, expired or unknown token is a 401; a token without the scope an
operation needs is a 403."""

from __future__ import annotations

from flask import g, request
from flask_babel import lazy_gettext as _l
from flask_limiter.util import get_remote_address

from learning.api.models import READ
from learning.api.problems import Problem
from learning.api.services import tokens
from learning.platform.extensions import login_manager

BAD_HEADER = _l("The Authorization header must be 'Bearer' followed by a token.")
UNKNOWN = _l("This token is not valid: it is unknown, revoked or expired.")
NEEDS_TOKEN = _l("This operation needs a personal access token.")
NEEDS_SCOPE = _l("This operation needs a token with the scope '%(scope)s'.")


def authenticate(*, required: bool, scope: str | None) -> None:
    """Find the caller from the Authorization header (``g.api_token``, ``g.api_user``) and
    make them the request's user, so a session cookie sent along counts for nothing.

    Raises Problem 401 for a malformed, unknown, revoked or expired token, or none when
    ``required``; 403 when the token lacks ``scope``."""
    g.api_token = g.api_user = None
    g._login_user = login_manager.anonymous_user()  # the session cookie is never read here
    header = request.headers.get("Authorization", "")
    if header:
        kind, _space, value = header.strip().partition(" ")
        value = value.strip()
        if kind.lower() != "bearer" or not value:
            raise Problem(401, BAD_HEADER)
        token = tokens.authenticate(value)
        if token is None:
            raise Problem(401, UNKNOWN)
        g.api_token, g.api_user = token, token.user
        g._login_user = token.user
    if g.api_token is None:
        if required:
            raise Problem(401, NEEDS_TOKEN)
        return
    if scope is not None and scope not in g.api_token.scope_set:
        raise Problem(403, NEEDS_SCOPE % {"scope": scope})
    if READ not in g.api_token.scope_set:
        raise Problem(403, NEEDS_SCOPE % {"scope": READ})


def rate_key() -> str:
    """What the rate limit counts by: the token, or the address for calls without one."""
    token = g.get("api_token")
    return f"api-token:{token.id}" if token is not None else f"api-ip:{get_remote_address()}"
