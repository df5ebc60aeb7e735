"""Following: a member follows an organisation, a person, a theme, a research output or an
event, and their feed and digest tell them what happened there."""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from learning.accounts.models import User
from learning.events.models import Event
from learning.language.taxonomy import THEMES
from learning.network.models import Organisation
from learning.network.services.discussion_common import TalkError, names_for
from learning.network.services.profiles import visible_profile
from learning.network.talk_models import FOLLOW_KINDS, Follow
from learning.platform.extensions import db
from learning.research.models import ResearchOutput, ResearchText, ResearchVersion


def _exists(user: User, kind: str, target: str) -> bool:
    if kind == "theme":
        return target in THEMES
    if not target.isdigit() or len(target) > 12:
        return False
    ident = int(target)
    if kind == "output":
        output = db.session.get(ResearchOutput, ident)
        return output is not None and output.state == "published"
    if kind == "event":
        event = db.session.get(Event, ident)
        return event is not None and event.status in ("published", "archived")
    if kind == "person":
        person = db.session.get(User, ident)
        return person is not None and person.id != user.id and visible_profile(user, person)
    organisation = db.session.get(Organisation, ident)
    return organisation is not None and organisation.status == "active"


def follow(user: User, kind: str, target: str) -> bool:
    """``user`` follows ``kind``/``target``; False when they already did. Raises TalkError
    (unknown_target) for a kind or target that does not exist or that they may not see."""
    target = (target or "").strip()
    if kind not in FOLLOW_KINDS or not _exists(user, kind, target):
        raise TalkError("unknown_target")
    if is_following(user, kind, target):
        return False
    try:
        with db.session.begin_nested():
            db.session.add(Follow(user_id=user.id, kind=kind, target=target))
    except IntegrityError:  # followed at the same moment in another request
        return False
    return True


def unfollow(user: User, kind: str, target: str) -> bool:
    """Stop following; False when they did not follow it."""
    result = db.session.execute(
        delete(Follow).where(
            Follow.user_id == user.id, Follow.kind == kind, Follow.target == (target or "")
        )
    )
    return bool(result.rowcount)


def is_following(user: User, kind: str, target: str) -> bool:
    """Whether ``user`` follows ``kind``/``target``."""
    return (
        db.session.scalar(
            select(Follow.id).where(
                Follow.user_id == user.id, Follow.kind == kind, Follow.target == target
            )
        )
        is not None
    )


def following(user: User) -> dict[str, set[str]]:
    """What ``user`` follows: kind -> targets (one query)."""
    found: dict[str, set[str]] = {kind: set() for kind in FOLLOW_KINDS}
    for kind, target in db.session.execute(
        select(Follow.kind, Follow.target).where(Follow.user_id == user.id)
    ):
        found[kind].add(target)
    return found


@dataclass(frozen=True)
class Followed:
    """One thing a person follows, named for them: its kind, key, title and page."""

    kind: str
    target: str
    title: str
    url: str


def followed(user: User, language: str) -> list[Followed]:
    """Everything ``user`` follows but themes (the feed lists those apart), named for them
    with one query per kind; things gone or no longer visible are left out."""
    follows = following(user)
    found: list[Followed] = []
    outputs = [int(t) for t in follows["output"] if t.isdigit()]
    if outputs:
        rows = db.session.execute(
            select(ResearchOutput.id, ResearchText.language, ResearchText.title)
            .join(ResearchVersion, ResearchVersion.output_id == ResearchOutput.id)
            .join(ResearchText, ResearchText.version_id == ResearchVersion.id)
            .where(
                ResearchOutput.id.in_(outputs),
                ResearchOutput.state == "published",
                ResearchVersion.number == ResearchOutput.latest_number,
            )
        ).all()
        titles: dict[int, str] = {}
        for output_id, text_language, title in rows:
            if output_id not in titles or text_language == language:
                titles[output_id] = title
        for output_id, title in sorted(titles.items()):
            url = url_for("research.detail", output_id=output_id)
            found.append(Followed("output", str(output_id), title, url))
    events = [int(t) for t in follows["event"] if t.isdigit()]
    if events:
        for event in db.session.scalars(
            select(Event).where(Event.id.in_(events)).options(selectinload(Event.translations))
        ):
            text = event.text(language)
            url = url_for("events.detail", event_id=event.id)
            found.append(Followed("event", str(event.id), text.title if text else "", url))
    people = [int(t) for t in follows["person"] if t.isdigit()]
    if people:
        users = list(db.session.scalars(select(User).where(User.id.in_(people))))
        names = names_for(user, users)
        for person in users:
            seen = visible_profile(user, person) is not None
            url = url_for("network.person", user_id=person.id) if seen else ""
            found.append(Followed("person", str(person.id), names[person.id], url))
    organisations = [int(t) for t in follows["organisation"] if t.isdigit()]
    if organisations:
        for organisation in db.session.scalars(
            select(Organisation).where(Organisation.id.in_(organisations))
        ):
            url = url_for("network.organisation", organisation_id=organisation.id)
            found.append(Followed("organisation", str(organisation.id), organisation.label, url))
    return found
