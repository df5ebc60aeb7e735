"""Event speakers who are members link to their network profile (the events' SPEAKER_PROFILES
slot) — only when the profile is opened and the reader may open it: never a private one, not
even for staff, who see every profile but must not send visitors of an agenda to one."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import url_for
from sqlalchemy import select

from learning.accounts.models import User
from learning.network.models import Profile
from learning.network.services.common import RANK, viewer_rank
from learning.platform.extensions import db


def speaker_profiles(viewer: Any, users: Iterable[User]) -> dict[int, str]:
    """{user id: profile URL} for those of ``users`` whose profile ``viewer`` may open (one
    query for them all)."""
    wanted = {user.id: user for user in users if user is not None and user.active}
    if not wanted:
        return {}
    rank = viewer_rank(viewer)
    opened = db.session.execute(
        select(Profile.user_id, Profile.visibility).where(Profile.user_id.in_(wanted))
    ).all()
    return {
        user_id: url_for("network.person", user_id=user_id)
        for user_id, visibility in opened
        if visibility in ("public", "network") and rank >= RANK[visibility]
    }
