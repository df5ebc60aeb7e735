"""Schemathesis against the served OpenAPI document: every operation, with generated valid
and invalid input, answers as the document says (status codes, bodies, content types,
headers), never with a server error. Runs on the test database, SQLite or PostgreSQL.

Schemathesis's own pytest plugin (``from_fixture``) reads a node attribute pytest 9 removed,
so each operation's Hypothesis strategy is run here directly."""

from __future__ import annotations

import itertools

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from learning.platform.extensions import db

EXAMPLES = 40


# Schemathesis's WSGI transport reads a streamed file's body but never closes the WSGI
# iterable, so the file handle of a research download is closed by the garbage collector.
@pytest.mark.filterwarnings("ignore:unclosed file:ResourceWarning")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_the_api_does_what_its_document_says(
    app, certified, make_event, make_output, make_user, make_token
):
    make_event()
    make_output()
    token = make_token(make_user(), {"events:write", "enrolments:write"})
    db.session.commit()
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    headers = {"Authorization": f"Bearer {token}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 9
    calls = []
    for operation, mode in itertools.product(operations, GenerationMode):
        if (
            mode is GenerationMode.NEGATIVE
            and not operation.path_parameters
            and not (operation.query)
        ):
            continue  # nothing of this operation's input can be made wrong

        @given(case=operation.as_strategy(mode))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case: schemathesis.Case) -> None:
            calls.append(case.call_and_validate(headers=headers).status_code)

        check()
    assert len(calls) > 100
    assert 200 in calls and 404 in calls and 422 in calls
