"""What staff read through the API, with the same rules as their pages: an edition's roster
(the workshop's trainers and administrators), an event's registrations (who runs the event),
a call's applications' status (administrators; no review scores), and the dashboard's
indicators (administrators) with small counts suppressed as in exports for publication.

Whoever may not run the thing gets None here, and the route answers 404: the API does not
confirm that a draft edition or someone else's event exists."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from learning.calls.models import Call, CallApplication
from learning.calls.services.common import is_staff as runs_calls
from learning.dashboard import calls as call_indicators
from learning.dashboard import events as event_indicators
from learning.dashboard import network_people, network_talk
from learning.dashboard import services as dashboard
from learning.enrolment.services.common import can_manage as runs_edition
from learning.events.models import Event, EventRegistration
from learning.events.services.common import can_manage as runs_event
from learning.platform.extensions import db
from learning.workshops.models import Edition, Enrolment

DIMENSIONS = ("region", "sector", "gender")


def _when(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


# Rosters and registrations --------------------------------------------------------------------


def managed_edition(user: Any, edition_id: int) -> Edition | None:
    """The edition if ``user`` runs it (its workshop's trainers, administrators), else None."""
    edition = db.session.get(Edition, edition_id)
    if edition is None or not runs_edition(user, edition):
        return None
    return edition


def roster_query(edition: Edition) -> Select[Any]:
    """The edition's enrolments with their people."""
    return (
        select(Enrolment)
        .where(Enrolment.edition_id == edition.id)
        .options(joinedload(Enrolment.user))
    )


def roster_data(row: Enrolment) -> dict[str, Any]:
    """One line of the roster, as the trainers' page shows it."""
    person = row.user
    return {
        "id": row.id,
        "user_id": person.id,
        "name": person.name,
        "email": person.email,
        "country": person.country,
        "organisation": person.organisation or None,
        "state": row.state,
        "created_at": _when(row.created_at),
    }


def managed_event(user: Any, event_id: int) -> Event | None:
    """The event if ``user`` runs it (administrators, the organiser who created it)."""
    event = db.session.get(Event, event_id)
    if event is None or not runs_event(user, event):
        return None
    return event


def registrations_query(event: Event) -> Select[Any]:
    """Every registration of the event with its person."""
    return (
        select(EventRegistration)
        .where(EventRegistration.event_id == event.id)
        .options(joinedload(EventRegistration.user))
    )


def registration_data(row: EventRegistration) -> dict[str, Any]:
    """One registration as the organisers' list shows it."""
    person = row.user
    return {
        "id": row.id,
        "user_id": person.id,
        "name": person.name,
        "email": person.email,
        "country": person.country,
        "organisation": person.organisation or None,
        "state": row.state,
        "waitlist_position": row.position,
        "created_at": _when(row.created_at),
    }


def managed_call(user: Any, call_id: int) -> Call | None:
    """A call past its draft if ``user`` runs calls (administrators), else None."""
    found = db.session.get(Call, call_id)
    if found is None or found.status == "draft" or not runs_calls(user):
        return None
    return found


def applications_query(found: Call) -> Select[Any]:
    """The call's applications with their applicants."""
    return (
        select(CallApplication)
        .where(CallApplication.call_id == found.id)
        .options(joinedload(CallApplication.user))
    )


def application_data(row: CallApplication) -> dict[str, Any]:
    """Where an application stands: its state and the panel's decision, never the scores."""
    return {
        "id": row.id,
        "user_id": row.user_id,
        "name": row.user.name,
        "project_title": row.project_title,
        "state": row.state,
        "submitted_at": _when(row.submitted_at),
        "decision": row.decision,
        "waitlist_position": row.waitlist_position,
        "decided_at": _when(row.decided_at),
    }


# Indicators -----------------------------------------------------------------------------------


def indicators(filters: dashboard.Filters) -> dict[str, Any]:
    """The dashboard's figures for ``filters``, every count from 1 to 4 as "<5"."""
    keep = dashboard.suppress
    people = {}
    events = {}
    calls = {}
    for dimension in DIMENSIONS:
        people[dimension] = [
            {
                "key": key,
                "registered": keep(registered),
                "enrolled": keep(enrolled),
                "completed": keep(completed),
            }
            for key, registered, enrolled, completed in dashboard.breakdown(filters, dimension)
        ]
        events[dimension] = [
            {
                "key": key,
                "registered": keep(registered),
                "waitlisted": keep(waitlisted),
                "attended_in_person": keep(in_person),
                "attended_online": keep(online),
                "session_attendances": keep(sessions),
                "certificates": keep(certificates),
            }
            for key, registered, waitlisted, in_person, online, sessions, certificates in (
                event_indicators.registrations(filters, dimension)
            )
        ]
        calls[dimension] = [
            {
                "key": key,
                "applied": applied,
                "eligible": eligible,
                "reviewed": reviewed,
                "selected": selected,
            }
            for key, applied, eligible, reviewed, selected in call_indicators.funnel(
                filters, dimension
            )
        ]
    research = {
        facet: [
            {"key": key, "outputs": keep(outputs), "downloads": keep(downloads)}
            for key, outputs, downloads in dashboard.research(filters, facet)
        ]
        for facet in ("type", "country")
    }
    network = {
        "types": [
            {"key": kind, "organisations": organisations, "verified": verified, "members": members}
            for kind, organisations, verified, members in network_people.by_type()
        ],
        "regions": [
            {"key": key, "organisations": organisations, "members": members}
            for key, organisations, members in network_people.by_region()
        ],
        "conversation": [
            {"month": month, "threads": threads, "posts": posts, "active_members": active}
            for month, threads, posts, active in network_talk.monthly()
        ],
    }
    return {
        "suppressed_below": dashboard.SUPPRESS_BELOW,
        "headline": {name: keep(value) for name, value in dashboard.headline(filters).items()},
        "people": people,
        "events": events,
        "calls": calls,
        "research": research,
        "network": network,
    }
