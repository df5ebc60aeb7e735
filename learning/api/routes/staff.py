"""Staff resources: an edition's roster (its workshop's trainers and administrators), an event's
registrations (who runs the event), a call's applications' status (administrators), and the
dashboard's indicators (administrators). Someone who does not run the edition, event or call
gets a 404, as for one that does not exist."""

from __future__ import annotations

import re
from datetime import date

from flask import abort, g, json, request
from flask_babel import lazy_gettext as _l

from learning.api.blueprint import operation
from learning.api.problems import Problem
from learning.api.respond import (
    NOT_A_NUMBER,
    OUT_OF_RANGE,
    json_response,
    page_data,
    page_response,
    paging,
)
from learning.api.schema_parts import DATE_PATTERN
from learning.api.services import resources, staff
from learning.calls.models import CallApplication
from learning.dashboard.services import Filters
from learning.events.models import EventRegistration
from learning.workshops.models import Enrolment

FILTERS = ("since", "until", "region", "sector", "gender", "theme", "workshop", "edition")
MAX_FILTER_ID = 999_999_999
DATE = re.compile(DATE_PATTERN)
ONCE = _l("Give this parameter once.")
NOT_A_DATE = _l("Give a date from 1900 to 2999 as YYYY-MM-DD.")
UNKNOWN_CHOICE = _l("Choose one of the values the API documentation lists.")
ADMINS_ONLY = _l("Only programme administrators read the indicators.")


def _page(query, column, show):  # noqa: ANN001, ANN202 - a paged answer
    after, limit = paging()
    rows, more = resources.page(query, column, after, limit)
    items = [show(row) for row in rows]
    return page_response(json.dumps(page_data(items, more, rows[-1].id if rows else None, limit)))


@operation(
    "/editions/<int:edition_id>/roster",
    operation_id="edition_roster",
    summary=_l("An edition's roster"),
    description=_l("For the workshop's trainers and administrators: everyone enrolled, by id."),
    tag="staff",
    response="RosterPage",
    auth="required",
    query=("after", "limit"),
    paged=True,
)
def edition_roster(edition_id: int):
    """The workshop's trainers and administrators; anyone else gets a 404."""
    edition = staff.managed_edition(g.api_user, edition_id)
    if edition is None:
        abort(404)
    return _page(staff.roster_query(edition), Enrolment.id, staff.roster_data)


@operation(
    "/events/<int:event_id>/registrations",
    operation_id="event_registrations",
    summary=_l("An event's registrations"),
    description=_l("For who runs the event: every registration with its person, by id."),
    tag="staff",
    response="EventRegistrationPage",
    auth="required",
    query=("after", "limit"),
    paged=True,
)
def event_registrations(event_id: int):
    """Administrators and the event's organiser; anyone else gets a 404."""
    event = staff.managed_event(g.api_user, event_id)
    if event is None:
        abort(404)
    return _page(staff.registrations_query(event), EventRegistration.id, staff.registration_data)


@operation(
    "/calls/<int:call_id>/applications",
    operation_id="call_applications",
    summary=_l("Where a call's applications stand"),
    description=_l(
        "For programme administrators: each application's state and decision, by id. Review "
        "scores are not part of it."
    ),
    tag="staff",
    response="ApplicationPage",
    auth="required",
    query=("after", "limit"),
    paged=True,
)
def call_applications(call_id: int):
    """Administrators; anyone else (and any draft call) gets a 404."""
    found = staff.managed_call(g.api_user, call_id)
    if found is None:
        abort(404)
    return _page(staff.applications_query(found), CallApplication.id, staff.application_data)


def _filters() -> Filters:
    """The dashboard's filters from the query string. Raises Problem 422 naming each bad one."""
    errors = {}
    for name in FILTERS:
        given = request.args.getlist(name)
        if len(given) > 1:
            errors[name] = ONCE
        elif given and not given[0] and name in ("region", "sector", "gender", "theme"):
            errors[name] = UNKNOWN_CHOICE  # the dashboard's form reads empty as "any"; not here
        elif given and name in ("since", "until") and not DATE.fullmatch(given[0]):
            errors[name] = NOT_A_DATE
        elif given and name in ("workshop", "edition"):
            raw = given[0]
            if not raw.isascii() or not raw.isdigit() or len(raw) > 12:
                errors[name] = NOT_A_NUMBER
            elif not 1 <= int(raw) <= MAX_FILTER_ID:
                errors[name] = OUT_OF_RANGE % {"low": 1, "high": MAX_FILTER_ID}
    if errors:
        raise Problem(422, errors=errors)
    found = Filters.from_args(request.args)
    for name in found.problems:
        if name in ("since", "until"):
            try:
                date.fromisoformat(request.args[name])
            except ValueError:
                errors[name] = NOT_A_DATE
            # Else an end before the start: a period of no days, whose figures are all 0.
        else:
            errors[name] = UNKNOWN_CHOICE
    if errors:
        raise Problem(422, errors=errors)
    return found


@operation(
    "/indicators",
    operation_id="indicators",
    summary=_l("The programme's indicators"),
    description=_l(
        "For programme administrators: the dashboard's figures with its filters. Counts from "
        '1 to 4 read "<5", as in exports for publication, so nobody can be recognised in a '
        "small group."
    ),
    tag="staff",
    response="Indicators",
    auth="required",
    query=FILTERS,
    errors=(403,),
)
def indicators():
    """Administrators only (403 for other tokens)."""
    if not g.api_user.is_admin:
        raise Problem(403, ADMINS_ONLY)
    return json_response(staff.indicators(_filters()))
