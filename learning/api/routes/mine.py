"""The caller's own records (a token is needed): enrolments with progress, event
registrations; and registering for an event or withdrawing, through the same services as the
pages, so the rules are the same."""

from __future__ import annotations

from flask import abort, g, json
from flask_babel import lazy_gettext as _l

from learning.api.blueprint import operation
from learning.api.problems import Problem
from learning.api.respond import json_response, page_data, page_response, paging
from learning.api.services import resources
from learning.events.messages import error_message
from learning.events.models import HOLDING, EventRegistration
from learning.events.routes.common import commit_and_send
from learning.events.services import registrations
from learning.events.services.common import EventError
from learning.language.i18n import current_language
from learning.platform.extensions import db
from learning.workshops.models import Enrolment

WRITE_ERRORS = (401, 403, 404, 409)


@operation(
    "/me/enrolments",
    operation_id="my_enrolments",
    summary=_l("Your enrolments, with your progress"),
    tag="me",
    response="EnrolmentPage",
    auth="required",
    query=("after", "limit"),
    paged=True,
)
def my_enrolments():
    """The token's owner: their enrolments by id, each with its edition and progress."""
    after, limit = paging()
    rows, more = resources.page(resources.enrolments_query(g.api_user), Enrolment.id, after, limit)
    items = resources.enrolments_data(rows, current_language())
    return page_response(json.dumps(page_data(items, more, rows[-1].id if rows else None, limit)))


@operation(
    "/me/registrations",
    operation_id="my_registrations",
    summary=_l("Your event registrations"),
    tag="me",
    response="RegistrationPage",
    auth="required",
    query=("after", "limit"),
    paged=True,
)
def my_registrations():
    """The token's owner: their registrations for events, by id."""
    after, limit = paging()
    query = resources.registrations_query(g.api_user)
    rows, more = resources.page(query, EventRegistration.id, after, limit)
    items = [resources.registration_data(row) for row in rows]
    return page_response(json.dumps(page_data(items, more, rows[-1].id if rows else None, limit)))


def _public_event(event_id: int):  # noqa: ANN202 - an Event
    row = resources.event(event_id)
    if row is None:
        abort(404)
    return row


@operation(
    "/events/<int:event_id>/registration",
    method="POST",
    operation_id="register_for_event",
    summary=_l("Register for an event"),
    description=_l(
        "A place if one is free, else the waitlist; pending when the organisers approve "
        "each registration. The same rules as the event's page."
    ),
    tag="events",
    response="Registration",
    status=201,
    auth="required",
    scope="events:write",
    errors=WRITE_ERRORS,
    conditional=False,
)
def register_for_event(event_id: int):
    """Tokens with events:write: register the owner; 409 when the rules refuse."""
    event = _public_event(event_id)
    try:
        registration, notices = registrations.register(g.api_user, event, registrations.Answers())
    except EventError as exc:
        db.session.rollback()
        raise Problem(409, error_message(exc)) from exc
    commit_and_send(notices)
    return json_response(resources.registration_data(registration), 201, conditional=False)


@operation(
    "/events/<int:event_id>/registration",
    method="DELETE",
    operation_id="withdraw_from_event",
    summary=_l("Withdraw from an event"),
    tag="events",
    response="Registration",
    auth="required",
    scope="events:write",
    errors=WRITE_ERRORS,
    conditional=False,
)
def withdraw_from_event(event_id: int):
    """Tokens with events:write: leave the event; a freed place goes to the waitlist."""
    event = _public_event(event_id)
    mine = registrations.find(event.id, g.api_user.id)
    if mine is None:
        abort(404)
    if mine.state not in HOLDING:
        raise Problem(409, error_message(EventError("not_registered")))
    commit_and_send(registrations.withdraw(mine))
    return json_response(resources.registration_data(mine), conditional=False)
