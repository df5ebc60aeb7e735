"""Contact between members without showing anyone's e-mail address: a member writes to another
who allows it (their conversation settings); the message arrives by e-mail with a link to
answer on the platform, and the recipient may report it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from flask import url_for
from sqlalchemy import delete, func, or_, select

from learning.accounts.models import User
from learning.network.services.discussion_common import (
    TalkError,
    author_name,
    is_blocked,
    is_deleted,
    settings_for,
)
from learning.network.services.profiles import visible_profile
from learning.network.talk_models import Follow, Message, TalkSettings
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.platform.mail import send_mail

BODY_MAX = 5000
# Messages one member may send in a day, whatever their age (a brake on harvesting).
PER_DAY = 30


def may_write_to(sender: Any, recipient: User) -> bool:
    """Whether ``sender`` may write to ``recipient``: another active member who wrote to
    ``sender`` before (an answer), or who allows messages and whose profile ``sender`` may
    see."""
    if not getattr(sender, "is_authenticated", False) or sender.id == recipient.id:
        return False
    if is_deleted(recipient) or not recipient.active:
        return False
    if _wrote_to(recipient, sender):
        return True  # answering someone who wrote first
    if visible_profile(sender, recipient) is None:
        return False
    return settings_for(recipient).allow_messages


def _wrote_to(sender: User, recipient: Any) -> bool:
    return (
        db.session.scalar(
            select(Message.id)
            .where(Message.sender_id == sender.id, Message.recipient_id == recipient.id)
            .limit(1)
        )
        is not None
    )


@dataclass(frozen=True)
class Letter:
    """A message to e-mail after the commit."""

    message_id: int
    to: str
    language: str
    sender_name: str
    body: str
    reply_url: str
    report_url: str


def send(sender: User, recipient: User, body: str) -> Letter:
    """Keep the message and return the e-mail to send after the commit. Raises TalkError
    (not_allowed, blocked, empty_message, message_too_long, too_many_messages)."""
    if not may_write_to(sender, recipient):
        raise TalkError("not_allowed")
    if is_blocked(sender):
        raise TalkError("blocked")
    body = (body or "").strip()
    if not body:
        raise TalkError("empty_message")
    if len(body) > BODY_MAX:
        raise TalkError("message_too_long")
    today = db.session.scalar(
        select(func.count(Message.id)).where(
            Message.sender_id == sender.id, Message.created_at > utcnow() - timedelta(days=1)
        )
    )
    if today >= PER_DAY:
        raise TalkError("too_many_messages")
    message = Message(sender_id=sender.id, recipient_id=recipient.id, body=body)
    db.session.add(message)
    db.session.flush()
    return Letter(
        message_id=message.id,
        to=recipient.email,
        language=recipient.preferred_language or "en",
        sender_name=author_name(recipient, sender),
        body=body,
        reply_url=url_for("network.contact", user_id=sender.id, _external=True),
        report_url=url_for("network.message_report", message_id=message.id, _external=True),
    )


def deliver(letter: Letter) -> None:
    """E-mail the message (after the commit)."""
    send_mail(
        letter.to,
        "network_talk_message",
        language=letter.language,
        sender_name=letter.sender_name,
        body=letter.body,
        reply_url=letter.reply_url,
        report_url=letter.report_url,
    )


def save_settings(user: User, *, allow_messages: bool, allow_mentions: bool, digest: str) -> None:
    """Keep the person's choices. Raises TalkError (unknown_digest)."""
    if digest not in ("never", "daily", "weekly"):
        raise TalkError("unknown_digest")
    row = db.session.get(TalkSettings, user.id)
    if row is None:
        row = TalkSettings(user_id=user.id)
        db.session.add(row)
    row.allow_messages = allow_messages
    row.allow_mentions = allow_mentions
    row.digest = digest
    db.session.flush()


def forget_person(user: User) -> None:
    """On account deletion: the person's messages (sent and received), what they followed and
    their settings go; their posts stay, shown as by a "deleted member"."""
    db.session.execute(
        delete(Message).where(or_(Message.sender_id == user.id, Message.recipient_id == user.id))
    )
    db.session.execute(delete(Follow).where(Follow.user_id == user.id))
    db.session.execute(delete(TalkSettings).where(TalkSettings.user_id == user.id))
