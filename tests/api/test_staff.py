"""Staff resources through the API: an edition's roster for its trainers and administrators,
an event's registrations for who runs it, a call's applications' status (no scores) for
administrators — everyone else gets a 404 — and the dashboard's indicators with small counts
suppressed, for administrators only."""

from __future__ import annotations

import pytest

from learning.calls.services import applications
from learning.events.services import registrations
from learning.platform.extensions import db


def test_the_roster_is_for_the_workshops_trainers_and_admins(world, people, make_token, api):
    url = f"/api/v1/editions/{world.edition.id}/roster"
    for who in ("trainer", "admin"):
        response = api(make_token(people[who])).get(url)
        assert response.status_code == 200, who
        (row,) = response.get_json()["items"]
        assert row["name"] == "Elena Núñez" and row["state"] == "active"
        assert row["email"] == people["enrolled"].email
    for who in ("other_trainer", "participant", "enrolled"):
        refused = api(make_token(people[who]), "es").get(url)
        assert refused.status_code == 404, who
        assert refused.get_json()["title"] == "No encontrado"
        assert people["enrolled"].email not in refused.get_data(as_text=True)
    assert api().get(url).status_code == 401
    assert api(make_token(people["admin"])).get("/api/v1/editions/99999/roster").status_code == 404


def test_the_roster_is_paged(world, people, make_user, make_token, api):
    from tests.completion.conftest import enrol

    for n in range(3):
        enrol(make_user(name=f"Persona {n}"), world.edition)
    db.session.commit()
    client = api(make_token(people["trainer"]))
    first = client.get(f"/api/v1/editions/{world.edition.id}/roster?limit=3")
    assert len(first.get_json()["items"]) == 3 and 'rel="next"' in first.headers["Link"]
    rest = client.get(first.get_json()["next"].replace("http://puente.test", ""))
    assert len(rest.get_json()["items"]) == 1 and rest.get_json()["next"] is None


def test_registrations_are_for_who_runs_the_event(
    make_event, organiser, make_user, make_token, api
):
    event = make_event(capacity=1)
    first, second = make_user(name="Uno"), make_user(name="Dos")
    registrations.register(first, event, registrations.Answers())
    registrations.register(second, event, registrations.Answers())
    db.session.commit()
    url = f"/api/v1/events/{event.id}/registrations"
    rows = api(make_token(organiser)).get(url).get_json()["items"]
    assert [(row["name"], row["state"], row["waitlist_position"]) for row in rows] == [
        ("Uno", "registered", None),
        ("Dos", "waitlisted", 1),
    ]
    assert api(make_token(make_user(roles=["admin"]))).get(url).status_code == 200
    other_organiser = make_user(roles=["trainer"])
    for token in (make_token(other_organiser), make_token(first)):
        assert api(token).get(url).status_code == 404


def test_applications_status_without_scores_for_admins_only(
    make_call, filled, staff, make_user, make_token, api
):
    call = make_call()
    applicant = make_user(name="Ana Aplicante")
    applications.submit(filled(applicant, call))
    db.session.commit()
    url = f"/api/v1/calls/{call.id}/applications"
    response = api(make_token(staff)).get(url)
    (row,) = response.get_json()["items"]
    assert row["name"] == "Ana Aplicante" and row["state"] == "submitted"
    assert row["decision"] is None
    assert not any("score" in key or "review" in key for key in row)
    assert "statement" not in row
    for token in (make_token(applicant), make_token(make_user(roles=["curator"]))):
        assert api(token).get(url).status_code == 404
    draft = make_call(status="draft")
    assert api(make_token(staff)).get(f"/api/v1/calls/{draft.id}/applications").status_code == 404


def test_indicators_match_the_dashboard_with_small_counts_suppressed(
    world, people, make_user, make_token, api
):
    from learning.dashboard import services as dashboard

    for _ in range(6):
        make_user(country="GT")
    token = make_token(people["admin"])
    body = api(token).get("/api/v1/indicators").get_json()
    figures = dashboard.headline(dashboard.Filters())
    assert body["headline"]["registered"] == figures["registered"] >= 5
    assert figures["enrolled"] == 1 and body["headline"]["enrolled"] == "<5"
    guatemala = next(row for row in body["people"]["region"] if row["key"] == "GT")
    assert guatemala["registered"] == 6
    mexico = next(row for row in body["people"]["region"] if row["key"] == "MX")
    assert mexico["enrolled"] == "<5"
    assert body["suppressed_below"] == 5


def test_indicators_follow_the_dashboards_filters(world, people, make_token, api):
    token = make_token(people["admin"])
    nobody = api(token).get("/api/v1/indicators?since=2000-01-01&until=2000-12-31&region=GT")
    assert nobody.status_code == 200
    assert nobody.get_json()["headline"]["registered"] == 0
    reversed_period = api(token).get("/api/v1/indicators?since=2030-01-01&until=2020-01-01")
    assert reversed_period.status_code == 200
    assert reversed_period.get_json()["headline"]["registered"] == 0


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("since=yesterday", {"since"}),
        ("since=2025-02-30", {"since"}),
        ("region=Atlantis&gender=x", {"region", "gender"}),
        ("workshop=0&edition=abc", {"workshop", "edition"}),
        ("since=9999-12-31", {"since"}),
        ("theme=climate&theme=digital", {"theme"}),
        ("theme=&sector=", {"theme", "sector"}),
    ],
)
def test_bad_filters_are_a_422_naming_each(world, people, make_token, api, query, names):
    response = api(make_token(people["admin"]), "es").get(f"/api/v1/indicators?{query}")
    assert response.status_code == 422
    assert set(response.get_json()["errors"]) == names


def test_indicators_are_for_admins(people, make_token, api):
    refused = api(make_token(people["trainer"]), "es").get("/api/v1/indicators")
    assert refused.status_code == 403
    assert "administra" in refused.get_json()["detail"]
    assert api().get("/api/v1/indicators").status_code == 401
