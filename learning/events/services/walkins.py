"""Walk-ins who turn out to be members: someone added at the door with an e-mail (no account
then) who later proves that address — by confirming it on a new account or signing in to one
they had — gets those attendances on their account (the accounts.address_proven slot). The
row then points at the person and drops the typed name and e-mail, which the account holds."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from learning.accounts.models import User
from learning.events.models import EventAttendance
from learning.platform.extensions import db


def claim_walk_ins(user: User) -> Callable[[], object] | None:
    """Link the walk-in attendances recorded with ``user``'s address to ``user``. A day on
    which they were also checked in as a registered person keeps that one row. Nothing to send
    afterwards (returns None)."""
    email = (user.email or "").strip().lower()
    if not email:
        return None
    rows = db.session.scalars(
        select(EventAttendance).where(
            EventAttendance.user_id.is_(None), EventAttendance.email == email
        )
    ).all()
    if not rows:
        return None
    held = set(
        db.session.execute(
            select(EventAttendance.event_id, EventAttendance.day).where(
                EventAttendance.user_id == user.id
            )
        ).all()
    )
    for row in rows:
        if (row.event_id, row.day) in held:
            db.session.delete(row)
            continue
        row.user_id, row.name, row.email = user.id, None, None
        held.add((row.event_id, row.day))
    db.session.flush()
    return None
