"""Enrolling and leaving through the API follow the edition page's rules, and need the
enrolments:write scope."""

from __future__ import annotations

from sqlalchemy import select

from learning.platform.extensions import db
from learning.workshops.models import Enrolment


def test_a_person_enrols_and_leaves(world, people, make_token, api):
    token = make_token(people["participant"], {"enrolments:write"})
    client = api(token)
    url = f"/api/v1/editions/{world.edition.id}/enrolment"
    made = client.post(url)
    assert made.status_code == 201
    assert made.get_json()["state"] == "active"
    assert made.get_json()["edition"]["id"] == world.edition.id
    again = api(token, "es").post(url)
    assert again.status_code == 409 and again.mimetype == "application/problem+json"
    left = client.delete(url)
    assert left.status_code == 200 and left.get_json()["state"] == "withdrawn"
    assert client.delete(url).status_code == 409
    db.session.expire_all()
    row = db.session.scalar(select(Enrolment).where(Enrolment.user_id == people["participant"].id))
    assert row.state == "withdrawn"


def test_enrolling_needs_the_scope_and_a_public_edition(world, people, make_token, api):
    url = f"/api/v1/editions/{world.edition.id}/enrolment"
    reader = api(make_token(people["participant"]))
    assert reader.post(url).status_code == 403
    world.edition.status = "draft"
    db.session.commit()
    writer = api(make_token(people["participant"], {"enrolments:write"}))
    assert writer.post(url).status_code == 404
    assert writer.post("/api/v1/editions/99999/enrolment").status_code == 404
    count = db.session.scalar(
        select(db.func.count(Enrolment.id)).where(Enrolment.user_id == people["participant"].id)
    )
    assert count == 0


def test_nobody_withdraws_someone_else(world, people, make_token, api):
    url = f"/api/v1/editions/{world.edition.id}/enrolment"
    stranger = api(make_token(people["participant"], {"enrolments:write"}))
    assert stranger.delete(url).status_code == 404
    assert world.enrolment().state == "active"
