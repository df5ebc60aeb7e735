"""Sign-ins: who a session cookie names, and ending sessions on the server.

A session names the person, their auth token (renewed with the password: every session ends)
and the sign-in it began with (``SignIn``: signing out ends that one). The person as loaded
for a session is kept between requests (learning/platform/cache.py).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from flask_login import current_user, login_user
from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.orm import joinedload, make_transient_to_detached

from learning.accounts.models import (
    SignIn,
    User,
    UserRole,
    new_auth_token,
    new_sign_in_key,
    sign_in_digest,
)
from learning.accounts.services import record_login
from learning.platform import cache
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db


def start_sign_in(user: User, user_agent: str | None) -> None:
    """Record a new sign-in for ``user`` and name it on the object, so that the session id
    Flask-Login keeps (``User.get_id``) points at it. The caller calls ``login_user``."""
    key = new_sign_in_key()
    db.session.add(
        SignIn(user_id=user.id, key_hash=sign_in_digest(key), user_agent=(user_agent or "")[:200])
    )
    user.sign_in_key = key
    record_login(user)


def sign_in_by_link(user: User, user_agent: str | None) -> str | None:
    """Sign ``user`` in as the sign-in form does, after a link proved their inbox, unless
    this browser is signed in as someone else ("other": nobody is switched) or the account
    is deactivated ("inactive"). None when ``user`` is signed in now."""
    if current_user.is_authenticated:
        return None if current_user.id == user.id else "other"
    if not user.active:
        return "inactive"
    start_sign_in(user, user_agent)
    login_user(user)
    return None


def end_sign_in(user: User) -> None:
    """End the sign-in of the current session. A session from before sign-ins were recorded
    names none: the person's auth token is renewed instead, which ends all their sessions."""
    if user.sign_in_key is None:
        user.auth_token = new_auth_token()
        return
    db.session.execute(
        update(SignIn)
        .where(
            SignIn.user_id == user.id,
            SignIn.key_hash == sign_in_digest(user.sign_in_key),
            SignIn.ended_at.is_(None),
        )
        .values(ended_at=utcnow())
        .execution_options(owner=user.id)
    )


def end_all_sign_ins(user: User) -> None:
    """Sign ``user`` out everywhere: every session, remembered browsers included."""
    user.auth_token = new_auth_token()
    db.session.execute(
        update(SignIn)
        .where(SignIn.user_id == user.id, SignIn.ended_at.is_(None))
        .values(ended_at=utcnow())
        .execution_options(owner=user.id)
    )


def open_sign_ins(user: User, since: datetime) -> list[SignIn]:
    """The person's sign-ins started after ``since`` and not ended, newest first."""
    return list(
        db.session.scalars(
            select(SignIn)
            .where(SignIn.user_id == user.id, SignIn.ended_at.is_(None))
            .where(SignIn.started_at >= since)
            .order_by(SignIn.started_at.desc(), SignIn.id.desc())
        )
    )


def purge_sign_ins(before: datetime) -> int:
    """Forget sign-ins that ended (a session naming a forgotten one is as signed out) and
    those started before ``before`` (no session that old is still valid); returns how many."""
    result = db.session.execute(
        delete(SignIn).where(or_(SignIn.ended_at.is_not(None), SignIn.started_at < before))
    )
    return result.rowcount or 0


def purge_expired_sign_ins() -> int:
    """``purge_sign_ins`` for sign-ins older than any session or remember-me cookie lasts."""
    lifetime = max(
        current_app.config["REMEMBER_COOKIE_DURATION"],
        current_app.permanent_session_lifetime.total_seconds(),
    )
    return purge_sign_ins(utcnow() - timedelta(seconds=lifetime))


def load_session_user(session_id: str) -> User | None:
    """The user a Flask-Login session id names (``id:auth token:sign-in key``), if the token
    still matches and the sign-in has not ended. Ids without a sign-in key come from sessions
    started before sign-ins were recorded; they end with the token.

    Every page asks; the answer is kept per person between requests (learning/platform/cache.py)
    and renewed by any change to the person's row, roles or sign-ins, committed with that
    change: a new password, a deactivation, a role taken away or a sign-out count on the next
    request, in every process. The kept copy joins the request's session without a query
    (``merge``), so the person can be changed and committed as if loaded.
    """
    user_id, _, rest = session_id.partition(":")
    token, _, key = rest.partition(":")
    if not user_id.isdigit() or not token or len(user_id) > 18 or len(rest) > 200:
        return None
    person = int(user_id)
    cache.reading_for(person)  # this person's generation comes with the others, one query
    kept = cache.fragment(
        ("people", f"{cache.PERSON}{person}"),
        ("session-user", person, token, key),
        lambda: _session_user(person, token, key),
    )
    if kept is None:
        return None
    user = db.session.merge(kept, load=False)
    user.sign_in_key = key or None
    return user


def _session_user(person: int, token: str, key: str) -> User | None:
    """A detached copy of the person and their roles, as the database has them now, if the
    token matches and the sign-in (when named) is open."""
    # Roles in the same query: every page asks what the person may do.
    query = (
        select(User)
        .where(User.id == person, User.auth_token == token)
        .options(joinedload(User.role_rows))
    )
    if key:
        query = query.join(
            SignIn,
            and_(
                SignIn.user_id == User.id,
                SignIn.key_hash == sign_in_digest(key),
                SignIn.ended_at.is_(None),
            ),
        )
    user = db.session.scalars(query).unique().first()
    if user is None:
        return None
    copy = User(**_columns(user))
    copy.role_rows = [UserRole(**_columns(row)) for row in user.role_rows]
    for row in (*copy.role_rows, copy):
        make_transient_to_detached(row)  # as if just loaded: no pending change
    return copy


def _columns(row: Any) -> dict[str, Any]:
    return {column.key: getattr(row, column.key) for column in row.__table__.columns}


# Devices ------------------------------------------------------------------------------------

# (what a User-Agent header contains, the name people know) — the first match wins, so Edge
# and Opera come before the Chrome they also claim to be, and Chrome before Safari.
_BROWSERS = (
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("SamsungBrowser/", "Samsung Internet"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
_SYSTEMS = (
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
)


def describe_device(user_agent: str | None) -> str | None:
    """A short name for the browser and system a sign-in came from ("Firefox on Android"),
    or None when the header says nothing we recognise."""
    text = user_agent or ""
    browser = next((name for mark, name in _BROWSERS if mark in text), None)
    system = next((name for mark, name in _SYSTEMS if mark in text), None)
    if browser and system:
        return _("%(browser)s on %(system)s", browser=browser, system=system)
    return browser or system
