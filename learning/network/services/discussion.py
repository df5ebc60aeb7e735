"""Discussion: threads about a research output, an event or a theme; posts in the lessons'
safe markdown; edits that keep every earlier wording; mentions that e-mail the people named.

New members (NETWORK_NEW_MEMBER_DAYS) are held back: their posts per minute are limited and
their links show as plain text until a moderator approves them. Blocked members may not post.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import nh3
from flask import current_app
from limits import parse
from limits.strategies import MovingWindowRateLimiter
from markupsafe import Markup
from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import joinedload

from learning.accounts.models import User
from learning.events.models import Event
from learning.language.taxonomy import THEMES
from learning.network.services.discussion_common import TalkError, is_blocked, may_be_mentioned
from learning.network.talk_models import SUBJECT_KINDS, Post, PostRevision, Thread
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db, limiter
from learning.research.models import ResearchOutput, ResearchText, ResearchVersion
from learning.workshops.markdown import ALLOWED_TAGS, render_markdown

TITLE_MAX = 200
BODY_MAX = 10_000
# @[Name Surname]: brackets, because names have spaces and accents.
MENTION = re.compile(r"@\[([^\[\]\n]{2,120})\]")
LINK = re.compile(r"(https?://|www\.|\]\()", re.IGNORECASE)


@dataclass(frozen=True)
class Subject:
    """What a thread is about: its kind and key, and the words and page that name it."""

    kind: str
    key: str
    title: str
    url_endpoint: str
    url_values: dict[str, Any]


def find_subject(kind: str, key: str, language: str) -> Subject | None:
    """The subject if it exists and is public: a published research output, a published or
    archived event, or a theme of the programme; else None."""
    if kind not in SUBJECT_KINDS:
        return None
    if kind == "theme":
        if key not in THEMES:
            return None
        return Subject(kind, key, str(THEMES[key]), "network.theme_threads", {"theme": key})
    if not key.isdigit() or len(key) > 12:
        return None
    if kind == "output":
        # One query for the title of the latest version (not the whole output and its files).
        titles = dict(
            db.session.execute(
                select(ResearchText.language, ResearchText.title)
                .join(ResearchVersion, ResearchVersion.id == ResearchText.version_id)
                .join(
                    ResearchOutput,
                    (ResearchOutput.id == ResearchVersion.output_id)
                    & (ResearchOutput.latest_number == ResearchVersion.number),
                )
                .where(ResearchOutput.id == int(key), ResearchOutput.state == "published")
                .order_by(ResearchText.language)
            ).all()
        )
        if not titles:
            return None
        title = titles.get(language) or next(iter(titles.values()))
        return Subject(kind, key, title, "research.detail", {"output_id": int(key)})
    event = db.session.get(Event, int(key))
    if event is None or event.status not in ("published", "archived"):
        return None
    text = event.text(language)
    return Subject(kind, key, text.title if text else "", "events.detail", {"event_id": event.id})


def is_new_member(user: User) -> bool:
    """Whether the account is younger than NETWORK_NEW_MEMBER_DAYS."""
    days = current_app.config["NETWORK_NEW_MEMBER_DAYS"]
    return user.created_at > utcnow() - timedelta(days=days)


def take_post_allowance(user: User) -> bool:
    """Count one post against a new member's allowance per minute (the app's rate limiter,
    Redis in production); False when the allowance is spent. Older members are not counted."""
    if not current_app.config.get("RATELIMIT_ENABLED", True) or not is_new_member(user):
        return True
    per_minute = current_app.config["NETWORK_NEW_MEMBER_POSTS_PER_MINUTE"]
    # A moving window over the limiter's storage: any 60 seconds, not the clock's minutes
    # (a fixed window would let twice the allowance through across a minute's turn).
    window = MovingWindowRateLimiter(limiter.storage)
    return window.hit(parse(f"{per_minute}/minute"), "network-post", str(user.id))


def _check_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise TalkError("empty_post")
    if len(body) > BODY_MAX:
        raise TalkError("post_too_long")
    return body


def _may_post(user: User) -> None:
    if is_blocked(user):
        raise TalkError("blocked")


def _new_post(user: User, thread: Thread, body: str) -> Post:
    post = Post(
        thread=thread,
        author_id=user.id,
        body=body,
        state="visible",
        links_held=bool(is_new_member(user) and LINK.search(body)),
        report_count=0,
    )
    db.session.add(post)
    thread.post_count = (thread.post_count or 0) + 1
    thread.last_post_at = utcnow()
    return post


def start_thread(user: User, subject: Subject, title: str, body: str) -> Post:
    """A new thread about ``subject`` with its first post. Raises TalkError (blocked,
    empty_title, title_too_long, empty_post, post_too_long)."""
    _may_post(user)
    title = (title or "").strip()
    if not title:
        raise TalkError("empty_title")
    if len(title) > TITLE_MAX:
        raise TalkError("title_too_long")
    body = _check_body(body)
    thread = Thread(
        subject_kind=subject.kind,
        subject_key=subject.key,
        title=title,
        author_id=user.id,
        post_count=0,
    )
    db.session.add(thread)
    post = _new_post(user, thread, body)
    db.session.flush()
    return post


def reply(user: User, thread: Thread, body: str) -> Post:
    """A reply at the end of ``thread``. Raises TalkError (blocked, empty_post,
    post_too_long)."""
    _may_post(user)
    post = _new_post(user, thread, _check_body(body))
    db.session.flush()
    return post


def edit(user: User, post: Post, body: str) -> bool:
    """The author rewrites their post; the earlier wording is kept as a revision. False when
    nothing changed. Raises TalkError (not_author, blocked, hidden, empty_post,
    post_too_long)."""
    if post.author_id != user.id:
        raise TalkError("not_author")
    _may_post(user)
    if post.state != "visible":
        raise TalkError("hidden")
    body = _check_body(body)
    if body == post.body:
        return False
    db.session.add(
        PostRevision(post_id=post.id, body=post.body, written_at=post.edited_at or post.created_at)
    )
    post.body = body
    post.edited_at = utcnow()
    if is_new_member(user) and LINK.search(body):
        post.links_held, post.links_rejected = True, False
    db.session.flush()
    return True


@dataclass(frozen=True)
class Mentions:
    """The people a post names who may be mentioned (at most NETWORK_MENTIONS_PER_POST, in the
    order written), and how many more names were left out by that cap."""

    people: list[User]
    left_out: int


def mention_cap() -> int:
    """How many people one post may mention (and so e-mail)."""
    return int(current_app.config["NETWORK_MENTIONS_PER_POST"])


def mentions(author: User, body: str) -> Mentions:
    """Who ``body`` mentions with @[Name]: active members whose settings and profile let the
    author mention them, never the author, each once; names beyond the cap are not looked up
    (one query for all)."""
    cap = mention_cap()
    names: list[str] = []
    for match in MENTION.finditer(body):
        name = match.group(1).strip().casefold()
        if name not in names:
            names.append(name)
    wanted, extra = names[:cap], max(0, len(names) - cap)
    if not wanted:
        return Mentions([], extra)
    found = db.session.scalars(
        select(User).where(func.lower(User.name).in_(wanted), User.active.is_(True))
    ).all()
    by_name: dict[str, User] = {}
    for user in found:
        by_name.setdefault(user.name.casefold(), user)
    people = [
        by_name[name]
        for name in wanted
        if name in by_name
        and by_name[name].id != author.id
        and may_be_mentioned(author, by_name[name])
    ]
    return Mentions(people, extra)


def render_post(post: Post) -> Markup:
    """The post as safe HTML; links held for review come out as their plain text."""
    html = render_markdown(post.body)
    if not post.links_held:
        return html
    # Our own sanitised HTML with the <a> tags unwrapped: safe to mark.
    return Markup(nh3.clean(str(html), tags=set(ALLOWED_TAGS) - {"a"}))  # noqa: S704


def posts_query(thread: Thread) -> Select[tuple[Post]]:
    """The thread's posts, oldest first, with their authors (for one page of them)."""
    return (
        select(Post)
        .where(Post.thread_id == thread.id)
        .options(joinedload(Post.author))
        .order_by(Post.created_at, Post.id)
    )


def page_of(thread: Thread, per_page: int) -> int:
    """The page of ``thread`` that shows its latest post."""
    return max(1, -(-(thread.post_count or 0) // per_page))


def page_showing(post: Post, per_page: int) -> int:
    """The page of its thread that shows ``post`` (posts in posts_query's order)."""
    before = db.session.scalar(
        select(func.count(Post.id)).where(
            Post.thread_id == post.thread_id,
            or_(
                Post.created_at < post.created_at,
                and_(Post.created_at == post.created_at, Post.id < post.id),
            ),
        )
    )
    return (before or 0) // per_page + 1


def revisions(post: Post) -> list[PostRevision]:
    """Earlier wordings of ``post``, newest first."""
    return list(
        db.session.scalars(
            select(PostRevision)
            .where(PostRevision.post_id == post.id)
            .order_by(PostRevision.replaced_at.desc(), PostRevision.id.desc())
        )
    )


def threads_about(kind: str, key: str, limit: int = 50) -> list[Thread]:
    """Threads about a subject, the most recently active first."""
    return list(
        db.session.scalars(
            select(Thread)
            .where(Thread.subject_kind == kind, Thread.subject_key == key)
            .order_by(Thread.last_post_at.desc(), Thread.id.desc())
            .limit(limit)
        )
    )


def count_about(kind: str, key: str) -> tuple[int, int]:
    """(threads, posts) about a subject, in one query."""
    row = db.session.execute(
        select(func.count(Thread.id), func.coalesce(func.sum(Thread.post_count), 0)).where(
            Thread.subject_kind == kind, Thread.subject_key == key
        )
    ).one()
    return int(row[0]), int(row[1])
