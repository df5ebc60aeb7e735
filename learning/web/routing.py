"""URL converters shared by every feature."""

from __future__ import annotations

from werkzeug.routing import IntegerConverter

# The largest id a database integer column holds (PostgreSQL's INTEGER; SQLite's is larger).
MAX_ID = 2**31 - 1


class BoundedIntConverter(IntegerConverter):
    """``<int:…>`` that matches only numbers the database can hold: a larger one is no row
    (404), not a database error (500)."""

    def __init__(self, map, *args, **kwargs) -> None:  # noqa: A002, ANN001, ANN002, ANN003
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)
