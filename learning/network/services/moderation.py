"""Moderation: members report posts (once each); enough reports (NETWORK_REPORTS_TO_HIDE) hide
a post until a moderator decides; moderators hide with a reason shown in the post's place,
restore, approve a new member's links, block and unblock members, and act on many posts at
once. Every decision goes into the public moderation log (and the audit log).
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from learning.accounts.models import User
from learning.audit.services import record
from learning.network.services.discussion_common import TalkError, is_blocked, is_moderator
from learning.network.talk_models import (
    REPORT_REASONS,
    Block,
    Message,
    ModerationAction,
    Post,
    Report,
)
from learning.platform.extensions import db

REASON_MAX = 500


def report_post(user: User, post: Post, reason: str) -> bool:
    """``user`` reports ``post``; a second report by the same person counts once. The post
    hides itself when the reports reach NETWORK_REPORTS_TO_HIDE. True when the report is new.
    Raises TalkError (unknown_reason, own_post)."""
    if reason not in REPORT_REASONS:
        raise TalkError("unknown_reason")
    if post.author_id == user.id:
        raise TalkError("own_post")
    already = db.session.scalar(
        select(Report.id).where(Report.post_id == post.id, Report.reporter_id == user.id)
    )
    if already is not None:
        return False
    try:
        with db.session.begin_nested():
            db.session.add(Report(post_id=post.id, reporter_id=user.id, reason=reason))
    except IntegrityError:  # the same person, at the same moment, in another request
        return False
    # Counted in the database so two reports at once both count.
    db.session.execute(
        update(Post).where(Post.id == post.id).values(report_count=Post.report_count + 1)
    )
    db.session.refresh(post)
    threshold = current_app.config["NETWORK_REPORTS_TO_HIDE"]
    if post.state == "visible" and post.report_count >= threshold:
        post.state = "reported"
    db.session.flush()
    return True


def report_message(user: User, message: Message, reason: str) -> bool:
    """The recipient reports a message; once each. Raises TalkError (unknown_reason,
    not_recipient)."""
    if reason not in REPORT_REASONS:
        raise TalkError("unknown_reason")
    if message.recipient_id != user.id:
        raise TalkError("not_recipient")
    already = db.session.scalar(
        select(Report.id).where(Report.message_id == message.id, Report.reporter_id == user.id)
    )
    if already is not None:
        return False
    db.session.add(Report(message_id=message.id, reporter_id=user.id, reason=reason))
    db.session.flush()
    return True


def _moderator(user: User) -> None:
    if not is_moderator(user):
        raise TalkError("not_moderator")


def _reason(reason: str, *, required: bool) -> str:
    reason = (reason or "").strip()
    if required and not reason:
        raise TalkError("reason_required")
    if len(reason) > REASON_MAX:
        raise TalkError("reason_too_long")
    return reason


def _log(moderator: User, action: str, reason: str, post: Post | None, member_id: int | None):
    db.session.add(
        ModerationAction(
            action=action,
            moderator_id=moderator.id,
            post_id=post.id if post else None,
            member_id=member_id,
            reason=reason,
        )
    )
    target = ("network_post", post.id) if post else ("user", member_id)
    record(
        f"network.{action}",
        target_type=target[0],
        target_id=target[1],
        actor_id=moderator.id,
        reason=reason,
    )


def _settle_reports(posts: list[Post]) -> None:
    db.session.execute(
        update(Report).where(Report.post_id.in_([p.id for p in posts])).values(settled=True)
    )


def hide(moderator: User, posts: Iterable[Post], reason: str) -> int:
    """Hide posts with ``reason`` (shown in their place); returns how many changed. Raises
    TalkError (not_moderator, reason_required, reason_too_long)."""
    _moderator(moderator)
    reason = _reason(reason, required=True)
    changed = [post for post in posts if post.state != "hidden"]
    for post in changed:
        post.state = "hidden"
        post.hidden_reason = reason
        _log(moderator, "hide", reason, post, post.author_id)
    _settle_reports(changed)
    db.session.flush()
    return len(changed)


def restore(moderator: User, posts: Iterable[Post], reason: str = "") -> int:
    """Show hidden posts again (reports so far are settled); returns how many changed. Raises
    TalkError (not_moderator, reason_too_long)."""
    _moderator(moderator)
    reason = _reason(reason, required=False)
    changed = [post for post in posts if post.state != "visible"]
    for post in changed:
        post.state = "visible"
        post.hidden_reason = None
        post.report_count = 0
        _log(moderator, "restore", reason, post, post.author_id)
    _settle_reports(changed)
    db.session.flush()
    return len(changed)


def approve_links(moderator: User, posts: Iterable[Post]) -> int:
    """Let held links show as links; returns how many posts changed. Raises TalkError
    (not_moderator)."""
    _moderator(moderator)
    changed = [post for post in posts if post.links_held]
    for post in changed:
        post.links_held = False
        _log(moderator, "approve-links", "", post, post.author_id)
    db.session.flush()
    return len(changed)


def block(moderator: User, member: User, reason: str) -> bool:
    """Block ``member`` from posting and writing; False if already blocked. Raises TalkError
    (not_moderator, reason_required, reason_too_long, self_block)."""
    _moderator(moderator)
    reason = _reason(reason, required=True)
    if member.id == moderator.id:
        raise TalkError("self_block")
    if is_blocked(member):
        return False
    db.session.add(Block(user_id=member.id, blocked_by_id=moderator.id, reason=reason))
    _log(moderator, "block", reason, None, member.id)
    db.session.flush()
    return True


def unblock(moderator: User, member: User, reason: str = "") -> bool:
    """Lift a block; False if ``member`` was not blocked. Raises TalkError (not_moderator,
    reason_too_long)."""
    _moderator(moderator)
    reason = _reason(reason, required=False)
    row = db.session.scalar(select(Block).where(Block.user_id == member.id))
    if row is None:
        return False
    db.session.delete(row)
    _log(moderator, "unblock", reason, None, member.id)
    db.session.flush()
    return True


def queue(limit: int = 100) -> list[Post]:
    """Posts waiting for a moderator: hidden by reports, or with links held; oldest first."""
    return list(
        db.session.scalars(
            select(Post)
            .where((Post.state == "reported") | Post.links_held | (Post.report_count > 0))
            .where(Post.state != "hidden")
            .options(joinedload(Post.author), joinedload(Post.thread))
            .order_by(Post.created_at, Post.id)
            .limit(limit)
        )
    )


def reported_messages(limit: int = 100) -> list[tuple[Message, int]]:
    """Messages with reports no moderator has settled, and how many, oldest first."""
    count = func.count(Report.id)
    rows = db.session.execute(
        select(Message, count)
        .join(Report, Report.message_id == Message.id)
        .where(Report.settled.is_(False))
        .options(joinedload(Message.sender))
        .group_by(Message.id)
        .order_by(func.min(Report.created_at), Message.id)
        .limit(limit)
    ).all()
    return [(message, n) for message, n in rows]


def settle_message(moderator: User, message: Message) -> int:
    """A moderator has dealt with the reports of ``message`` (blocking its sender, or not);
    returns how many reports were settled. Raises TalkError (not_moderator)."""
    _moderator(moderator)
    result = db.session.execute(
        update(Report)
        .where(Report.message_id == message.id, Report.settled.is_(False))
        .values(settled=True)
    )
    return int(result.rowcount or 0)


def blocked_members() -> list[Block]:
    """Everyone blocked, most recent first."""
    return list(
        db.session.scalars(
            select(Block).options(joinedload(Block.user)).order_by(Block.created_at.desc())
        )
    )


def public_log(page: int = 1, per_page: int = 50) -> list[ModerationAction]:
    """The moderation log for everyone: what was hidden or restored and why, newest first
    (blocks name no member publicly)."""
    return list(
        db.session.scalars(
            select(ModerationAction)
            .where(ModerationAction.action.in_(("hide", "restore")))
            .options(joinedload(ModerationAction.post).joinedload(Post.thread))
            .order_by(ModerationAction.created_at.desc(), ModerationAction.id.desc())
            .offset((page - 1) * per_page)
            .limit(per_page)
        )
    )
