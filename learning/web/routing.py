"""URL converters shared by every feature."""

from __future__ import annotations

from werkzeug.routing import IntegerConverter

# The largest id a database integer column holds (PostgreSQL's INTEGER; SQLite's is larger).
MAX_ID = 2**31 - 1


def at_most(limit: int) -> str:
    """A regular expression matching the decimal numbers from 0 to ``limit`` (leading zeros
    allowed, as ``int()`` reads them)."""
    digits = str(limit)
    shorter = rf"\d{{1,{len(digits) - 1}}}" if len(digits) > 1 else None
    same_length = []
    for i, digit in enumerate(digits):
        if digit != "0":
            rest = len(digits) - i - 1
            tail = rf"\d{{{rest}}}" if rest else ""
            same_length.append(f"{digits[:i]}[0-{int(digit) - 1}]{tail}")
    same_length.append(digits)
    return "0*(?:" + "|".join(([shorter] if shorter else []) + same_length) + ")"


class BoundedIntConverter(IntegerConverter):
    """``<int:…>`` that matches only numbers the database can hold: a larger one is no row
    (404), not a database error (500). The bound is in the pattern itself, so a path with a
    larger number matches no rule at all: with the bound only checked after matching, a path
    two rules share (POST and DELETE on one address) could answer 405 instead of 404."""

    def __init__(self, map, *args, **kwargs) -> None:  # noqa: A002, ANN001, ANN002, ANN003
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)
        if self.max is not None and not getattr(self, "signed", False):
            self.regex = at_most(int(self.max))
