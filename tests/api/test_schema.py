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
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import positive_data_acceptance

from learning.network.services.profiles import open_for_tests
from learning.platform.extensions import db
from tests.network.conftest import add_member

EXAMPLES = 40
# The deposit form's rules between fields (a title needs its abstract, an embargo its date,
# each creator line its name and a valid ORCID) are the page's own; the document states what
# JSON Schema can, and a request it allows but the form refuses is a 422 naming the field.
CROSS_FIELD = {"POST /api/v1/research"}
FORM_RULES = [positive_data_acceptance]


# Schemathesis's WSGI transport reads a streamed file's body but never closes the WSGI
# iterable, so the file handle of a research download is closed by the garbage collector.
@pytest.mark.filterwarnings("ignore:unclosed file:ResourceWarning")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_the_api_does_what_its_document_says(
    app, certified, make_event, make_output, make_call, make_org, make_user, make_token
):
    make_event()
    make_output()
    make_call()
    member = make_user(name="Marta Miembro")
    open_for_tests(member, "public")
    add_member(make_org(), member)
    # An administrator: the staff resources answer too (with figures, rosters, registrations).
    scopes = {"events:write", "enrolments:write", "research:write"}
    token = make_token(make_user(roles=["admin"]), scopes)
    db.session.commit()
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    headers = {"Authorization": f"Bearer {token}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20
    assert CROSS_FIELD <= {operation.label for operation in operations}
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
            excluded = FORM_RULES if case.operation.label in CROSS_FIELD else []
            # A case made wrong by leaving out the Authorization header goes without it (our
            # header would make it right again and its 200 would count as a wrong acceptance).
            dropped = case.meta is not None and case.meta.is_negative_at(ParameterLocation.HEADER)
            sent = {} if dropped else headers
            calls.append(case.call_and_validate(headers=sent, excluded_checks=excluded).status_code)

        check()
    assert len(calls) > 100
    assert 200 in calls and 404 in calls and 422 in calls
