"""The OpenAPI 3.1 document: flask-smorest (with apispec) builds it from the operations the
routes declare (blueprint.operation) and the JSON Schema components below, and serves it at
/api/v1/openapi.json in the caller's language. The same document renders the documentation
pages (learning/api/static_docs.py), so the two never disagree.

Why flask-smorest rather than APIFlask: it is an extension of the app the platform already
is (``Api(app)``), where APIFlask would replace the Flask class under every page, its error
handlers and its JSON; and it documents views that answer with ready responses, which ours
do (bodies made once and kept in the cache, stored files), with JSON Schema dictionaries,
OpenAPI 3.1's own schema language, so no schema is translated through marshmallow.
"""

from __future__ import annotations

from typing import Any

import flask_smorest
from flask import Flask, current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from learning.api.models import SCOPES
from learning.api.problems import PREFIX, api_language
from learning.api.respond import json_response
from learning.api.schema_parts import (
    DAY,
    ID,
    INSTANT,
    MAYBE_INSTANT,
    MAYBE_INT,
    MAYBE_TEXT,
    TEXT,
    TEXTS,
    steady,
)
from learning.api.schema_parts import closed as _object
from learning.api.schema_parts import page as _page
from learning.api.schema_parts import ref as _ref
from learning.api.schemas import RESOURCES, deposit_schema
from learning.events.models import FORMATS as EVENT_FORMATS
from learning.events.models import KINDS as EVENT_KINDS
from learning.events.models import REGISTRATION_STATES
from learning.events.models import STATUSES as EVENT_STATUSES
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

SCOPE_DOCS = {
    "read": _l("Read public data and your own records (every token has it)."),
    "events:write": _l("Register for events and withdraw."),
    "enrolments:write": _l("Enrol in editions and leave them."),
    "research:write": _l("Deposit research outputs as drafts, with their files."),
}
DESCRIPTION = _l(
    "Workshops, events, certificates and your own records. Public data needs no "
    "token; your records and changes need a personal access token, sent as "
    "'Authorization: Bearer <token>'. Errors are problem details (RFC 9457) in "
    "the language of Accept-Language. Lists are paged by the next link (the Link "
    "header); send If-None-Match with an ETag to get 304 when nothing changed."
)
BEARER = {
    "type": "http",
    "scheme": "bearer",
    "description": _l(
        "A personal access token. Scopes: %(scopes)s",
        scopes=LazyString(
            lambda: ", ".join(f"{name}: {SCOPE_DOCS.get(name, '')}" for name in SCOPES)
        ),
    ),
}


class Api(flask_smorest.Api):
    """flask-smorest's Api over /api/v1, fitted to the platform: the document is served in
    the caller's language (:func:`document`); errors stay the platform's (problem details
    under /api/v1, learning/api/problems.py, and the pages' own error pages elsewhere), so
    no handler of its own is registered and no default error response is documented; and
    ``flask api docs`` writes the document, in place of its ``flask openapi`` (which could
    not write the lazy, translated texts)."""

    DEFAULT_ERROR_RESPONSE_NAME = None

    def _register_error_handlers(self) -> None:
        return None

    # Its error body, offset pagination and ETag headers are not the API's: the errors are
    # the Problem schema, the pages go by the Link header, and the ETags are the views' own.
    def _register_responses(self) -> None:
        return None

    def _register_pagination_header(self) -> None:
        return None

    def _register_etag_headers(self) -> None:
        return None

    def _init_spec(self, **options: Any) -> None:
        super()._init_spec(**options)
        self._app.cli.commands.pop("openapi", None)

    def _openapi_json(self) -> Any:
        """Anyone: the OpenAPI 3.1 document of /api/v1, in the caller's language."""
        with force_locale(api_language()):
            return json_response(document())


def init_api(app: Flask, *blueprints: flask_smorest.Blueprint) -> Api:
    """The API of ``app`` with the components above and ``blueprints``' operations; the
    document at /api/v1/openapi.json."""
    app.config["OPENAPI_URL_PREFIX"] = PREFIX
    app.config["OPENAPI_JSON_PATH"] = "openapi.json"
    api = Api(
        app,
        spec_kwargs=steady(
            {
                "title": _l("%(programme)s API", programme=app.config["PROGRAMME_NAME"]),
                "version": "1",
                "openapi_version": "3.1.0",
                "info": {"description": DESCRIPTION},
                "servers": [{"url": "/"}],
            }
        ),
    )
    api.spec.components.security_scheme("bearerAuth", steady(BEARER))
    components = {**SCHEMAS, "ResearchDeposit": deposit_schema(app.config["LANGUAGES"])}
    for name, schema in components.items():
        api.spec.components.schema(name, component=steady(schema))
    for blueprint in blueprints:
        api.register_blueprint(blueprint)
    return api


def _text(value: Any) -> Any:
    """``value`` with each lazy text read in the language in force (a copy: the spec's own
    structures are kept as they are)."""
    if isinstance(value, dict):
        return {key: _text(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_text(item) for item in value]
    if isinstance(value, LazyString):
        return str(value)
    return value


def document() -> dict[str, Any]:
    """The OpenAPI 3.1 document of /api/v1, its texts in the language in force."""
    api = current_app.extensions["flask-smorest"]["apis"][""]["ext_obj"]
    built = _text(api.spec.to_dict())
    # The tag flask-smorest gives the blueprint itself; the operations are tagged by resource.
    built.pop("tags", None)
    return built
