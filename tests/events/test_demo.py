"""`flask demo` gains a past forum with the people who came, an upcoming hybrid forum with a
two-day agenda and a waitlist, and a film screening; the list of events shows them."""

from __future__ import annotations

from sqlalchemy import select

from learning.events.models import Event
from learning.events.services import attendance, registrations
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db


def test_demo_events(app, client_for):
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    events = {e.kind + ":" + e.format: e for e in db.session.scalars(select(Event))}
    assert set(events) == {"forum:in-person", "forum:hybrid", "film:in-person"}
    past, hybrid = events["forum:in-person"], events["forum:hybrid"]
    assert past.ends_at < utcnow() < hybrid.starts_at
    assert registrations.state_counts(past) == {"registered": 3}
    day = attendance.event_days(past)[0]
    assert attendance.day_counts(past, day) == {"in-person": 3, "online": 0}
    door = client_for("admin").get(f"/events/{past.id}/check-in", query_string={"q": "demo"})
    assert door.status_code == 200 and door.text.count("Checked in at") == 2
    assert registrations.state_counts(hybrid) == {"registered": 2, "waitlisted": 1}
    assert len({s.starts_at.date() for s in hybrid.sessions}) == 2
    assert len(hybrid.sessions) == 6
    client = client_for(None, language="es")
    listed = client.get("/events/").text
    assert "Foro de la Alianza Digital UE-ALC" in listed and "Cine" in listed
    assert "democracia e integridad" in client.get("/events/?when=past").text
    page = client.get(f"/events/{hybrid.id}").text
    assert "Completo: las nuevas inscripciones pasan a la lista de espera" in page
    assert "Datos abiertos para la rendición de cuentas" in page
    # The past forum's panel: a member named from the account, a guest, both with bios.
    forum = client.get(f"/events/{past.id}").text
    assert "Tomás Facilitador" in forum and "trainer@demo.puente" not in forum
    assert "Periodista de datos" in forum and "Lucía Herrera" in forum
    english = client_for(None).get(f"/events/{past.id}").text
    assert "Data journalist" in english
    assert '<span class="speaker-bio" lang="es">Coordina la observación' in english
