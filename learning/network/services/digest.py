"""The e-mail digest: once a day or once a week (the person chooses), what happened in what
they follow, sent by a job the queue runs on a schedule; every digest carries a signed link
that unsubscribes in one click, without signing in."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app, url_for
from flask_babel import force_locale
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select

from learning.accounts.models import User
from learning.network.services.discussion_common import TalkError
from learning.network.services.feed import feed
from learning.network.services.follow import following
from learning.network.talk_models import TalkSettings
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.platform.mail import send_mail

_SALT = "puente.network.digest"
MAX_TOKEN = 200
# How long after the last digest the next one is due (a little under the period, so a job
# that ran a few minutes late yesterday does not skip today).
PERIODS = {"daily": timedelta(hours=20), "weekly": timedelta(days=6, hours=20)}
WINDOWS = {"daily": timedelta(days=1), "weekly": timedelta(days=7)}


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def unsubscribe_token(user: User) -> str:
    """The signed token of ``user``'s one-click unsubscribe link."""
    return str(_serializer().dumps(user.id))


def unsubscribe(token: str) -> User:
    """Stop the digest of the person ``token`` names. Raises TalkError (bad_token) for a
    forged or altered token or a person who is gone."""
    token = (token or "").strip()
    if not token or len(token) > MAX_TOKEN:
        raise TalkError("bad_token")
    try:
        user_id = _serializer().loads(token)
    except BadSignature as exc:
        raise TalkError("bad_token") from exc
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None:
        raise TalkError("bad_token")
    row = db.session.get(TalkSettings, user.id)
    if row is not None:
        row.digest = "never"
    db.session.flush()
    return user


def due(now: datetime | None = None) -> list[int]:
    """The people whose digest is due: active, with a daily or weekly digest sent long enough
    ago (or never)."""
    now = now or utcnow()
    found = []
    rows = db.session.execute(
        select(TalkSettings.user_id, TalkSettings.digest, TalkSettings.digest_sent_at)
        .join(User, User.id == TalkSettings.user_id)
        .where(TalkSettings.digest.in_(tuple(PERIODS)), User.active.is_(True))
        .order_by(TalkSettings.user_id)
    )
    for user_id, digest, sent_at in rows:
        if sent_at is None or sent_at <= now - PERIODS[digest]:
            found.append(user_id)
    return found


def send_digest(user: User, now: datetime | None = None) -> bool:
    """E-mail ``user`` their digest if anything happened since the last one, and mark it sent
    either way (not committed). True when an e-mail went out."""
    now = now or utcnow()
    row = db.session.get(TalkSettings, user.id)
    if row is None or row.digest not in PERIODS:
        return False
    since = row.digest_sent_at or now - WINDOWS[row.digest]
    language = user.preferred_language or "en"
    with force_locale(language):
        entries = feed(user, following(user), since)
    row.digest_sent_at = now
    if not entries:
        return False
    unsubscribe_url = url_for(
        "network.digest_unsubscribe", token=unsubscribe_token(user), _external=True
    )
    send_mail(
        user.email,
        "network_talk_digest",
        language=language,
        # One click from the mail program (RFC 8058): it POSTs to the same signed link.
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
        entries=entries,
        period=row.digest,
        feed_url=url_for("network.feed", _external=True),
        unsubscribe_url=unsubscribe_url,
    )
    return True
