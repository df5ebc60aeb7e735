"""The event types webhooks carry, and how the platform's changes become events without the
features that make them knowing: a session listener reads what each flush wrote (new rows and
changed columns of enrolments, certificates, research outputs, event registrations and call
applications), and just before the transaction commits, records a delivery per subscribed
endpoint in that same transaction (learning/webhooks/services.py ``emit``). A transaction
that rolls back records nothing, so nothing is sent.

Listening to the rows rather than to each service catches every path that makes a change
(pages, the API, jobs, imports, the demo) and leaves the workshops, events and calls code as
it is. Bulk UPDATE statements bypass it; no service changes these columns that way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from learning.calls.models import CallApplication
from learning.completion.models import Certificate
from learning.events.after_models import EventCertificate
from learning.events.models import EventRegistration
from learning.platform.extensions import db
from learning.research.models import ResearchOutput
from learning.workshops.models import Enrolment

# What staff choose from, with how they read it.
EVENT_TYPES = {
    "enrolment.changed": _l("Enrolment made or changed"),
    "certificate.issued": _l("Certificate issued"),
    "certificate.revoked": _l("Certificate revoked"),
    "output.published": _l("Research output published"),
    "output.withdrawn": _l("Research output withdrawn"),
    "event_registration.changed": _l("Event registration made or changed"),
    "application.decided": _l("Call application decided"),
}
# Sent only by the "send a test event" button, to one endpoint.
TEST_EVENT = "webhook.test"

Event = tuple[str, dict[str, Any]]


def _changed(row: Any, name: str, is_new: bool) -> tuple[bool, Any]:
    """Whether column ``name`` was written by this flush, and its value before."""
    if is_new:
        return True, None
    history = inspect(row).attrs[name].history
    if not history.has_changes():
        return False, None
    before = history.deleted[0] if history.deleted else None
    return before != getattr(row, name), before


def _enrolment(row: Enrolment, is_new: bool) -> Iterator[Event]:
    changed, before = _changed(row, "state", is_new)
    if changed:
        yield (
            "enrolment.changed",
            {
                "enrolment_id": row.id,
                "edition_id": row.edition_id,
                "user_id": row.user_id,
                "state": row.state,
                "previous_state": before,
            },
        )


def _certificate(kind: str) -> Callable[[Any, bool], Iterator[Event]]:
    def read(row: Any, is_new: bool) -> Iterator[Event]:
        data = {"certificate_id": row.id, "kind": kind, "code": row.code}
        data.update(
            {"enrolment_id": row.enrolment_id}
            if kind == "workshop"
            else {"event_id": row.event_id, "user_id": row.user_id}
        )
        if is_new:
            yield "certificate.issued", data
        changed, before = _changed(row, "revoked_at", is_new)
        if changed and before is None and row.revoked_at is not None:
            yield "certificate.revoked", data

    return read


def _output(row: ResearchOutput, is_new: bool) -> Iterator[Event]:
    changed, _before = _changed(row, "state", is_new)
    if changed and row.state in ("published", "withdrawn"):
        yield f"output.{row.state}", {"output_id": row.id, "version": row.latest_number}


def _registration(row: EventRegistration, is_new: bool) -> Iterator[Event]:
    changed, before = _changed(row, "state", is_new)
    if changed:
        yield (
            "event_registration.changed",
            {
                "registration_id": row.id,
                "event_id": row.event_id,
                "user_id": row.user_id,
                "state": row.state,
                "previous_state": before,
            },
        )


def _application(row: CallApplication, is_new: bool) -> Iterator[Event]:
    changed, _before = _changed(row, "decision", is_new)
    if changed and row.decision is not None:
        yield (
            "application.decided",
            {
                "application_id": row.id,
                "call_id": row.call_id,
                "user_id": row.user_id,
                "decision": row.decision,
            },
        )


READERS: dict[type, Callable[[Any, bool], Iterator[Event]]] = {
    Enrolment: _enrolment,
    Certificate: _certificate("workshop"),
    EventCertificate: _certificate("event"),
    ResearchOutput: _output,
    EventRegistration: _registration,
    CallApplication: _application,
}


# Certificates are issued by INSERT … ON CONFLICT DO NOTHING statements (exactly once however
# many requests race), which the flush never sees: the statement itself is read.
INSERTED = {
    Certificate.__tablename__: ("workshop", ("enrolment_id",)),
    EventCertificate.__tablename__: ("event", ("event_id", "user_id")),
}


def read_insert(table: str, values: dict[str, Any]) -> Event:
    """The event of a certificate inserted by a statement; its id is looked up by its code
    when the transaction commits (``resolve``)."""
    kind, keys = INSERTED[table]
    data = {"certificate_id": None, "kind": kind, "code": values["code"]}
    data.update({key: values[key] for key in keys})
    return "certificate.issued", data


def resolve(found: list[Event]) -> None:
    """Fill in the ids of certificates that ``read_insert`` saw inserted (a query a kind)."""
    for kind, model in (("workshop", Certificate), ("event", EventCertificate)):
        waiting = {
            data["code"]: data
            for event_type, data in found
            if event_type == "certificate.issued"
            and data["kind"] == kind
            and data["certificate_id"] is None
        }
        if waiting:
            rows = db.session.execute(
                select(model.code, model.id).where(model.code.in_(list(waiting)))
            )
            for code, row_id in rows:
                waiting[code]["certificate_id"] = row_id


def read(session: Session) -> list[Event]:
    """The events in what ``session`` is flushing (call from ``after_flush``, while the
    rows' histories still say what changed)."""
    found: list[Event] = []
    for rows, is_new in ((session.new, True), (session.dirty, False)):
        for row in rows:
            reader = READERS.get(type(row))
            if reader is not None:
                found.extend(reader(row, is_new))
    return found
