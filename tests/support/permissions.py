"""Permission tables: every route of a feature × every kind of person, with the exact answer.

A feature's table lists ``(name, method, path, data, expected codes per role)``; ``cells``
turns it into test parameters (published workshop, then a draft: 404 for everyone who may not
author it), ``send`` makes the request and ``check`` asserts the answer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pytest

# The kinds of person every table knows, in the order of its expected codes.
ROLES = ("visitor", "participant", "enrolled", "other_trainer", "trainer", "admin")
PARAMETERS = ("status", "name", "method", "path", "data", "role", "expected")


def cells(routes: Sequence[tuple[Any, ...]], not_workshop_scoped: Iterable[str]) -> list[Any]:
    """Parameters for ``PARAMETERS``: each route × role on a published workshop, and on a draft
    for the four kinds of person who may not author it (routes not about one workshop answer
    the same for a draft, so they are left out)."""
    unscoped = set(not_workshop_scoped)
    published = [
        pytest.param("published", name, method, path, data, role, code,
                     id=f"published-{name}-{role}")
        for name, method, path, data, expected in routes
        for role, code in zip(ROLES, expected, strict=True)
    ]  # fmt: skip
    draft = [
        pytest.param("draft", name, method, path, data, role, 404, id=f"draft-{name}-{role}")
        for name, method, path, data, _expected in routes
        if name not in unscoped
        for role in ROLES[:4]
    ]
    return published + draft


def send(client: Any, method: str, path: str, data: Any, world: Any, *, multipart: bool = True):
    """The request of one cell; ``data`` may be a function of the test's world."""
    if callable(data):
        data = data(world)
    if method == "get":
        return client.get(path)
    if multipart:
        return client.post(path, data=data, content_type="multipart/form-data")
    return client.post(path, data=data)


def check(response: Any, expected: int) -> None:
    """The exact status; a sign-in redirect goes to the sign-in page."""
    assert response.status_code == expected, response.get_data(as_text=True)[:2000]
    if expected == 302:
        assert "/account/sign-in" in response.headers["Location"]
