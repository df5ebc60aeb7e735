"""Issue 22: once a person has enrolled, the edition and workshop pages lead into the lessons
(Start, then Continue to the first lesson not done) and never offer Enrol again for that
edition; a request waiting for approval says so plainly."""

from __future__ import annotations

import re

from learning.completion.services.marks import mark_complete
from learning.enrolment.services import seats
from learning.platform.extensions import db


def _edition_item(page: str, name: str) -> str:
    found = re.search(rf'<li><a href="/editions/\d+">{name}</a>.*?</li>', page, re.S)
    assert found, f"{name} not listed"
    return found.group(0)


def test_the_edition_page_starts_then_continues_the_lessons(
    build, make_edition, client_for, people
):
    world = build()
    edition = make_edition(world.workshop)
    me = people["participant"]
    enrolment, _notices = seats.enrol(me, edition)
    db.session.commit()
    first, second, _third = world.lessons
    client = client_for(me)

    page = client.get(f"/editions/{edition.id}").get_data(True)
    start = re.search(r'<a class="button" href="([^"]+)">Start</a>', page)
    assert start and start.group(1) == f"/workshops/datos/lessons/{first.id}"
    assert "You have a place in this edition" in page
    assert f'action="/editions/{edition.id}/enrol"' not in page
    # The workshop page at 0 %: "Start", to the first lesson, never "Continue".
    workshop_page = client.get("/workshops/datos").get_data(True)
    assert "Continue where you left off" not in workshop_page
    assert f'href="/workshops/datos/lessons/{first.id}">Start the first lesson<' in workshop_page
    home = client.get("/").get_data(True)
    assert "Start your workshop" in home and "Continue where you left off" not in home
    assert f'href="/workshops/datos/lessons/{first.id}">Start</a>' in home

    mark_complete(enrolment, first)
    db.session.commit()
    page = client.get(f"/editions/{edition.id}").get_data(True)
    more = re.search(r'<a class="button" href="([^"]+)">Continue</a>', page)
    assert more and more.group(1) == f"/workshops/datos/lessons/{second.id}"

    # The workshop page: no Enrol for the edition the person is in, and a way into the lessons.
    workshop_page = client.get("/workshops/datos").get_data(True)
    item = _edition_item(workshop_page, "Cohorte 1")
    assert ">Enrol<" not in item and "You have a place in this edition" in item
    assert f'href="/workshops/datos/lessons/{second.id}">Continue where you left off<' in (
        workshop_page
    )


def test_a_request_waiting_for_approval_says_so(build, make_edition, client_for, people):
    world = build()
    edition = make_edition(world.workshop, mode="approval")
    me = people["participant"]
    client = client_for(me)
    client.post(f"/editions/{edition.id}/enrol")
    assert seats.my_enrolment(me, edition).state == "pending"

    page = client.get(f"/editions/{edition.id}").get_data(True).replace("&#39;", "'")
    assert "Your request is waiting for the trainers' approval" in page
    assert "Ask to enrol" not in page and ">Start<" not in page
    item = _edition_item(client.get("/workshops/datos").get_data(True), "Cohorte 1")
    assert ">Enrol<" not in item
    assert "waiting for the trainers' approval" in item.replace("&#39;", "'")

    # Somebody else still gets the Enrol button for the same edition.
    other = client_for("participant").get("/workshops/datos").get_data(True)
    assert ">Enrol<" in _edition_item(other, "Cohorte 1")
