"""The API's two blueprints, and how an operation is declared once for both Flask and the
OpenAPI document.

``api`` holds the HTML pages (the documentation and a person's tokens; CSRF as everywhere);
``api_v1`` holds the resources under /api/v1, authenticated by bearer token only, so it is
exempt from CSRF and never reads the session cookie. Each resource is declared with
:func:`operation`, which adds the Flask rule, wraps the view in the token check, the scope
check, the per-token rate limit and the caller's language, and records what the OpenAPI
document (learning/api/spec.py) says about it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from flask import Blueprint, current_app, request
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from learning.api import auth, ratelimit
from learning.api.problems import Problem, api_language
from learning.platform.extensions import limiter

bp = Blueprint("api", __name__, url_prefix="/api")
v1 = Blueprint("api_v1", __name__, url_prefix="/api/v1")

DEFAULT_RATE = "600 per minute"
UNKNOWN_PARAMETER = _l("This parameter is not known here.")


@dataclass(frozen=True)
class Operation:
    """What the OpenAPI document says of one method on one path."""

    rule: str
    method: str
    operation_id: str
    summary: Any
    tag: str
    response: str | None  # component schema of the 2xx body, None for 204
    status: int = 200
    auth: str = "optional"  # "none", "optional" (public data) or "required"
    scope: str | None = None  # needed beyond read
    query: tuple[str, ...] = ()  # names of component parameters
    description: Any = ""
    errors: tuple[int, ...] = ()
    paged: bool = False
    conditional: bool = True  # answers If-None-Match with 304
    media: str = "application/json"  # of the 2xx body
    body: str | None = None  # component schema of a multipart/form-data request body

    @property
    def path(self) -> str:
        """The rule in OpenAPI's spelling: /events/{event_id}."""
        return "/api/v1" + re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", self.rule)

    @property
    def path_parameters(self) -> list[tuple[str, str]]:
        """(name, converter) of each variable in the rule."""
        return [
            (name, converter or "string")
            for converter, name in re.findall(r"<(?:([a-z]+):)?([a-z_]+)>", self.rule)
        ]


OPERATIONS: list[Operation] = []


def _rate() -> str:
    return str(current_app.config.get("API_RATE_LIMIT", DEFAULT_RATE))


def operation(rule: str, **declared: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare an API operation on ``rule`` (Flask syntax) with the fields of Operation."""
    method = declared.pop("method", "GET")

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        found = Operation(rule=rule, method=method, **declared)
        OPERATIONS.append(found)
        # Counted per caller in batches (learning/api/ratelimit.py): no trip to the limits'
        # storage on most calls.
        limited = limiter.limit(
            _rate,
            key_func=auth.rate_key,
            exempt_when=ratelimit.counted_here(_rate, auth.rate_key),
            cost=ratelimit.cost,
            on_breach=ratelimit.refused(auth.rate_key),
        )(view)

        @wraps(view)
        def guarded(**arguments: Any) -> Any:
            auth.authenticate(required=found.auth == "required", scope=found.scope)
            with force_locale(api_language()):
                unknown = sorted(set(request.args) - set(found.query))
                if unknown:
                    raise Problem(422, errors=dict.fromkeys(unknown, UNKNOWN_PARAMETER))
                return limited(**arguments)

        v1.add_url_rule(rule, endpoint=found.operation_id, view_func=guarded, methods=[method])
        return view

    return decorate
