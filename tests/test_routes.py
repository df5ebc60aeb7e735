"""Every route answers every kind of visitor without a server error."""

from __future__ import annotations

import re

import pytest

SKIP = {"static", "core.set_language"}


def _paths(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint in SKIP or "GET" not in rule.methods:
            continue
        path = re.sub(r"<int:[^>]+>", "1", rule.rule)
        path = re.sub(r"<[^>]+>", "x", path)
        yield rule.endpoint, path


@pytest.mark.parametrize("role", [None, "participant", "trainer", "researcher", "admin"])
def test_every_get_route_answers_without_a_server_error(app, client_for, role):
    client = client_for(role)
    seen = []
    for endpoint, path in _paths(app):
        response = client.get(path)
        assert response.status_code < 500, (endpoint, path, response.status_code)
        seen.append(endpoint)
    assert "core.home" in seen and "accounts.login" in seen


def test_every_route_is_listed_in_both_languages(app, client_for):
    client = client_for("admin")
    client.get("/language/es")
    for endpoint, path in _paths(app):
        response = client.get(path)
        if response.status_code == 200 and response.mimetype == "text/html":
            assert '<html lang="es">' in response.get_data(as_text=True), endpoint
