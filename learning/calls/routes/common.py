"""What the calls pages share: loading a call as the reader may see or run it, and the
staff-only and signed-in checks."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from learning.calls.models import Call
from learning.calls.services.common import can_see, is_staff
from learning.platform.extensions import db
from learning.workshops.access import sign_in


def visible_call(call_id: int) -> Call:
    """The call if this person may see it: 404 for a draft they do not run."""
    call = db.session.get(Call, call_id)
    if call is None or not can_see(current_user, call):
        abort(404)
    return call


def signed_in_only() -> None:
    """Visitors are sent to sign in first."""
    if not current_user.is_authenticated:
        sign_in()


def staff_only() -> None:
    """Staff go on; visitors sign in first; anyone else gets a 403."""
    signed_in_only()
    if not is_staff(current_user):
        abort(403)


def managed_call(call_id: int) -> Call:
    """The call if this person runs it: 404 as ``visible_call``, sign-in, else 403."""
    call = visible_call(call_id)
    staff_only()
    return call
