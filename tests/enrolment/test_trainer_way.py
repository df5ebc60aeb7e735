"""Issue 22: a new edition's page, and the edition form, tell the trainer how live sessions are
added (a lesson of the kind "live" in the curriculum, its times set per edition) with a link
to add one; participants see none of it."""

from __future__ import annotations

import re

from tests.enrolment.conftest import edition_form, live_lesson


def _sessions(page: str) -> str:
    found = re.search(r'<section aria-labelledby="sessions-title">.*?</section>', page, re.S)
    assert found, "no live sessions section"
    return found.group(0)


def test_a_new_edition_explains_how_live_sessions_are_added(build, client_for, people):
    world = build()
    client = client_for(people["trainer"])
    form = client.get("/workshops/datos/editions/new").get_data(True)
    last = world.modules[-1].id
    add = f'href="/workshops/datos/modules/{last}/lessons/new?kind=live"'
    assert "A live session is a lesson of the kind" in _sessions(form) and add in _sessions(form)

    response = client.post("/workshops/datos/editions/new", data=edition_form())
    assert response.status_code == 303
    # Right after creating: the edition's page, saying to set its live sessions there.
    page = client.get(response.headers["Location"]).get_data(True)
    assert "The edition has been saved. Now set its live sessions below" in page
    sessions = _sessions(page)
    assert "No live sessions yet." in sessions
    assert "A live session is a lesson of the kind" in sessions
    assert add in sessions and ">Add a live session</a>" in sessions
    # The link opens the form for a live session.
    assert client.get(f"/workshops/datos/modules/{last}/lessons/new?kind=live").status_code == 200

    # With a live session in the curriculum, the edition lists it with its time to change.
    live_lesson(world.workshop)
    sessions = _sessions(client.get(response.headers["Location"]).get_data(True))
    assert "Change the time" in sessions and add in sessions

    # A participant reads the sessions, not how to add them.
    visitor = _sessions(
        client_for(people["participant"]).get(response.headers["Location"]).get_data(True)
    )
    assert "A live session is a lesson of the kind" not in visitor and "lessons/new" not in visitor


def test_the_explanation_in_spanish(build, client_for, people):
    build()
    page = client_for(people["trainer"], "es").get("/workshops/datos/editions/new").get_data(True)
    assert "Añadir una sesión en vivo al programa" in _sessions(page)
    client = client_for(people["trainer"], "es")
    made = client.post("/workshops/datos/editions/new", data=edition_form())
    page = client.get(made.headers["Location"]).get_data(True)
    assert "Se guardó la edición. Ahora configure sus sesiones en vivo abajo" in page
