"""What the enrolment services share: the error rules raise, the states that hold a place, who
runs an edition, and the edition lock that keeps capacity under simultaneous requests."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from learning.platform.extensions import db
from learning.workshops.models import Edition
from learning.workshops.services.permissions import can_edit

# States in which a person is "in" an edition (enrolling again is refused).
HOLDING_STATES = ("active", "completed", "pending", "waitlisted")
# States a person may withdraw from.
WITHDRAWABLE = ("active", "pending", "waitlisted")


class EnrolmentError(Exception):
    """A rule refused the operation; ``code`` names which."""

    def __init__(self, code: str, **detail: Any) -> None:
        super().__init__(code)
        self.code = code
        self.detail = detail


def can_manage(user: Any, edition: Edition) -> bool:
    """The workshop's trainers and admins run its editions."""
    return can_edit(user, edition.workshop)


def lock_edition(edition_id: int) -> Edition:
    """The edition row, locked until the transaction ends (a no-op on SQLite)."""
    return db.session.execute(
        select(Edition)
        .where(Edition.id == edition_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).scalar_one()
