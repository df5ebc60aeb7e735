"""Counting the SQL statements a page issues."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from learning.platform import cache
from learning.platform.extensions import db


@contextmanager
def recorded() -> Iterator[list[str]]:
    """The SQL statements sent while the block runs."""
    statements: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    # The generations are read on an engine of their own (learning/platform/cache.py): both count.
    engines = [db.engine, *filter(None, [cache.reader()])]
    for engine in engines:
        event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", record)


def count_statements(client: Any, url: str, *, cold: bool = True, status: int = 200) -> int:
    """Statements issued while ``client`` gets ``url``.

    ``cold`` (the default) empties this process's fragment cache first, so the count is the
    work of making the page, not of finding it made.
    """
    if cold:
        cache.store().clear()
    with recorded() as statements, client.get(url) as response:
        assert response.status_code == status, url
    return len(statements)
