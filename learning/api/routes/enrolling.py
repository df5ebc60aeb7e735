"""Enrolling in an edition and withdrawing, through the same services as the pages, so the
rules are the same (windows, seats, waitlist, approval; an edition that asks for a key is
enrolled in on its page)."""

from __future__ import annotations

from flask import abort, g
from flask_babel import lazy_gettext as _l

from learning.api.blueprint import operation
from learning.api.problems import Problem
from learning.api.respond import json_response
from learning.api.services import resources
from learning.enrolment.messages import MESSAGES, error_message
from learning.enrolment.routes.common import commit_and_send
from learning.enrolment.services import seats
from learning.enrolment.services.common import WITHDRAWABLE, EnrolmentError
from learning.language.i18n import current_language
from learning.platform.extensions import db
from learning.workshops.models import Edition

WRITE_ERRORS = (401, 403, 404, 409)


def _open_edition(edition_id: int) -> Edition:
    """A public edition of a published workshop; anything else is a 404."""
    edition = db.session.get(Edition, edition_id)
    if edition is None or edition.status == "draft" or edition.workshop.status != "published":
        abort(404)
    return edition


@operation(
    "/editions/<int:edition_id>/enrolment",
    method="POST",
    operation_id="enrol",
    summary=_l("Enrol in an edition"),
    description=_l(
        "A seat if one is free, else the waitlist; pending when the trainers approve each "
        "request. The same rules as the edition's page."
    ),
    tag="workshops",
    response="Enrolment",
    status=201,
    auth="required",
    scope="enrolments:write",
    errors=WRITE_ERRORS,
    conditional=False,
)
def enrol(edition_id: int):
    """Tokens with enrolments:write: enrol the owner; 409 when the rules refuse."""
    edition = _open_edition(edition_id)
    try:
        enrolment, notices = seats.enrol(g.api_user, edition)
    except EnrolmentError as exc:
        db.session.rollback()
        raise Problem(409, error_message(exc)) from exc
    commit_and_send(notices)
    (shown,) = resources.enrolments_data([enrolment], current_language())
    return json_response(shown, 201, conditional=False)


@operation(
    "/editions/<int:edition_id>/enrolment",
    method="DELETE",
    operation_id="withdraw_enrolment",
    summary=_l("Leave an edition"),
    tag="workshops",
    response="Enrolment",
    auth="required",
    scope="enrolments:write",
    errors=WRITE_ERRORS,
    conditional=False,
)
def withdraw_enrolment(edition_id: int):
    """Tokens with enrolments:write: leave the edition; a freed seat goes to the waitlist."""
    edition = _open_edition(edition_id)
    mine = seats.my_enrolment(g.api_user, edition)
    if mine is None:
        abort(404)
    if mine.state not in WITHDRAWABLE:
        raise Problem(409, MESSAGES["not_enrolled"])
    commit_and_send(seats.withdraw(mine))
    (shown,) = resources.enrolments_data([mine], current_language())
    return json_response(shown, conditional=False)
