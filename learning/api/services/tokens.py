"""Personal access tokens: make one (its secret shown once), list, revoke, and find the live
token a request carries. Making and revoking are audit-logged."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from learning.accounts.models import User
from learning.api.models import READ, SCOPES, TOKEN_PREFIX, ApiToken, new_token, token_digest
from learning.audit.services import record
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db

# Choices of lifetime, in days; a token always expires.
LIFETIMES = (7, 30, 90, 365)
MAX_LIVE_TOKENS = 20
# The last-used time is written at most this often (not on every request).
TOUCH_EVERY = timedelta(minutes=1)


class TokenError(Exception):
    """A rule refused the operation; ``code`` names which."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class NewToken:
    """A token just made: its row and the secret, which is never shown again."""

    row: ApiToken
    secret: str


def create(user: User, *, name: str, scopes: set[str], days: int) -> NewToken:
    """A new token for ``user`` with read plus ``scopes`` (added, flushed, audit-logged).

    Raises TokenError: no_name, bad_scope, bad_lifetime, too_many."""
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise TokenError("no_name")
    if not scopes <= set(SCOPES):
        raise TokenError("bad_scope")
    if days not in LIFETIMES:
        raise TokenError("bad_lifetime")
    if len(live(user)) >= MAX_LIVE_TOKENS:
        raise TokenError("too_many")
    secret = new_token()
    now = utcnow()
    row = ApiToken(
        user_id=user.id,
        name=name,
        token_hash=token_digest(secret),
        hint=secret[:10],
        scopes=" ".join(sorted(scopes | {READ})),
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    db.session.add(row)
    db.session.flush()
    record(
        "api.token_created",
        target_type="api_token",
        target_id=row.id,
        actor_id=user.id,
        scopes=row.scopes,
    )
    return NewToken(row, secret)


def live(user: User, now: datetime | None = None) -> list[ApiToken]:
    """The person's tokens that are neither revoked nor expired, newest first."""
    now = now or utcnow()
    return list(
        db.session.scalars(
            select(ApiToken)
            .where(
                ApiToken.user_id == user.id,
                ApiToken.revoked_at.is_(None),
                ApiToken.expires_at > now,
            )
            .order_by(ApiToken.id.desc())
        )
    )


def listing(user: User) -> list[ApiToken]:
    """Every token of the person, newest first (revoked and expired ones too)."""
    return list(
        db.session.scalars(
            select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())
        )
    )


def revoke(token: ApiToken, *, by: User) -> None:
    """Revoke ``token`` for good (audit-logged). Raises TokenError("already_revoked")."""
    if token.revoked_at is not None:
        raise TokenError("already_revoked")
    token.revoked_at = utcnow()
    record("api.token_revoked", target_type="api_token", target_id=token.id, actor_id=by.id)


def authenticate(secret: str, now: datetime | None = None) -> ApiToken | None:
    """The live token whose secret is ``secret``, of an active account, with its owner
    loaded; None otherwise. Notes the time of use (at most once a minute)."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    now = now or utcnow()
    token = db.session.scalar(
        select(ApiToken)
        .where(ApiToken.token_hash == token_digest(secret))
        .options(selectinload(ApiToken.user))
    )
    if token is None or not token.is_live(now) or not token.user.active:
        return None
    if token.last_used_at is None or now - token.last_used_at >= TOUCH_EVERY:
        # Straight to the table: a note of use is no change anybody's kept page shows.
        table = ApiToken.__table__
        db.session.connection().execute(
            update(table).where(table.c.id == token.id).values(last_used_at=now)
        )
        db.session.commit()
        set_committed_value(token, "last_used_at", now)
    return token


def forget_person(user: User) -> None:
    """Account deletion: the person's tokens go (their names are the person's words)."""
    for token in listing(user):
        db.session.delete(token)
