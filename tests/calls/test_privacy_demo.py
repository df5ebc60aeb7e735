"""A person's applications are in their personal data; deleting the account empties what they
wrote and leaves the row anonymous for the programme's figures. `flask demo` adds an open call
with applications in progress, one under review and a decided one."""

from __future__ import annotations

import json

from sqlalchemy import select

from learning.accounts.privacy import holds_text
from learning.calls.models import Call, CallApplication, CallReview
from learning.calls.services import review
from learning.platform.extensions import db
from tests.conftest import TEST_PASSWORD


def test_applications_are_exported_and_emptied_on_deletion(
    make_call, make_user, client_for, filled
):
    call = make_call()
    person = make_user(name="Xiomara Quintanilla", email="xiomara@example.org")
    application = filled(person, call)
    application.statement = "Mi propuesta: Xiomara Quintanilla investiga el agua."
    db.session.commit()
    client = client_for(person)
    data = json.loads(client.get("/account/data.json").data)
    [row] = data["records"]["call_applications"]
    assert row["call_id"] == call.id and row["project_title"] == "Datos abiertos en la prensa local"
    answer = client.post("/account/delete", data={"password": TEST_PASSWORD, "confirm": "y"})
    assert answer.status_code in (302, 303)
    db.session.expire_all()
    [kept] = db.session.scalars(select(CallApplication)).all()
    assert kept.user.name == "[deleted]"
    assert (kept.project_title, kept.statement) == ("", "")
    assert kept.country == "MX"  # still counted by country
    assert holds_text("Xiomara") == [] and holds_text("agua") == []


def test_demo_calls(app, client_for):
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    calls = {c.status: c for c in db.session.scalars(select(Call))}
    assert set(calls) == {"open", "reviewing", "decided"}
    states = sorted(
        a.state
        for a in db.session.scalars(
            select(CallApplication).where(CallApplication.call_id == calls["open"].id)
        )
    )
    assert states == ["draft", "submitted"]
    reviews = db.session.scalars(select(CallReview)).all()
    assert {r.state for r in reviews} == {"assigned", "conflict"}
    assert len(review.criteria(calls["reviewing"])) == 2
    listed = client_for(None, "es").get("/calls/").get_data(as_text=True)
    assert "Beca de periodismo de datos 2027" in listed and "en evaluación" in listed
