"""A member's feed: what happened in what they follow, newest first, gathered from a list of
providers so another source joins by adding one function to ``PROVIDERS``.

A provider is ``provider(user, follows, since) -> list[FeedEntry]``: ``follows`` is what the
person follows (kind -> set of targets, services.follow.following), ``since`` the oldest moment
wanted. Each provider makes a fixed number of queries, whatever the person follows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import url_for
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from learning.accounts.models import User
from learning.calls.models import Call
from learning.events.models import Event, EventTag
from learning.language.i18n import current_language
from learning.network.models import OrganisationMember
from learning.network.talk_models import Post, Thread
from learning.platform.extensions import db
from learning.research.models import ResearchFacet, ResearchOutput

LIMIT = 50


@dataclass(frozen=True)
class FeedEntry:
    """One thing that happened: when, what kind (output, event, discussion…), its title and
    its page."""

    when: datetime
    kind: str
    title: str
    url: str


Provider = Callable[[User, dict[str, set[str]], datetime], list[FeedEntry]]


def _ids(targets: set[str]) -> list[int]:
    return [int(t) for t in targets if t.isdigit()]


def output_entries(user: User, follows: dict[str, set[str]], since: datetime) -> list[FeedEntry]:
    """Research outputs published since ``since`` by people followed, by the confirmed
    members of organisations followed, or in themes followed."""
    people, themes = _ids(follows.get("person", set())), sorted(follows.get("theme", set()))
    organisations = _ids(follows.get("organisation", set()))
    if not people and not themes and not organisations:
        return []
    members = select(OrganisationMember.user_id).where(
        OrganisationMember.organisation_id.in_(organisations),
        OrganisationMember.state == "confirmed",
    )
    in_theme = select(ResearchFacet.output_id).where(
        ResearchFacet.facet == "theme", ResearchFacet.value.in_(themes)
    )
    outputs = db.session.scalars(
        select(ResearchOutput)
        .where(ResearchOutput.state == "published", ResearchOutput.published_at > since)
        .where(
            or_(
                ResearchOutput.owner_id.in_(people),
                ResearchOutput.owner_id.in_(members),
                ResearchOutput.id.in_(in_theme),
            )
        )
        .options(selectinload(ResearchOutput.versions))
        .order_by(ResearchOutput.published_at.desc())
        .limit(LIMIT)
    ).all()
    language = current_language()
    return [
        FeedEntry(
            output.published_at,
            "output",
            output.latest.text_for(language).title,
            url_for("research.detail", output_id=output.id, _external=True),
        )
        for output in outputs
        if output.latest is not None
    ]


def event_entries(user: User, follows: dict[str, set[str]], since: datetime) -> list[FeedEntry]:
    """Events announced since ``since`` in themes followed."""
    themes = sorted(follows.get("theme", set()))
    if not themes:
        return []
    tagged = select(EventTag.event_id).where(EventTag.facet == "theme", EventTag.value.in_(themes))
    events = db.session.scalars(
        select(Event)
        .where(Event.status == "published", Event.created_at > since, Event.id.in_(tagged))
        .options(selectinload(Event.translations))
        .order_by(Event.created_at.desc())
        .limit(LIMIT)
    ).all()
    return _titled(
        "event",
        events,
        lambda event: event.created_at,
        lambda event: url_for("events.detail", event_id=event.id, _external=True),
    )


def discussion_entries(
    user: User, follows: dict[str, set[str]], since: datetime
) -> list[FeedEntry]:
    """Threads with new visible posts about outputs, events and themes followed, or by people
    followed (never one's own posts)."""
    about = [
        (Thread.subject_kind == kind) & Thread.subject_key.in_(sorted(follows.get(kind, set())))
        for kind in ("output", "event", "theme")
        if follows.get(kind)
    ]
    people = _ids(follows.get("person", set()))
    if people:
        about.append(Post.author_id.in_(people))
    if not about:
        return []
    rows = db.session.execute(
        select(Thread.id, Thread.title, db.func.max(Post.created_at))
        .join(Post, Post.thread_id == Thread.id)
        .where(Post.created_at > since, Post.state == "visible", Post.author_id != user.id)
        .where(or_(*about))
        .group_by(Thread.id, Thread.title)
        .order_by(db.func.max(Post.created_at).desc())
        .limit(LIMIT)
    ).all()
    return [
        FeedEntry(
            when,
            "discussion",
            title,
            url_for("network.thread", thread_id=thread_id, _external=True),
        )
        for thread_id, title, when in rows
    ]


def call_entries(user: User, follows: dict[str, set[str]], since: datetime) -> list[FeedEntry]:
    """Calls for applications opened since ``since``, whatever the person follows: calls are
    the programme's own news for every member, and carry no themes to follow them by."""
    calls = db.session.scalars(
        select(Call)
        .where(Call.status != "draft", Call.published_at > since)
        .order_by(Call.published_at.desc())
        .limit(LIMIT)
    ).all()
    return _titled(
        "call",
        calls,
        lambda call: call.published_at,
        lambda call: url_for("calls.detail", call_id=call.id, _external=True),
    )


def _titled(
    kind: str, rows: Sequence[Any], when: Callable[[Any], datetime], url: Callable[[Any], str]
) -> list[FeedEntry]:
    """Entries for rows with texts per language (events, calls): titled in the reader's."""
    language = current_language()
    entries = []
    for row in rows:
        text = row.text(language)
        entries.append(FeedEntry(when(row), kind, text.title if text else "", url(row)))
    return entries


PROVIDERS: list[Provider] = [output_entries, event_entries, call_entries, discussion_entries]


def feed(user: User, follows: dict[str, set[str]], since: datetime) -> list[FeedEntry]:
    """Everything the providers found, newest first, at most LIMIT entries."""
    entries = [entry for provider in PROVIDERS for entry in provider(user, follows, since)]
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries[:LIMIT]
