"""The details of events people notice: time zones named as people say them (once per table,
never the raw IANA name), the zone list with the programme's zones first, an event cover kept
when the form comes back with an error, and certificates of attendance on My learning."""

from __future__ import annotations

import io
import re

from sqlalchemy import select

from learning.events.models import Event, EventCertificate
from learning.events.services import certificates
from learning.platform.extensions import db
from tests.events.conftest import event_form, wall

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_event_pages_name_the_zone_as_people_say_it_once_per_agenda(
    make_event, add_session, client_for, make_user, organiser
):
    event = make_event(timezone="America/Guatemala")
    session = add_session(event, start=wall(10, 9), title=("Apertura", "Opening"))
    add_session(event, start=wall(10, 11), title=("Panel", "Panel"))
    add_session(event, start=wall(11, 9), title=("Cierre", "Closing"))
    reader = make_user()
    reader.timezone = "America/Mexico_City"
    db.session.commit()
    page = client_for(reader, language="es").get(f"/events/{event.id}").text
    assert "America/Guatemala" not in page and "America/Mexico_City" not in page
    agenda = page[page.index('id="agenda-title"') :]
    # The agenda names both zones once, above the sessions, not in every card.
    assert agenda.count("hora de Guatemala") == 1
    assert agenda.count("hora de Ciudad de México") == 1
    assert "Entre paréntesis, su hora (hora de Ciudad de México)." in agenda
    english = client_for(None, language="en").get(f"/events/{event.id}").text
    assert "Times are in Guatemala time." in english
    door = client_for(organiser, language="es")
    form = door.get(f"/events/{event.id}/sessions/{session.id}/edit").text
    assert "hora de Guatemala" in form and "America/Guatemala" not in form.split("<form")[0]
    check_in = door.get(f"/events/{event.id}/check-in").text
    assert "Los horarios están en hora de Guatemala." in check_in


def test_the_zone_list_offers_the_programmes_zones_first_and_a_forged_zone_is_refused(
    client_for, organiser
):
    door = client_for(organiser, language="es")
    page = door.get("/events/new").text
    values = re.findall(r'<option[^>]*value="([^"]+)"', page[page.index('id="timezone"') :])
    assert values[:3] == ["America/Mexico_City", "America/Guatemala", "America/El_Salvador"]
    assert "Ciudad de México (America/Mexico City)" in page
    for forged in ("Mars/Olympus_Mons", "../../etc/passwd", "America/Guatemala\x00", "x" * 300):
        answer = door.post("/events/new", data=event_form(timezone=forged))
        assert answer.status_code == 400, forged
        assert "Elija una zona horaria de la lista" in answer.text
    assert db.session.scalar(select(Event.id)) is None


def test_a_failed_event_form_keeps_the_chosen_cover_and_saving_again_uses_it(client_for, organiser):
    door = client_for(organiser)
    broken = {
        **event_form(ends_at=wall(19, 9).strftime("%Y-%m-%dT%H:%M")),  # ends before it starts
        "cover": (io.BytesIO(PNG), "portada.png"),
    }
    answer = door.post("/events/new", data=broken, content_type="multipart/form-data")
    assert answer.status_code == 400
    assert "Your file portada.png is kept" in answer.text
    tokens = re.findall(r'name="cover-kept" value="([^"]+)"', answer.text)
    assert len(tokens) == 1
    assert db.session.scalar(select(Event.id)) is None
    fixed = {**event_form(), "cover-kept": tokens[0]}
    saved = door.post("/events/new", data=fixed, content_type="multipart/form-data")
    assert saved.status_code == 303
    event = db.session.scalars(select(Event)).one()
    assert event.cover is not None and event.cover.is_available
    assert (event.cover.original_name, event.cover.kind) == ("portada.png", "event-cover")
    # The reference is the uploader's only: someone else's form cannot take it.
    other = client_for("trainer")
    stolen = other.post(
        "/events/new", data={**event_form(), "cover-kept": tokens[0]},
        content_type="multipart/form-data",
    )  # fmt: skip
    assert stolen.status_code == 303
    theirs = db.session.scalars(select(Event).order_by(Event.id.desc())).first()
    assert theirs.id != event.id and theirs.cover is None


def test_certificates_of_attendance_are_on_my_learning(
    make_event, make_user, client_for, organiser
):
    event = make_event(starts_at=wall(-3, 9), ends_at=wall(-3, 18), timezone="America/Guatemala")
    person = make_user(language="es")
    other = make_user()
    db.session.add(EventCertificate(event_id=event.id, user_id=person.id, code="ABCDEFGH23456789"))
    db.session.commit()
    mine = client_for(person, language="es").get("/my-learning")
    assert mine.status_code == 200
    assert "Certificados de asistencia" in mine.text
    assert "Foro de democracia" in mine.text and "hora de Guatemala" in mine.text
    assert "/events/certificates/ABCDEFGH23456789" in mine.text
    nobody = client_for(other).get("/my-learning").text
    assert "ABCDEFGH23456789" not in nobody and "Certificates of attendance" not in nobody
    # A revoked certificate says so and offers no download.
    found = db.session.scalars(select(EventCertificate)).one()
    certificates.revoke(found, by=organiser, reason="Error de registro")
    db.session.commit()
    revoked = client_for(person, language="es").get("/my-learning").text
    assert "revocado" in revoked and "Descargar el certificado (PDF)" not in revoked
