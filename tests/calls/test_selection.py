"""Selection: the ranking with the per-reviewer normalisation beside the raw mean, decisions
with their reasons and the waiting list, the decision e-mails in each applicant's language
through the job queue, and the decision record as CSV for the funder."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from learning.audit.models import AuditEntry
from learning.calls.models import CallApplication
from learning.calls.services import applications, placements, review, selection
from learning.platform.extensions import db
from learning.workshops.services.common import Texts


@pytest.fixture
def reviewed(make_call, make_user, filled, staff):
    """A call under review (one place) with three applications X, Y, Z; reviewer A (harsh)
    scores X 2 and Y 4, reviewer B (lenient) scores Y 5 and Z 3, on one criterion."""
    call = make_call(places=1)
    review.add_criterion(call, {"en": Texts(title="Quality")}, 1)
    people = [
        make_user(f"x{n}@apply{n}.example.org", name=name, language=lang)
        for n, (name, lang) in enumerate((("Xavier", "es"), ("Yolanda", "en"), ("Zoe", "es")))
    ]
    apps = []
    for person in people:
        application = filled(person, call)
        applications.submit(application)
        apps.append(application)
    a, b = (
        make_user("a@panel.example.net", name="Harsh A"),
        make_user("b@p2.example.net", name="Lenient B"),
    )
    rubric = review.criteria(call)
    for reviewer, pairs in ((a, ((0, 2), (1, 4))), (b, ((1, 5), (2, 3)))):
        review.add_reviewer(call, reviewer.email)
        for index, score in pairs:
            row = review.assign(apps[index], reviewer, by=staff)
            review.submit_review(row, rubric, review.Scoring({rubric[0].id: score}, 2, ""))
    call.status = "reviewing"
    db.session.commit()
    return call, apps


def test_the_ranking_shows_raw_and_normalised_means(reviewed, client_for, staff):
    call, (x, y, z) = reviewed
    ranks = selection.ranking(call)
    assert [r.application.id for r in ranks] == [y.id, x.id, z.id]
    by_id = {r.application.id: r for r in ranks}
    assert (by_id[x.id].raw, by_id[y.id].raw, by_id[z.id].raw) == (2, 4.5, 3)
    # Each reviewer's low score is their -1 z-score: X and Z come out equal once normalised.
    assert by_id[x.id].normalised == pytest.approx(by_id[z.id].normalised)
    assert by_id[x.id].normalised == pytest.approx(3.5 - 1.25**0.5)
    page = client_for(staff).get(f"/calls/{call.id}/ranking").get_data(as_text=True)
    assert "Normalised mean" in page and "Raw mean" in page and "4.50" in page
    assert client_for("participant").get(f"/calls/{call.id}/ranking").status_code == 403


def test_decisions_need_a_reason_respect_the_places_and_fill_the_waiting_list(
    reviewed, client_for, staff
):
    call, (x, y, z) = reviewed
    client = client_for(staff, "es")
    url = f"/calls/{call.id}/ranking"
    response = client.post(f"{url}/{y.id}", data={"decision": "selected", "reason": " "})
    assert response.status_code == 400 and "motivo del panel" in response.get_data(as_text=True)
    response = client.post(f"{url}/{y.id}", data={"decision": "crowned", "reason": "x"})
    assert response.status_code == 400
    assert (
        client.post(
            f"{url}/{y.id}", data={"decision": "selected", "reason": "La mejor."}
        ).status_code
        == 303
    )
    response = client.post(f"{url}/{x.id}", data={"decision": "selected", "reason": "También."})
    assert response.status_code == 400 and "plazas" in response.get_data(as_text=True)
    for application in (x, z):
        client.post(f"{url}/{application.id}", data={"decision": "waitlisted", "reason": "Buena."})
    db.session.expire_all()
    rows = {a.id: a for a in db.session.scalars(select(CallApplication))}
    assert rows[y.id].decision == "selected" and rows[y.id].decided_by_id == staff.id
    assert (rows[x.id].waitlist_position, rows[z.id].waitlist_position) == (1, 2)
    assert rows[x.id].decision_reason == "Buena."


def test_announcing_sends_each_decision_in_the_applicants_language(
    reviewed, client_for, staff, run_jobs, outbox
):
    call, (x, y, z) = reviewed
    client = client_for(staff)
    response = client.post(f"/calls/{call.id}/announce", data={})
    assert response.status_code == 400
    assert "3 applications have no decision yet." in response.get_data(as_text=True)
    selection.decide(y, "selected", "Strongest proposal.", by=staff)
    selection.decide(x, "waitlisted", "Lista de espera.", by=staff)
    selection.decide(z, "declined", "Fuera del tema.", by=staff)
    db.session.commit()
    response = client.post(f"/calls/{call.id}/announce", data={})
    assert response.status_code == 303 and "/jobs/" in response.location
    run_jobs()
    db.session.refresh(call)
    assert call.status == "decided"
    (mine,) = outbox.to(y.user.email)
    assert mine["Subject"].startswith("You are selected")
    assert "Strongest proposal." in outbox.body(mine)
    (waiting,) = outbox.to(x.user.email)
    assert waiting["Subject"].startswith("En la lista de espera")
    assert "lugar 1" in outbox.body(waiting)
    (no,) = outbox.to(z.user.email)
    assert "Fuera del tema." in outbox.body(no)
    # Decided: no more changes.
    assert (
        client.post(
            f"/calls/{call.id}/ranking/{z.id}", data={"decision": "selected", "reason": "x"}
        ).status_code
        == 400
    )


def test_the_decision_record_is_a_safe_csv_for_the_funder(reviewed, client_for, staff):
    call, (x, y, z) = reviewed
    selection.decide(y, "selected", '=HYPERLINK("http://evil")', by=staff)
    db.session.commit()
    response = client_for(staff).get(f"/calls/{call.id}/decisions.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0][:3] == ["application", "applicant", "country"]
    lines = [r for r in rows[1:] if r[0] == str(y.id)]
    assert sorted(r[6] for r in lines) == ["Harsh A", "Lenient B"]
    assert all(r[12].startswith("'=") for r in lines)
    assert db.session.scalar(
        select(AuditEntry).where(
            AuditEntry.action == "export.downloaded", AuditEntry.target_type == "call"
        )
    )
    assert client_for("trainer").get(f"/calls/{call.id}/decisions.csv").status_code == 403


def test_alumni_are_the_people_selected_once_decisions_are_announced(reviewed, staff):
    call, (x, y, z) = reviewed
    selection.decide(y, "selected", "Best.", by=staff)
    selection.decide(x, "waitlisted", "Next.", by=staff)
    selection.decide(z, "declined", "No.", by=staff)
    db.session.commit()
    assert placements.alumni() == []  # not announced yet
    selection.announce(call, by=staff)
    db.session.commit()
    [alumnus] = placements.alumni()
    assert alumnus.user.id == y.user_id and alumnus.call.id == call.id
    assert alumnus.project_title == y.project_title
