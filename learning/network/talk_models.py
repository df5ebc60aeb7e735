"""The network's conversation: what people follow, discussion threads and their posts (with
every earlier wording kept), reports, the moderators' decisions (a public log), blocked
members, messages between members, and each person's digest and contact settings.

Subjects (what a follow or a thread is about) are named by kind and key rather than by foreign
key, so a person may follow an organisation, a person, a theme, a research output or an event
with one table, and the rows of features below the network are never locked by it. Nothing
here is kept by the page cache: discussion pages are read live (tests/test_architecture.py
UNWATCHED says so).
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning.accounts.models import User
from learning.platform.dbtypes import UTCDateTime, utcnow
from learning.platform.extensions import db

FOLLOW_KINDS = {
    "organisation": _l("Organisation"),
    "person": _l("Person"),
    "theme": _l("Theme"),
    "output": _l("Research output"),
    "event": _l("Event"),
}
# What a discussion thread may be about.
SUBJECT_KINDS = ("output", "event", "theme")
POST_STATES = {
    "visible": lazy_pgettext("post state", "visible"),
    "reported": lazy_pgettext("post state", "hidden after reports"),
    "hidden": lazy_pgettext("post state", "hidden by a moderator"),
}
REPORT_REASONS = {
    "spam": _l("Spam"),
    "offensive": _l("Offensive"),
    "off-topic": _l("Off-topic"),
    "personal-data": _l("Personal data"),
}
MODERATION_ACTIONS = {
    "hide": _l("Post hidden"),
    "restore": _l("Post restored"),
    "approve-links": _l("Links approved"),
    "block": _l("Member blocked"),
    "unblock": _l("Member unblocked"),
}
DIGESTS = {"never": _l("Never"), "daily": _l("Daily"), "weekly": _l("Weekly")}


def _in(column: str, values: object) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"  # type: ignore[attr-defined]


class Follow(db.Model):
    """A person follows something: ``kind`` and ``target`` (an id, or a theme's key)."""

    __tablename__ = "network_follows"
    __table_args__ = (
        UniqueConstraint("user_id", "kind", "target"),
        CheckConstraint(_in("kind", FOLLOW_KINDS), name="kind_known"),
        Index("ix_network_follows_kind_target", "kind", "target"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    target: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Thread(db.Model):
    """A discussion about a research output, an event or a theme."""

    __tablename__ = "network_threads"
    __table_args__ = (
        CheckConstraint(_in("subject_kind", SUBJECT_KINDS), name="subject_known"),
        Index("ix_network_threads_subject", "subject_kind", "subject_key", "last_post_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subject_kind: Mapped[str] = mapped_column(String(16))
    subject_key: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_post_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    post_count: Mapped[int] = mapped_column(Integer, default=0)

    author: Mapped[User | None] = relationship()


class Post(db.Model):
    """One post of a thread. ``state``: visible, hidden after enough reports until a
    moderator decides, or hidden by a moderator (``hidden_reason`` shows in its place).
    ``links_held``: a new member's links show as plain text until a moderator approves."""

    __tablename__ = "network_posts"
    __table_args__ = (
        CheckConstraint(_in("state", POST_STATES), name="state_known"),
        CheckConstraint("report_count >= 0", name="reports_not_negative"),
        Index("ix_network_posts_thread_created", "thread_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("network_threads.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    body: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16), default="visible")
    hidden_reason: Mapped[str | None] = mapped_column(String(500))
    links_held: Mapped[bool] = mapped_column(Boolean, default=False)
    # A moderator turned the held links down: they stay plain text, out of the queue.
    links_rejected: Mapped[bool] = mapped_column(Boolean, default=False)
    report_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    thread: Mapped[Thread] = relationship()
    author: Mapped[User | None] = relationship()


class PostRevision(db.Model):
    """An earlier wording of a post, kept when its author edits it."""

    __tablename__ = "network_post_revisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    post_id: Mapped[int] = mapped_column(
        ForeignKey("network_posts.id", ondelete="CASCADE"), index=True
    )
    body: Mapped[str] = mapped_column(Text)
    # When this wording was written (the post's creation, or its previous edit).
    written_at: Mapped[datetime] = mapped_column(UTCDateTime())
    replaced_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Report(db.Model):
    """A member reports a post or a message they received; once per person and item."""

    __tablename__ = "network_reports"
    __table_args__ = (
        UniqueConstraint("post_id", "reporter_id"),
        UniqueConstraint("message_id", "reporter_id"),
        CheckConstraint(_in("reason", REPORT_REASONS), name="reason_known"),
        CheckConstraint("(post_id IS NULL) <> (message_id IS NULL)", name="one_item"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    post_id: Mapped[int | None] = mapped_column(
        ForeignKey("network_posts.id", ondelete="CASCADE"), index=True
    )
    message_id: Mapped[int | None] = mapped_column(
        ForeignKey("network_messages.id", ondelete="CASCADE"), index=True
    )
    reporter_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    settled: Mapped[bool] = mapped_column(Boolean, default=False)


class ModerationAction(db.Model):
    """What a moderator decided, and why: the public moderation log."""

    __tablename__ = "network_moderation_actions"
    __table_args__ = (
        CheckConstraint(_in("action", MODERATION_ACTIONS), name="action_known"),
        Index("ix_network_moderation_actions_created", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    action: Mapped[str] = mapped_column(String(16))
    moderator_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    post_id: Mapped[int | None] = mapped_column(
        ForeignKey("network_posts.id", ondelete="SET NULL"), index=True
    )
    member_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    reason: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    post: Mapped[Post | None] = relationship()


class Block(db.Model):
    """A member a moderator blocked from posting and writing to others."""

    __tablename__ = "network_blocks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    blocked_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    reason: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id])


class Message(db.Model):
    """A message from one member to another, delivered by e-mail (no address shown)."""

    __tablename__ = "network_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sender_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    recipient_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    sender: Mapped[User] = relationship(foreign_keys=[sender_id])
    recipient: Mapped[User] = relationship(foreign_keys=[recipient_id])


class TalkSettings(db.Model):
    """A person's choices: how often their digest comes, whether members may write to them
    and mention them."""

    __tablename__ = "network_talk_settings"
    __table_args__ = (CheckConstraint(_in("digest", DIGESTS), name="digest_known"),)

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    digest: Mapped[str] = mapped_column(String(8), default="never")
    allow_messages: Mapped[bool] = mapped_column(Boolean, default=False)
    allow_mentions: Mapped[bool] = mapped_column(Boolean, default=True)
    digest_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
