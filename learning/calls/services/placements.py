"""Placements and alumni. The placement records themselves (host institution, dates,
agreement, milestones, reports) are not built yet; what exists is the list of alumni other
features show (the network): the people selected in a decided or archived call."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from learning.accounts.models import User
from learning.calls.models import Call, CallApplication
from learning.platform.extensions import db


@dataclass(frozen=True)
class Alumnus:
    """A person selected in a call: who, in which call (its id, kind and texts through
    ``call``), the project and when the decision was taken."""

    user: User
    call: Call
    project_title: str
    decided_at: datetime | None


def alumni(limit: int | None = None) -> list[Alumnus]:
    """The programme's exchange alumni, most recent decision first: people selected in calls
    whose decisions are announced (decided or archived), with active accounts. Two queries
    whatever the number (the calls' texts load with them)."""
    query = (
        select(CallApplication)
        .join(Call, Call.id == CallApplication.call_id)
        .join(User, User.id == CallApplication.user_id)
        .where(
            CallApplication.decision == "selected",
            Call.status.in_(("decided", "archived")),
            User.active.is_(True),
        )
        .options(selectinload(CallApplication.user), selectinload(CallApplication.call))
        .order_by(CallApplication.decided_at.desc(), CallApplication.id.desc())
    )
    if limit is not None:
        query = query.limit(limit)
    return [
        Alumnus(a.user, a.call, a.project_title, a.decided_at) for a in db.session.scalars(query)
    ]
