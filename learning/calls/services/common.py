"""What the call services share: the error rules raise, who runs calls, and the call lock that
orders simultaneous submissions."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from learning.calls.models import Call
from learning.platform.extensions import db


class CallError(Exception):
    """A rule refused the operation; ``code`` names which."""

    def __init__(self, code: str, **detail: Any) -> None:
        super().__init__(code)
        self.code = code
        self.detail = detail


def _authenticated(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def is_staff(user: Any) -> bool:
    """Whether ``user`` runs calls: programme staff, that is administrators (roles are a fixed
    list in accounts; calls are a programme decision, not a trainer's)."""
    return _authenticated(user) and bool(user.is_admin)


def can_see(user: Any, call: Call) -> bool:
    """Every call but a draft is public; drafts only for staff."""
    return call.is_public or is_staff(user)


def lock_call(call_id: int) -> Call:
    """The call row, locked until the transaction ends, read afresh.

    PostgreSQL: SELECT … FOR UPDATE. SQLite has no row locks, so an UPDATE of the row takes the
    database's write lock first (as events.services.common.lock_event does). Raises
    CallError("not_found") when the call is gone."""
    if db.session.get_bind().dialect.name == "sqlite":
        table = Call.__table__
        db.session.connection().execute(
            update(table)
            .where(table.c.id == call_id)
            .values(submissions_serial=table.c.submissions_serial + 1)
        )
    call = db.session.execute(
        select(Call)
        .where(Call.id == call_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).scalar_one_or_none()
    if call is None:
        raise CallError("not_found")
    return call
