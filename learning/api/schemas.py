"""The schemas of calls, organisations, profiles, staff resources, indicators and deposits
(the OpenAPI document's components; learning/api/spec.py gathers them)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from learning.api.schema_parts import (
    DAY,
    ID,
    INSTANT,
    MAYBE_INSTANT,
    MAYBE_INT,
    MAYBE_TEXT,
    TEXT,
    TEXTS,
    closed,
    page,
)
from learning.events.models import REGISTRATION_STATES
from learning.language.taxonomy import REGIONS, THEMES
from learning.research.messages import ACCESS_LABELS, LICENCE_LABELS, OUTPUT_LANGUAGES, TYPE_LABELS
from learning.workshops.editions import ENROLMENT_STATES

URL = {"type": "string", "format": "uri"}
# A count the dashboard may suppress: from 1 to 4 it reads "<5".
FIGURE = {"type": ["integer", "string"], "minimum": 0, "pattern": "^<[0-9]+$"}
RATE = {"type": ["number", "null"]}

CALL = closed(
    {
        "id": ID,
        "kind": TEXT,
        "status": {"enum": ["open", "closed", "reviewing", "decided", "archived"]},
        "title": TEXT,
        "summary": TEXT,
        "description": TEXT,
        "documents": TEXT,
        "language": TEXT,
        "timezone": TEXT,
        "opens_at": INSTANT,
        "closes_at": INSTANT,
        "taking_applications": {"type": "boolean"},
        "places": {"type": "integer"},
        "statement_limit": {"type": "integer"},
        "rules": {"type": "array", "items": closed({"rule": TEXT, "values": TEXTS})},
        "url": URL,
    }
)
ORGANISATION = closed(
    {
        "id": ID,
        "kind": TEXT,
        "name": TEXT,
        "acronym": TEXT,
        "country": TEXT,
        "city": TEXT,
        "website": MAYBE_TEXT,
        "verified": {"type": "boolean"},
        "description": TEXT,
        "language": TEXT,
        "themes": TEXTS,
        "url": URL,
    }
)
PROFILE = closed(
    {
        "id": ID,
        "name": TEXT,
        "visibility": {"enum": ["public", "network"]},
        "headline": MAYBE_TEXT,
        "bio": MAYBE_TEXT,
        "location": {"oneOf": [closed({"city": TEXT, "country": MAYBE_TEXT}), {"type": "null"}]},
        "contact": {
            "oneOf": [closed({"email": MAYBE_TEXT, "website": MAYBE_TEXT}), {"type": "null"}]
        },
        "orcid": MAYBE_TEXT,
        "expertise": {"oneOf": [closed({"themes": TEXTS, "keywords": TEXTS}), {"type": "null"}]},
        "languages": {"type": ["array", "null"], "items": TEXT},
        "url": URL,
    }
)
PERSON = {
    "user_id": ID,
    "name": TEXT,
    "email": TEXT,
    "country": MAYBE_TEXT,
    "organisation": MAYBE_TEXT,
}
ROSTER_ENTRY = closed(
    {"id": ID, **PERSON, "state": {"enum": list(ENROLMENT_STATES)}, "created_at": INSTANT}
)
EVENT_REGISTRATION = closed(
    {
        "id": ID,
        **PERSON,
        "state": {"enum": list(REGISTRATION_STATES)},
        "waitlist_position": MAYBE_INT,
        "created_at": INSTANT,
    }
)
APPLICATION = closed(
    {
        "id": ID,
        "user_id": ID,
        "name": TEXT,
        "project_title": TEXT,
        "state": {"enum": ["draft", "submitted", "withdrawn"]},
        "submitted_at": MAYBE_INSTANT,
        "decision": {"enum": ["selected", "waitlisted", "declined", None]},
        "waitlist_position": MAYBE_INT,
        "decided_at": MAYBE_INSTANT,
    }
)


def _table(**columns: Any) -> dict[str, Any]:
    return {"type": "array", "items": closed({"key": TEXT, **columns})}


def _by(**columns: Any) -> dict[str, Any]:
    return closed({name: _table(**columns) for name in ("region", "sector", "gender")})


INDICATORS = closed(
    {
        "suppressed_below": {"type": "integer"},
        "headline": closed(
            {
                "registered": FIGURE,
                "enrolled": FIGURE,
                "active": FIGURE,
                "completed": FIGURE,
                "completion_rate": RATE,
                "certificates": FIGURE,
                "hours": FIGURE,
                "satisfaction": RATE,
                "responses": FIGURE,
                "knowledge_gain": RATE,
                "gain_people": FIGURE,
            }
        ),
        "people": _by(registered=FIGURE, enrolled=FIGURE, completed=FIGURE),
        "events": _by(
            registered=FIGURE,
            waitlisted=FIGURE,
            attended_in_person=FIGURE,
            attended_online=FIGURE,
            session_attendances=FIGURE,
            certificates=FIGURE,
        ),
        "calls": _by(applied=FIGURE, eligible=FIGURE, reviewed=FIGURE, selected=FIGURE),
        "research": closed(
            {
                "type": _table(outputs=FIGURE, downloads=FIGURE),
                "country": _table(outputs=FIGURE, downloads=FIGURE),
            }
        ),
        "network": closed(
            {
                "types": _table(
                    organisations={"type": "integer"}, verified={"type": "integer"}, members=FIGURE
                ),
                "regions": _table(organisations={"type": "integer"}, members=FIGURE),
                "conversation": {
                    "type": "array",
                    "items": closed(
                        {
                            "month": TEXT,
                            "threads": {"type": "integer"},
                            "posts": {"type": "integer"},
                            "active_members": FIGURE,
                        }
                    ),
                },
            }
        ),
    }
)
RESEARCH_DRAFT = closed(
    {
        "id": ID,
        "state": {"enum": ["draft"]},
        "version": {"type": "integer"},
        "access": {"enum": list(ACCESS_LABELS)},
        "embargo_until": {"type": ["string", "null"], "format": "date"},
        "title": TEXT,
        "language": TEXT,
        "files": {
            "type": "array",
            "items": closed(
                {
                    "id": ID,
                    "name": TEXT,
                    "content_type": TEXT,
                    "size": MAYBE_INT,
                    "sha256": MAYBE_TEXT,
                }
            ),
        },
        "url": URL,
    }
)


def deposit_schema(languages: list[str]) -> dict[str, Any]:
    """The deposit form's fields (learning/research/forms.py), a title and abstract per
    configured language."""
    properties: dict[str, Any] = {
        "output_type": {"enum": list(TYPE_LABELS)},
        "creators": {
            "type": "string",
            "description": _l(
                "One person per line: name; ORCID iD (optional); affiliation (optional)."
            ),
        },
        "organisation": {"type": "string", "maxLength": 200},
        "publication_date": DAY,
        "languages": {"type": "array", "items": {"enum": list(OUTPUT_LANGUAGES)}},
        "keywords": {"type": "string", "maxLength": 1000},
        "themes": {"type": "array", "items": {"enum": list(THEMES)}},
        "countries": {"type": "array", "items": {"enum": list(REGIONS)}},
        "licence": {"enum": list(LICENCE_LABELS)},
        "doi": {"type": "string", "maxLength": 220},
        "funding_note": {"type": "string", "maxLength": 2000},
        "access": {"enum": list(ACCESS_LABELS)},
        "embargo_until": DAY,
    }
    for language in languages:
        properties[f"title_{language}"] = {"type": "string", "maxLength": 500}
        properties[f"abstract_{language}"] = {"type": "string", "maxLength": 10_000}
    properties["files"] = {"type": "array", "items": {"type": "string", "format": "binary"}}
    return {
        "type": "object",
        "properties": properties,
        "required": ["output_type", "creators", "organisation", "publication_date"],
    }


RESOURCES = {
    "ResearchDraft": RESEARCH_DRAFT,
    "Call": CALL,
    "CallPage": page("Call"),
    "Organisation": ORGANISATION,
    "OrganisationPage": page("Organisation"),
    "Profile": PROFILE,
    "ProfilePage": page("Profile"),
    "RosterEntry": ROSTER_ENTRY,
    "RosterPage": page("RosterEntry"),
    "EventRegistration": EVENT_REGISTRATION,
    "EventRegistrationPage": page("EventRegistration"),
    "Application": APPLICATION,
    "ApplicationPage": page("Application"),
    "Indicators": INDICATORS,
}
