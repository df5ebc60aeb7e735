"""Public reads (workshops, events, certificates), a caller's own records, and registering
for an event through the API: paging with Link headers, ETags, and nothing private leaking."""

from __future__ import annotations

from sqlalchemy import select

from learning.events.models import EventRegistration
from learning.platform.extensions import db
from tests.events.conftest import texts


def test_workshops_list_published_ones_with_their_editions(world, api):
    response = api(language="es").get("/api/v1/workshops")
    assert response.status_code == 200
    (item,) = response.get_json()["items"]
    assert item["title"] == "Periodismo de datos" and item["language"] == "es"
    assert [edition["name"] for edition in item["editions"]] == ["Cohorte 1"]
    english = api().get(f"/api/v1/workshops/{world.workshop.id}").get_json()
    assert english["title"] == "Data journalism"


def test_a_draft_workshop_is_a_404(app, people, api):
    from tests.completion.conftest import make_world

    draft = make_world(people, status="draft")
    assert api().get(f"/api/v1/workshops/{draft.workshop.id}").status_code == 404
    assert api().get("/api/v1/workshops").get_json()["items"] == []


def test_events_are_paged_with_a_next_link(make_event, api):
    made = [make_event(texts=texts(f"Foro {n}", f"Forum {n}")) for n in range(3)]
    make_event(status="draft", texts=texts("Borrador", "Draft"))
    first = api().get("/api/v1/events?limit=2")
    body = first.get_json()
    assert [item["id"] for item in body["items"]] == [made[0].id, made[1].id]
    assert first.headers["Link"] == f'<{body["next"]}>; rel="next"'
    second = api().get(body["next"].replace("http://puente.test", ""))
    assert [item["id"] for item in second.get_json()["items"]] == [made[2].id]
    assert second.get_json()["next"] is None and "Link" not in second.headers


def test_a_draft_event_is_a_404(make_event, api):
    draft = make_event(status="draft")
    assert api().get(f"/api/v1/events/{draft.id}").status_code == 404


def test_an_unchanged_resource_answers_304_to_its_etag(make_event, api):
    event = make_event()
    client = api()
    first = client.get(f"/api/v1/events/{event.id}")
    tag = first.headers["ETag"]
    again = client.get(f"/api/v1/events/{event.id}", headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.data == b""
    spanish = client.get(
        f"/api/v1/events/{event.id}", headers={"If-None-Match": tag, "Accept-Language": "es"}
    )
    assert spanish.status_code == 200  # another language is another representation


def test_a_certificate_is_verified_by_its_code(certified, api):
    valid, _english, revoked = certified
    body = api().get(f"/api/v1/certificates/{valid.code}").get_json()
    assert body["valid"] is True and body["participant"] == "Elena Núñez"
    assert api().get(f"/api/v1/certificates/{revoked.code}").get_json()["valid"] is False
    assert api().get("/api/v1/certificates/NOPE-NOPE").status_code == 404


def test_my_enrolments_are_mine_only_with_progress(world, people, make_token, api):
    mine = api(make_token(people["enrolled"])).get("/api/v1/me/enrolments").get_json()
    (item,) = mine["items"]
    assert item["edition"]["id"] == world.edition.id
    assert set(item["progress"]) == {"done", "total", "percent"}
    theirs = api(make_token(people["participant"])).get("/api/v1/me/enrolments").get_json()
    assert theirs["items"] == []


def test_registering_and_withdrawing_follow_the_pages_rules(make_user, make_event, make_token, api):
    event = make_event(capacity=1)
    first = api(make_token(make_user(), {"events:write"}))
    second = api(make_token(make_user(), {"events:write"}), "es")
    response = first.post(f"/api/v1/events/{event.id}/registration")
    assert response.status_code == 201 and response.get_json()["state"] == "registered"
    assert second.post(f"/api/v1/events/{event.id}/registration").get_json()["state"] == (
        "waitlisted"
    )
    twice = second.post(f"/api/v1/events/{event.id}/registration")
    assert twice.status_code == 409 and twice.mimetype == "application/problem+json"
    assert first.delete(f"/api/v1/events/{event.id}/registration").get_json()["state"] == (
        "withdrawn"
    )
    mine = second.get("/api/v1/me/registrations").get_json()["items"]
    assert [row["event_id"] for row in mine] == [event.id]
    assert first.delete(f"/api/v1/events/{event.id}/registration").status_code == 409


def test_nobody_registers_for_a_draft_or_withdraws_someone_else(
    make_user, make_event, make_token, api
):
    draft = make_event(status="draft")
    event = make_event()
    writer = api(make_token(make_user(), {"events:write"}))
    assert writer.post(f"/api/v1/events/{draft.id}/registration").status_code == 404
    assert writer.delete(f"/api/v1/events/{event.id}/registration").status_code == 404
    assert db.session.scalar(select(EventRegistration)) is None
