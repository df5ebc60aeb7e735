"""Public resources: workshops with their editions, events, and certificate verification.
No token is needed; a token sent along must be valid."""

from __future__ import annotations

from flask import abort, json
from flask_babel import lazy_gettext as _l

from learning.api.blueprint import operation
from learning.api.respond import body_response, kept, page_data, page_response, paging
from learning.api.services import resources
from learning.events.models import Event
from learning.language.i18n import current_language
from learning.workshops.models import Workshop

# The cached kinds (learning/platform/cache.py) each answer is made from.
WORKSHOPS = ("workshops",)
EVENTS = ("events",)


@operation(
    "/workshops",
    operation_id="list_workshops",
    summary=_l("Published workshops with their editions"),
    tag="workshops",
    response="WorkshopPage",
    query=("after", "limit"),
    paged=True,
)
def list_workshops():
    """Anyone: the catalogue, by id."""
    after, limit = paging()

    def make() -> dict:
        rows, more = resources.page(resources.workshops_query(), Workshop.id, after, limit)
        language = current_language()
        items = [resources.workshop_data(row, language) for row in rows]
        return page_data(items, more, rows[-1].id if rows else None, limit)

    return page_response(kept(WORKSHOPS, make))


@operation(
    "/workshops/<int:workshop_id>",
    operation_id="get_workshop",
    summary=_l("One published workshop with its editions"),
    tag="workshops",
    response="Workshop",
)
def get_workshop(workshop_id: int):
    """Anyone: a published or archived workshop; drafts are a 404."""

    def make() -> dict | None:
        row = resources.workshop(workshop_id)
        return None if row is None else resources.workshop_data(row, current_language())

    body = kept(WORKSHOPS, make)
    if body == "null":
        abort(404)
    return body_response(body)


@operation(
    "/events",
    operation_id="list_events",
    summary=_l("Public events"),
    tag="events",
    response="EventPage",
    query=("after", "limit"),
    paged=True,
)
def list_events():
    """Anyone: published, cancelled and archived events, by id."""
    after, limit = paging()

    def make() -> dict:
        rows, more = resources.page(resources.events_query(), Event.id, after, limit)
        language = current_language()
        items = [resources.event_data(row, language) for row in rows]
        return page_data(items, more, rows[-1].id if rows else None, limit)

    return page_response(kept(EVENTS, make))


@operation(
    "/events/<int:event_id>",
    operation_id="get_event",
    summary=_l("One public event"),
    tag="events",
    response="Event",
)
def get_event(event_id: int):
    """Anyone: a public event; drafts are a 404."""

    def make() -> dict | None:
        row = resources.event(event_id)
        return None if row is None else resources.event_data(row, current_language())

    body = kept(EVENTS, make)
    if body == "null":
        abort(404)
    return body_response(body)


@operation(
    "/certificates/<code>",
    operation_id="verify_certificate",
    summary=_l("Verify a certificate by its code"),
    tag="certificates",
    response="Certificate",
)
def verify_certificate(code: str):
    """Anyone: whether the certificate with ``code`` is valid or revoked; unknown is a 404."""
    row = resources.certificate(code)
    if row is None:
        abort(404)
    return body_response(json.dumps(resources.certificate_data(row, current_language())))
