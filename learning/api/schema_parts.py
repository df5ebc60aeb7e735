"""The building blocks of the API's JSON schemas (learning/api/spec.py, schemas.py)."""

from __future__ import annotations

from typing import Any

from flask_babel.speaklater import LazyString

MAX_ID = 2_147_483_647
TEXT = {"type": "string"}
MAYBE_TEXT = {"type": ["string", "null"]}
MAYBE_INT = {"type": ["integer", "null"]}
INSTANT = {"type": "string", "format": "date-time"}
MAYBE_INSTANT = {"type": ["string", "null"], "format": "date-time"}
DAY = {"type": "string", "format": "date"}
TEXTS = {"type": "array", "items": TEXT}
ID = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
CODE = {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$"}
# Years from 1900 to 2999: a period ending on 9999-12-31 has no day after it to end at.
DATE_PATTERN = r"(19|2[0-9])[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"


def closed(properties: dict[str, Any]) -> dict[str, Any]:
    """An object with exactly ``properties``, all required."""
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def ref(name: str) -> dict[str, str]:
    """A reference to the component schema ``name``."""
    return {"$ref": f"#/components/schemas/{name}"}


def page(item: str) -> dict[str, Any]:
    """A page of ``item``s with the next page's address."""
    return closed(
        {
            "items": {"type": "array", "items": ref(item)},
            "next": {"type": ["string", "null"], "format": "uri"},
        }
    )


class SteadyText(LazyString):
    """A lazy text that is copied as itself: apispec and flask-smorest deep-copy what they are
    given, and copying one of flask-babel's lazy texts reads it (in whatever language is in
    force, and at a cost). The document reads each text in the caller's language."""

    def __deepcopy__(self, memo: dict[int, Any]) -> SteadyText:
        return self


def steady(value: Any) -> Any:
    """``value`` with each lazy text in it made a SteadyText (dictionaries and lists copied)."""
    if isinstance(value, dict):
        return {key: steady(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [steady(item) for item in value]
    if isinstance(value, LazyString) and not isinstance(value, SteadyText):
        return SteadyText(str, value)
    return value
