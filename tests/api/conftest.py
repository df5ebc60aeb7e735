"""API fixtures: tokens made through the service, a client that sends a bearer token, and
the workshops, certificates and events of the completion and events tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from learning.api.services import tokens
from learning.platform.extensions import db
from tests.calls.conftest import attach, filled, make_call, staff  # noqa: F401 - fixtures
from tests.completion.conftest import certified, people, world  # noqa: F401 - fixtures
from tests.events.conftest import make_event, organiser  # noqa: F401 - fixtures
from tests.network.conftest import make_org  # noqa: F401 - fixtures
from tests.research.conftest import make_output  # noqa: F401 - fixtures


@pytest.fixture
def make_token(app: Flask) -> Callable[..., str]:
    """make_token(user, scopes=set(), days=30) -> the token's secret."""

    def factory(user: Any, scopes: set[str] | None = None, days: int = 30) -> str:
        made = tokens.create(user, name="script", scopes=scopes or set(), days=days)
        db.session.commit()
        return made.secret

    return factory


@pytest.fixture
def api(app: Flask) -> Callable[..., FlaskClient]:
    """api(token=None, language=None): a client sending the token as a bearer token, and
    Accept-Language only when ``language`` is given."""

    def factory(token: str | None = None, language: str | None = None) -> FlaskClient:
        client = app.test_client()
        if token:
            client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        if language:
            client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
        return client

    return factory
