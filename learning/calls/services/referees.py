"""Referees: the applicant names them (up to the number the call asks for), each gets a signed
link by e-mail, and uploads a letter through it without an account. The applicant learns only
whether a letter has arrived; staff and the reviewers of the application (not those who
declared a conflict) read it.

The link carries the referee's id and nonce, signed with the app's secret (itsdangerous); it
works until the letters' deadline, the call's close plus ``LETTER_MARGIN``, checked on the
server each time. Until then a new upload replaces the letter."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from learning.calls.models import Call, CallApplication, CallReferee, CallReview
from learning.calls.services.applications import check_editable
from learning.calls.services.common import CallError
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.storage.models import StoredFile

_SALT = "puente.calls.referee"
MAX_TOKEN = 300
# Referees may answer a little after the call closes: the panel reads letters later.
LETTER_MARGIN = timedelta(days=7)
LETTER_EXTENSIONS = frozenset({"pdf"})
LETTER_KIND = "call-letter"
EMAIL_SHAPE = 254


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def token(referee: CallReferee) -> str:
    """The signed part of the referee's link."""
    return str(_serializer().dumps([referee.id, referee.nonce]))


def deadline(call: Call) -> datetime:
    """Until when letters are taken (and links work): the call's close plus the margin."""
    return call.closes_at + LETTER_MARGIN


def add(
    application: CallApplication, name: str, email: str, relation: str, language: str
) -> CallReferee:
    """Name a referee. Raises CallError: closed, not_open, withdrawn, no_referees,
    referees_full (detail ``count``), referee_name, referee_email, referee_twice,
    referee_language."""
    check_editable(application)
    wanted = application.call.referees
    if not wanted:
        raise CallError("no_referees")
    if len(application.referees) >= wanted:
        raise CallError("referees_full", count=wanted)
    name, email, relation = name.strip(), email.strip().lower(), relation.strip()
    if not name or len(name) > 200:
        raise CallError("referee_name")
    local, _at, domain = email.partition("@")
    if not local or "." not in domain or len(email) > EMAIL_SHAPE or " " in email:
        raise CallError("referee_email")
    if email == application.user.email.lower():
        raise CallError("referee_self")
    if any(r.email == email for r in application.referees):
        raise CallError("referee_twice")
    if language not in ("es", "en"):
        raise CallError("referee_language")
    referee = CallReferee(
        name=name,
        email=email,
        relation=relation[:200],
        language=language,
        nonce=secrets.token_hex(16),
    )
    application.referees.append(referee)
    application.updated_at = utcnow()
    db.session.flush()
    return referee


def remove(application: CallApplication, referee: CallReferee) -> None:
    """Take a referee off the application (their link stops working, their letter goes).
    Raises CallError: closed, not_open, withdrawn."""
    check_editable(application)
    letter = referee.letter
    application.referees.remove(referee)
    if letter is not None:
        db.session.delete(letter)
    db.session.flush()


def to_request(application: CallApplication) -> list[CallReferee]:
    """The referees not asked yet, marked as asked now (the caller e-mails them after the
    commit)."""
    now = utcnow()
    fresh = [r for r in application.referees if r.requested_at is None]
    for referee in fresh:
        referee.requested_at = now
    db.session.flush()
    return fresh


def mark_requested(referee: CallReferee) -> None:
    """Note that the request was sent (again) now. Raises CallError: letters_closed."""
    application = db.session.get(CallApplication, referee.application_id)
    if utcnow() >= deadline(application.call):
        raise CallError("letters_closed")
    referee.requested_at = utcnow()
    db.session.flush()


def from_token(value: str) -> CallReferee:
    """The referee a link names. Raises CallError: bad_link (forged, altered, or the referee
    was removed), letters_closed (past the deadline, or the application withdrawn)."""
    value = (value or "").strip()
    if not value or len(value) > MAX_TOKEN:
        raise CallError("bad_link")
    try:
        found: Any = _serializer().loads(value)
    except BadSignature as exc:
        raise CallError("bad_link") from exc
    if (
        not isinstance(found, list)
        or len(found) != 2
        or not isinstance(found[0], int)
        or not isinstance(found[1], str)
    ):
        raise CallError("bad_link")
    referee = db.session.get(CallReferee, found[0])
    if referee is None or not secrets.compare_digest(referee.nonce, found[1]):
        raise CallError("bad_link")
    application = db.session.get(CallApplication, referee.application_id)
    if application.state == "withdrawn" or utcnow() >= deadline(application.call):
        raise CallError("letters_closed")
    return referee


def set_letter(referee: CallReferee, file: StoredFile) -> None:
    """Keep the referee's letter (a previous one goes; ``flask storage gc`` removes its
    object). Raises CallError: letters_closed."""
    application = db.session.get(CallApplication, referee.application_id)
    if application.state == "withdrawn" or utcnow() >= deadline(application.call):
        raise CallError("letters_closed")
    old = referee.letter
    referee.letter = file
    referee.received_at = utcnow()
    if old is not None and old is not file:
        db.session.delete(old)
    db.session.flush()


def missing(application: CallApplication) -> int:
    """How many referees the applicant still has to name."""
    return max(0, application.call.referees - len(application.referees))


def may_read_letter(user: Any, file: StoredFile) -> bool:
    """Whether ``user`` reviews the application the letter belongs to (an assigned or
    submitted review: not one where they declared a conflict)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return (
        db.session.scalar(
            select(func.count(CallReview.id))
            .join(CallReferee, CallReferee.application_id == CallReview.application_id)
            .where(
                CallReferee.letter_file_id == file.id,
                CallReview.reviewer_id == user.id,
                CallReview.state != "conflict",
            )
        )
        or 0
    ) > 0


def of_call(call: Call) -> dict[int, list[CallReferee]]:
    """Staff: the referees of the call's applications with their letters, by application id
    (two queries)."""
    found: dict[int, list[CallReferee]] = {}
    for referee in db.session.scalars(
        select(CallReferee)
        .join(CallApplication, CallApplication.id == CallReferee.application_id)
        .where(CallApplication.call_id == call.id)
        .options(selectinload(CallReferee.letter))
        .order_by(CallReferee.id)
    ):
        found.setdefault(referee.application_id, []).append(referee)
    return found
