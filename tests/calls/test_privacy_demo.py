"""A person's applications are in their personal data; deleting the account empties what they
wrote and leaves the row anonymous for the programme's figures. `flask demo` adds an open call
with applications in progress, one under review and a decided one."""

from __future__ import annotations

import json

from sqlalchemy import select

from learning.accounts.privacy import holds_text
from learning.calls.models import Call, CallApplication, CallPlacement, CallReferee, CallReview
from learning.calls.services import referees, review
from learning.platform.extensions import db
from tests.conftest import TEST_PASSWORD


def test_applications_are_exported_and_emptied_on_deletion(
    make_call, make_user, client_for, filled
):
    call = make_call()
    person = make_user(name="Xiomara Quintanilla", email="xiomara@example.org")
    application = filled(person, call)
    application.statement = "Mi propuesta: Xiomara Quintanilla investiga el agua."
    call.referees = 1
    referees.add(application, "Rosa Referente", "rosa@uni.example.edu", "tutora", "es")
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
    # Her referees (other people's data) go with her application's texts.
    assert db.session.scalars(select(CallReferee)).all() == []
    assert holds_text("rosa@uni.example.edu") == []


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
    # The open call: a referee asked for a letter that has not arrived yet.
    named = db.session.scalars(select(CallReferee)).all()
    [pending] = [r for r in named if r.requested_at is not None]
    assert pending.letter_file_id is None
    # The decided call: placements with milestones, one with its final report.
    placements = db.session.scalars(select(CallPlacement).order_by(CallPlacement.id)).all()
    assert len(placements) == 2 and all(p.milestones for p in placements)
    assert placements[0].status == "completed" and placements[0].final_text
    assert {a.decision for a in db.session.scalars(
        select(CallApplication).where(CallApplication.call_id == calls["decided"].id)
    )} == {"selected"}  # fmt: skip
