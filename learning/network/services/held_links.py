"""Held links: a new member's links (NETWORK_NEW_MEMBER_DAYS) in their posts and their
profile's bio show as plain text until a moderator decides. This is the queue of those
decisions: approve (the links show as links) or turn down (they stay plain text and leave
the queue). Every decision goes into the audit log; the posts' ones into the moderation
log's records too."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from flask import current_app
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from learning.accounts.models import User
from learning.audit.services import record
from learning.network.models import Profile
from learning.network.services.discussion_common import TalkError, is_moderator
from learning.network.services.moderation import approve_links
from learning.network.talk_models import Post
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db

# The oldest ones first, a page of each under the 100 KB budget; deciding them brings the next.
QUEUE_MAX = 50


def _moderator(user: User) -> None:
    if not is_moderator(user):
        raise TalkError("not_moderator")


def held_posts(limit: int = QUEUE_MAX) -> list[Post]:
    """Posts whose links wait for a moderator (not hidden, not turned down), oldest first."""
    return list(
        db.session.scalars(
            select(Post)
            .where(Post.links_held, Post.links_rejected.is_(False), Post.state != "hidden")
            .options(joinedload(Post.author), joinedload(Post.thread))
            .order_by(Post.created_at, Post.id)
            .limit(limit)
        )
    )


def held_profiles(limit: int = QUEUE_MAX) -> list[Profile]:
    """Opened profiles of new members with a link in their bio or a website, neither approved
    nor turned down, oldest account first."""
    since = utcnow() - timedelta(days=current_app.config["NETWORK_NEW_MEMBER_DAYS"])
    linked = or_(
        Profile.website != "",
        Profile.bio.ilike("%http%"),
        Profile.bio.ilike("%www.%"),
        Profile.bio.contains("]("),
    )
    return list(
        db.session.scalars(
            select(Profile)
            .join(User, User.id == Profile.user_id)
            .where(
                Profile.visibility != "private",
                Profile.bio_links_approved.is_(False),
                Profile.bio_links_rejected.is_(False),
                User.created_at > since,
                linked,
            )
            .options(joinedload(Profile.user))
            .order_by(User.created_at, Profile.user_id)
            .limit(limit)
        )
    )


def decide_posts(moderator: User, posts: Iterable[Post], approve: bool) -> int:
    """Approve or turn down the held links of ``posts``; returns how many changed. Raises
    TalkError (not_moderator)."""
    _moderator(moderator)
    posts = list(posts)
    if approve:
        return approve_links(moderator, posts)
    changed = [post for post in posts if post.links_held and not post.links_rejected]
    for post in changed:
        post.links_rejected = True
        record(
            "network.reject-links",
            target_type="network_post",
            target_id=post.id,
            actor_id=moderator.id,
        )
    db.session.flush()
    return len(changed)


def decide_profile(moderator: User, profile: Profile, approve: bool) -> bool:
    """Approve or turn down the links of a profile's bio and website; False when that was
    already decided. Raises TalkError (not_moderator)."""
    _moderator(moderator)
    if (profile.bio_links_approved, profile.bio_links_rejected) == (approve, not approve):
        return False
    profile.bio_links_approved, profile.bio_links_rejected = approve, not approve
    record(
        "network.profile_links_approved" if approve else "network.profile_links_rejected",
        target_type="network_profile",
        target_id=profile.user_id,
        actor_id=moderator.id,
    )
    db.session.flush()
    return True
