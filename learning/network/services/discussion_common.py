"""What the network's conversation shares: its domain error, who moderates, who is blocked,
each person's conversation settings, and how a person is named to a reader.

People are shown as the other half of the network decides (``profiles.display_name`` and
``profiles.visible_profile``: a private profile names nobody to others); a deleted account
is "deleted member".
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from learning.accounts.models import User
from learning.accounts.privacy import REPLACEMENT
from learning.network.models import Profile
from learning.network.services.profiles import display_name, visible_profile
from learning.network.talk_models import Block, TalkSettings
from learning.platform.extensions import db


class TalkError(Exception):
    """A conversation rule said no; ``code`` names which (talk_messages.py has the words)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def is_moderator(user: Any) -> bool:
    """Moderators of the discussions: people who hold the moderator role, and administrators
    (who hold every role). Curating research outputs is another role and does not moderate."""
    return bool(getattr(user, "is_authenticated", False) and user.has_role("moderator"))


def is_blocked(user: User) -> bool:
    """Whether a moderator blocked ``user`` from posting and writing to members."""
    return db.session.scalar(select(Block.id).where(Block.user_id == user.id)) is not None


def settings_for(user: User) -> TalkSettings:
    """The person's settings row (unsaved defaults when they never chose: no digest, no
    messages, mentions allowed)."""
    row = db.session.get(TalkSettings, user.id)
    if row is None:
        row = TalkSettings(user_id=user.id, digest="never", allow_messages=False)
        row.allow_mentions = True
    return row


def is_deleted(user: User | None) -> bool:
    """A deleted account (or a post whose author row is gone)."""
    return user is None or (not user.active and user.name == REPLACEMENT)


def may_be_mentioned(author: Any, user: User) -> bool:
    """Whether ``author`` may mention ``user``: an active member who lets people mention them
    and whose profile ``author`` may see."""
    if is_deleted(user) or not user.active:
        return False
    if visible_profile(author, user) is None:
        return False
    return settings_for(user).allow_mentions


def names_for(viewer: Any, users: Iterable[User | None]) -> dict[int, str]:
    """How each of ``users`` is named to ``viewer`` (user id -> name), with their profiles
    read in one query: people without a profile are private to all but themselves and staff,
    so they need no query each."""
    people = {user.id: user for user in users if user is not None}
    # Loaded into the session's identity map: display_name below finds them without a query.
    profiles = db.session.scalars(select(Profile).where(Profile.user_id.in_(list(people)))).all()
    having = {profile.user_id for profile in profiles}
    own = getattr(viewer, "id", None) if getattr(viewer, "is_authenticated", False) else None
    everyone = is_moderator(viewer)
    names = {}
    for user_id, user in people.items():
        if is_deleted(user):
            names[user_id] = _("deleted member")
        elif user_id in having or user_id == own or everyone:
            names[user_id] = display_name(viewer, user)
        else:
            names[user_id] = display_name(viewer, None)
    return names


def author_name(viewer: Any, user: User | None) -> str:
    """How a post's author is named to ``viewer``."""
    if is_deleted(user):
        return _("deleted member")
    return display_name(viewer, user)
