"""The OpenAPI 3.1 document, built from the operations declared in the routes
(blueprint.operation) and the schemas below, in the caller's language. The same document
renders the documentation page, so the two never disagree."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from learning.api.blueprint import OPERATIONS, Operation
from learning.api.models import SCOPES
from learning.api.problems import PROBLEM_TYPE, TITLES
from learning.api.schema_parts import (  # noqa: F401 - MAX_ID is read from here too
    CODE,
    DATE_PATTERN,
    DAY,
    ID,
    INSTANT,
    MAX_ID,
    MAYBE_INSTANT,
    MAYBE_INT,
    MAYBE_TEXT,
    TEXT,
    TEXTS,
)
from learning.api.schema_parts import closed as _object
from learning.api.schema_parts import page as _page
from learning.api.schema_parts import ref as _ref
from learning.api.schemas import RESOURCES, deposit_schema
from learning.events.models import FORMATS as EVENT_FORMATS
from learning.events.models import KINDS as EVENT_KINDS
from learning.events.models import REGISTRATION_STATES
from learning.events.models import STATUSES as EVENT_STATUSES
from learning.language.taxonomy import GENDERS, REGIONS, SECTORS, THEMES
from learning.workshops.editions import EDITION_STATUSES, ENROLMENT_MODES, ENROLMENT_STATES

EDITION = _object(
    {
        "id": ID,
        "workshop_id": ID,
        "name": TEXT,
        "starts_on": DAY,
        "ends_on": DAY,
        "timezone": TEXT,
        "status": {"enum": list(EDITION_STATUSES)},
        "enrolment_mode": {"enum": list(ENROLMENT_MODES)},
        "capacity": MAYBE_INT,
        "country": MAYBE_TEXT,
        "place": MAYBE_TEXT,
    }
)
WORKSHOP = _object(
    {
        "id": ID,
        "slug": TEXT,
        "status": {"enum": ["published", "archived"]},
        "title": TEXT,
        "summary": TEXT,
        "language": TEXT,
        "format": TEXT,
        "estimated_hours": {"type": "integer"},
        "themes": TEXTS,
        "audiences": TEXTS,
        "teaching_languages": TEXTS,
        "url": {"type": "string", "format": "uri"},
        "editions": {"type": "array", "items": _ref("Edition")},
    }
)
EVENT = _object(
    {
        "id": ID,
        "kind": {"enum": list(EVENT_KINDS)},
        "format": {"enum": list(EVENT_FORMATS)},
        "status": {"enum": [state for state in EVENT_STATUSES if state != "draft"]},
        "title": TEXT,
        "summary": TEXT,
        "language": TEXT,
        "starts_at": INSTANT,
        "ends_at": INSTANT,
        "timezone": TEXT,
        "venue": MAYBE_TEXT,
        "themes": TEXTS,
        "countries": TEXTS,
        "capacity": MAYBE_INT,
        "requires_approval": {"type": "boolean"},
        "registration_opens_at": MAYBE_INSTANT,
        "registration_closes_at": MAYBE_INSTANT,
        "url": {"type": "string", "format": "uri"},
    }
)
REGISTRATION = _object(
    {
        "id": ID,
        "event_id": ID,
        "state": {"enum": list(REGISTRATION_STATES)},
        "waitlist_position": MAYBE_INT,
        "created_at": INSTANT,
        "updated_at": INSTANT,
    }
)
CERTIFICATE = _object(
    {
        "code": TEXT,
        "valid": {"type": "boolean"},
        "issued_at": INSTANT,
        "revoked_at": MAYBE_INSTANT,
        "participant": TEXT,
        "workshop_id": ID,
        "workshop_title": TEXT,
        "edition": TEXT,
        "starts_on": DAY,
        "ends_on": DAY,
        "hours": {"type": "integer"},
        "url": {"type": "string", "format": "uri"},
    }
)
PROGRESS = _object(
    {
        "done": {"type": "integer"},
        "total": {"type": "integer"},
        "percent": {"type": "integer", "minimum": 0, "maximum": 100},
    }
)
ENROLMENT = _object(
    {
        "id": ID,
        "state": {"enum": list(ENROLMENT_STATES)},
        "edition": _ref("Edition"),
        "workshop_id": ID,
        "workshop_title": TEXT,
        "created_at": INSTANT,
        "progress": {"oneOf": [_ref("Progress"), {"type": "null"}]},
    }
)
RESEARCH_FILE = _object(
    {
        "id": ID,
        "name": TEXT,
        "content_type": TEXT,
        "size": MAYBE_INT,
        "sha256": MAYBE_TEXT,
        "download_url": {"type": ["string", "null"], "format": "uri"},
    }
)
RESEARCH_OUTPUT = _object(
    {
        "id": ID,
        "version": {"type": "integer"},
        "access": {"enum": ["public", "network", "embargoed"]},
        "embargo_until": {"type": ["string", "null"], "format": "date"},
        "title": TEXT,
        "abstract": TEXT,
        "language": TEXT,
        "output_type": TEXT,
        "organisation": TEXT,
        "publication_date": DAY,
        "creators": TEXTS,
        "keywords": TEXTS,
        "themes": TEXTS,
        "countries": TEXTS,
        "licence": TEXT,
        "doi": MAYBE_TEXT,
        "url": {"type": "string", "format": "uri"},
        "files": {"type": "array", "items": _ref("ResearchFile")},
    }
)
PROBLEM = {
    "type": "object",
    "properties": {
        "type": TEXT,
        "title": TEXT,
        "status": {"type": "integer"},
        "detail": TEXT,
        "instance": TEXT,
        "errors": {"type": "object", "additionalProperties": TEXT},
    },
    "required": ["type", "title", "status", "detail"],
}
SCHEMAS = {
    "Workshop": WORKSHOP,
    "WorkshopPage": _page("Workshop"),
    "Edition": EDITION,
    "Event": EVENT,
    "EventPage": _page("Event"),
    "Registration": REGISTRATION,
    "RegistrationPage": _page("Registration"),
    "Certificate": CERTIFICATE,
    "Enrolment": ENROLMENT,
    "EnrolmentPage": _page("Enrolment"),
    "Progress": PROGRESS,
    "ResearchOutput": RESEARCH_OUTPUT,
    "ResearchOutputPage": _page("ResearchOutput"),
    "ResearchFile": RESEARCH_FILE,
    **RESOURCES,
    "Problem": PROBLEM,
}

PARAMETERS = {
    "after": (
        {"type": "integer", "minimum": 0, "maximum": MAX_ID, "default": 0},
        _l("Return the items after this id (from the previous page's next link)."),
    ),
    "limit": (
        {"type": "integer", "minimum": 1, "maximum": 100, "default": 20},
        _l("How many items per page, 1 to 100."),
    ),
    "q": (
        {"type": "string"},
        _l(
            "Words to search for (accents and capitals do not matter); the first 200 "
            "characters count."
        ),
    ),
    "since": (
        {"type": "string", "format": "date", "pattern": f"^{DATE_PATTERN}$"},
        _l("The first day of the period (YYYY-MM-DD)."),
    ),
    "until": (
        {"type": "string", "format": "date", "pattern": f"^{DATE_PATTERN}$"},
        _l(
            "The last day of the period (YYYY-MM-DD). A period that ends before it starts "
            "holds no days: its figures are 0."
        ),
    ),
    "region": ({"enum": list(REGIONS)}, _l("Only people from this country or region.")),
    "sector": ({"enum": list(SECTORS)}, _l("Only people of this sector.")),
    "gender": ({"enum": list(GENDERS)}, _l("Only people of this gender.")),
    "theme": ({"enum": list(THEMES)}, _l("Only workshops, events and outputs of this theme.")),
    "workshop": (
        {"type": "integer", "minimum": 1, "maximum": 999_999_999},
        _l("Only this workshop (its id)."),
    ),
    "edition": (
        {"type": "integer", "minimum": 1, "maximum": 999_999_999},
        _l("Only this edition (its id)."),
    ),
}
PATH_DOCS = {
    "event_id": _l("The event's id."),
    "workshop_id": _l("The workshop's id."),
    "edition_id": _l("The edition's id."),
    "code": _l("The certificate's code, as printed on it."),
    "output_id": _l("The research output's id."),
    "file_id": _l("The file's id, from the output's list of files."),
    "call_id": _l("The call's id."),
    "organisation_id": _l("The organisation's id."),
    "user_id": _l("The person's id."),
}
SCOPE_DOCS = {
    "read": _l("Read public data and your own records (every token has it)."),
    "events:write": _l("Register for events and withdraw."),
    "enrolments:write": _l("Enrol in editions and leave them."),
    "research:write": _l("Deposit research outputs as drafts, with their files."),
}


def _parameters(found: Operation) -> list[dict[str, Any]]:
    listed = []
    for name, converter in found.path_parameters:
        schema = dict(ID) if converter == "int" else CODE
        listed.append(
            {
                "name": name,
                "in": "path",
                "required": True,
                "description": str(PATH_DOCS.get(name, "")),
                "schema": schema,
            }
        )
    for name in found.query:
        schema, text = PARAMETERS[name]
        listed.append(
            {
                "name": name,
                "in": "query",
                "required": False,
                "description": str(text),
                "schema": schema,
            }
        )
    return listed


def _problem(status: int) -> dict[str, Any]:
    return {
        "description": str(TITLES[status]),
        "content": {PROBLEM_TYPE: {"schema": _ref("Problem")}},
    }


def _responses(found: Operation) -> dict[str, Any]:
    success: dict[str, Any] = {"description": _("Success")}
    if found.response is not None:
        success["content"] = {found.media: {"schema": _ref(found.response)}}
    elif found.media != "application/json":
        success["content"] = {found.media: {}}
    if found.paged:
        success["headers"] = {
            "Link": {"description": _('The next page, as rel="next".'), "schema": TEXT}
        }
    responses: dict[str, Any] = {str(found.status): success}
    if found.media != "application/json":  # a stored file: ranges, or the store's address
        responses["206"] = {"description": _("Part of the file (a Range was asked for).")}
        responses["302"] = {"description": _("Download it from the storage's address.")}
        responses["304"] = {"description": _("Not modified since the ETag you sent.")}
        responses["416"] = {"description": _("The Range asked for is outside the file.")}
    if found.conditional:
        responses["304"] = {"description": _("Not modified since the ETag you sent.")}
    # 405: werkzeug answers an id too large for the database (which no rule matches) as a
    # method not allowed when another method's rule shares the path.
    # 503: the database (or for files, the store) cannot be reached.
    codes = {405, 429, 503, *found.errors}
    if found.auth != "none":
        codes.add(401)
    if found.scope or found.auth != "none":
        codes.add(403)
    if found.path_parameters:
        codes.add(404)
    if found.query:
        codes.add(422)
    for status in sorted(codes):
        if str(status) not in responses:
            responses[str(status)] = _problem(status)
    return responses


def _operation(found: Operation) -> dict[str, Any]:
    described: dict[str, Any] = {
        "operationId": found.operation_id,
        "summary": str(found.summary),
        "tags": [found.tag],
        "parameters": _parameters(found),
        "responses": _responses(found),
    }
    if found.description:
        described["description"] = str(found.description)
    if found.body is not None:
        described["requestBody"] = {
            "required": True,
            "content": {
                "multipart/form-data": {
                    "schema": _ref(found.body),
                    "encoding": {"files": {"contentType": "application/octet-stream"}},
                }
            },
        }
    if found.auth == "none":
        described["security"] = []
    elif found.auth == "optional":
        described["security"] = [{}, {"bearerAuth": []}]
    else:
        described["security"] = [{"bearerAuth": []}]
    if found.scope:
        described["x-scope"] = found.scope
    return described


def document() -> dict[str, Any]:
    """The OpenAPI 3.1 document of /api/v1, its texts in the language in force."""
    paths: dict[str, dict[str, Any]] = {}
    for found in OPERATIONS:
        paths.setdefault(found.path, {})[found.method.lower()] = _operation(found)
    scopes = ", ".join(f"{name}: {SCOPE_DOCS.get(name, '')}" for name in SCOPES)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": _("%(programme)s API", programme=current_app.config["PROGRAMME_NAME"]),
            "version": "1",
            "description": _(
                "Workshops, events, certificates and your own records. Public data needs no "
                "token; your records and changes need a personal access token, sent as "
                "'Authorization: Bearer <token>'. Errors are problem details (RFC 9457) in "
                "the language of Accept-Language. Lists are paged by the next link (the Link "
                "header); send If-None-Match with an ETag to get 304 when nothing changed."
            ),
        },
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {
            "schemas": {**SCHEMAS, "ResearchDeposit": deposit_schema()},
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": _("A personal access token. Scopes: %(scopes)s", scopes=scopes),
                }
            },
        },
    }
