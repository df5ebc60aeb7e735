"""Being at an event: the ticket page with a QR code a real decoder reads, the organisers'
door (by ticket code, by name, walk-ins, per day) and online attendance with the day's code —
with the refusals people meet, in Spanish and English."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import zxingcpp
from PIL import Image
from sqlalchemy import select

from learning.events.models import EventAttendance
from learning.events.services import attendance, registrations
from learning.events.services.common import EventError
from learning.events.services.tickets import ticket_code
from learning.platform.extensions import db
from tests.events.conftest import ZONE


def _rows(event):
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(EventAttendance)
            .where(EventAttendance.event_id == event.id)
            .order_by(EventAttendance.id)
        )
    )


def _registered(event, make_user, client_for, **user):
    person = make_user(**user)
    assert client_for(person).post(f"/events/{event.id}/register").status_code == 303
    return person, registrations.find(event.id, person.id)


def _running(make_event, **fields):
    """An event under way now: started an hour ago, ends in two."""
    now = datetime.now(ZoneInfo(ZONE)).replace(tzinfo=None, second=0, microsecond=0)
    return make_event(
        starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=2), **fields
    )


def test_ticket_page_shows_the_code_and_a_qr_code_that_decodes_to_it(
    make_event, make_user, client_for, outbox
):
    event = make_event()
    person, mine = _registered(event, make_user, client_for, email="rosa@example.org")
    code = ticket_code(mine.id, event.id)
    client = client_for(person, language="es")
    assert f"/events/{event.id}/my-ticket" in client.get(f"/events/{event.id}").text
    assert f"/events/{event.id}/my-ticket" in outbox.body(outbox.to("rosa@example.org")[-1])
    page = client.get(f"/events/{event.id}/my-ticket")
    assert page.status_code == 200
    assert code in page.text and "Muestre este código QR en la entrada" in page.text
    assert f'src="/events/{event.id}/my-ticket.png"' in page.text
    assert "<script" not in page.text.split("<main", 1)[-1] and "style=" not in page.text
    image = client.get(f"/events/{event.id}/my-ticket.png")
    assert image.status_code == 200 and image.mimetype == "image/png"
    assert "no-store" in image.headers["Cache-Control"]
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(image.data)))
    assert [b.text for b in found] == [code]
    english = client_for(person).get(f"/events/{event.id}/my-ticket")
    assert "Show this QR code at the entrance" in english.text

    stranger = client_for(make_user())
    assert stranger.get(f"/events/{event.id}/my-ticket").status_code == 404
    assert stranger.get(f"/events/{event.id}/my-ticket.png").status_code == 404
    assert client_for(None).get(f"/events/{event.id}/my-ticket").status_code in (302, 303)
    registrations.withdraw(mine)
    db.session.commit()
    client = client_for(person, language="es")
    gone = client.get(f"/events/{event.id}/my-ticket")
    assert gone.status_code == 404 and "no está inscrito" in gone.text
    assert client.get(f"/events/{event.id}/my-ticket.png").status_code == 404


def test_check_in_by_ticket_code_once_per_day(make_event, make_user, client_for, organiser):
    event = make_event()  # two days: 10 and 11 days from now
    person, mine = _registered(event, make_user, client_for, name="Lucía Torres")
    code = ticket_code(mine.id, event.id)
    door = client_for(organiser, language="es")
    page = door.get(f"/events/{event.id}/check-in")
    assert page.status_code == 200 and "Registro de entrada" in page.text
    assert "/static/js/check-in-scan.js" in page.text
    first, second = attendance.event_days(event)
    assert f'value="{first.isoformat()}" selected' in page.text

    answer = door.post(
        f"/events/{event.id}/check-in/ticket", data={"code": f"  {code} ", "day": first}
    )
    assert answer.status_code == 303
    assert "Entrada registrada: Lucía Torres." in door.get(answer.location).text
    [row] = _rows(event)
    assert (row.user_id, row.day, row.mode) == (person.id, first, "in-person")
    at = row.recorded_at.astimezone(ZoneInfo(ZONE)).strftime("%H:%M").lstrip("0")

    again = door.post(f"/events/{event.id}/check-in/ticket", data={"code": code, "day": first})
    assert again.status_code == 409
    assert "La entrada ya se registró a las" in again.text and at in again.text
    english = client_for(organiser).post(
        f"/events/{event.id}/check-in/ticket", data={"code": code, "day": first}
    )
    assert english.status_code == 409 and "Already checked in at" in english.text
    assert len(_rows(event)) == 1

    next_day = door.post(f"/events/{event.id}/check-in/ticket", data={"code": code, "day": second})
    assert next_day.status_code == 303
    assert [r.day for r in _rows(event)] == [first, second]
    other_day = door.post(
        f"/events/{event.id}/check-in/ticket", data={"code": code, "day": "2001-01-01"}
    )
    assert other_day.status_code == 400
    assert "Choose a day of the event from the list." in other_day.text
    assert door.get(f"/events/{event.id}/check-in?day=nope").status_code == 400


def test_forged_foreign_and_withdrawn_tickets_are_refused(
    make_event, make_user, client_for, organiser
):
    event, other_event = make_event(), make_event()
    _, mine = _registered(event, make_user, client_for)
    _, theirs = _registered(event, make_user, client_for)
    code = ticket_code(mine.id, event.id)
    door = client_for(organiser, language="es")
    for forged in (
        code[:-2] + ("AA" if not code.endswith("AA") else "BB"),
        ticket_code(mine.id, other_event.id),
        "",
        "x" * 5000,
    ):
        refused = door.post(f"/events/{event.id}/check-in/ticket", data={"code": forged})
        assert refused.status_code == 400, forged
        assert "no es válido" in refused.text
    registrations.withdraw(theirs)
    db.session.commit()
    withdrawn = door.post(
        f"/events/{event.id}/check-in/ticket", data={"code": ticket_code(theirs.id, event.id)}
    )
    assert withdrawn.status_code == 400 and "ya no da lugar" in withdrawn.text
    english = client_for(organiser).post(
        f"/events/{event.id}/check-in/ticket", data={"code": ticket_code(theirs.id, event.id)}
    )
    assert "no longer holds a place" in english.text
    assert _rows(event) == []


def test_only_who_runs_the_event_uses_the_door(make_event, make_user, client_for):
    event = make_event()
    person, mine = _registered(event, make_user, client_for)
    code = ticket_code(mine.id, event.id)
    for who in (person, "trainer"):
        client = client_for(who)
        assert client.get(f"/events/{event.id}/check-in").status_code == 403
        posted = client.post(f"/events/{event.id}/check-in/ticket", data={"code": code})
        assert posted.status_code == 403
        walk = client.post(
            f"/events/{event.id}/check-in/walk-in", data={"name": "X", "email": "x@example.org"}
        )
        assert walk.status_code == 403
    visitor = client_for(None).get(f"/events/{event.id}/check-in")
    assert visitor.status_code in (302, 303) and "sign-in" in visitor.location
    assert client_for("admin").get(f"/events/{event.id}/check-in").status_code == 200
    assert _rows(event) == []


def test_search_by_name_and_check_in_with_the_button(make_event, make_user, client_for, organiser):
    event = make_event(capacity=1)
    ana, _ = _registered(event, make_user, client_for, name="Ána Gómez")
    waiting, _ = _registered(event, make_user, client_for, name="Ana Waitlisted")
    door = client_for(organiser, language="es")
    found = door.get(f"/events/{event.id}/check-in", query_string={"q": "gÓm"})
    assert found.status_code == 200
    assert "Ána Gómez" in found.text and "Llegó" in found.text
    listed = door.get(f"/events/{event.id}/check-in", query_string={"q": "ana"}).text
    assert "Ana Waitlisted" not in listed  # only people with a place
    nobody = door.get(f"/events/{event.id}/check-in", query_string={"q": "zzz"})
    assert "Ninguna persona inscrita coincide con «zzz»." in nobody.text
    wildcard = door.get(f"/events/{event.id}/check-in", query_string={"q": "%"})
    assert "Ána Gómez" not in wildcard.text  # typed as text, not as a pattern
    mine = registrations.find(event.id, ana.id)
    answer = door.post(
        f"/events/{event.id}/check-in/person",
        data={"registration": mine.id, "q": "gÓm", "day": attendance.event_days(event)[0]},
    )
    assert answer.status_code == 303 and "q=g" in answer.location
    after = door.get(answer.location)
    assert "Entrada registrada a las" in after.text
    assert "Presentes este día: 1 en persona, 0 en línea." in after.text
    wait_row = registrations.find(event.id, waiting.id)
    refused = door.post(f"/events/{event.id}/check-in/person", data={"registration": wait_row.id})
    assert refused.status_code == 400
    other = make_event()
    assert (
        door.post(f"/events/{other.id}/check-in/person", data={"registration": mine.id}).status_code
        == 404
    )
    assert [r.user_id for r in _rows(event)] == [ana.id]


def test_walk_ins_are_recorded_without_an_account(make_event, client_for, organiser):
    event = make_event()
    door = client_for(organiser)
    answer = door.post(
        f"/events/{event.id}/check-in/walk-in",
        data={"name": "  Pedro   Sin Cuenta ", "email": "Pedro@Example.org"},
    )
    assert answer.status_code == 303
    assert "Walk-in added: Pedro Sin Cuenta." in door.get(answer.location).text
    [row] = _rows(event)
    assert (row.user_id, row.name, row.email) == (None, "Pedro Sin Cuenta", "pedro@example.org")
    again = door.post(
        f"/events/{event.id}/check-in/walk-in", data={"name": "Pedro", "email": "pedro@example.org"}
    )
    assert again.status_code == 409 and "Already checked in at" in again.text
    spanish = client_for(organiser, language="es")
    bad_email = spanish.post(
        f"/events/{event.id}/check-in/walk-in", data={"name": "Pedro", "email": "no-es-correo"}
    )
    assert (
        bad_email.status_code == 400 and "Escriba una dirección de correo válida" in bad_email.text
    )
    assert 'value="Pedro"' in bad_email.text  # what was typed stays
    no_name = spanish.post(
        f"/events/{event.id}/check-in/walk-in", data={"name": " ", "email": "a@example.org"}
    )
    assert no_name.status_code == 400 and "Escriba el nombre de la persona" in no_name.text
    assert len(_rows(event)) == 1


def test_cancelled_and_draft_events_take_no_attendance(make_event, make_user, client_for):
    for status in ("cancelled", "draft"):
        event = make_event(status=status)
        door = client_for("admin", language="es")
        answer = door.post(
            f"/events/{event.id}/check-in/walk-in", data={"name": "P", "email": "p@example.org"}
        )
        assert answer.status_code == 400 and "Solo un evento publicado" in answer.text
        assert _rows(event) == []


def test_online_attendance_with_the_days_code_while_the_event_runs(
    make_event, make_user, client_for, organiser
):
    event = _running(make_event)
    person, _ = _registered(event, make_user, client_for)
    today = attendance.local_day(event, event.starts_at + timedelta(hours=1))
    assert attendance.default_day(event) == today  # the door opens on today
    code = attendance.online_code(event, today)
    assert len(code) == 6 and code.isalnum()
    assert code != attendance.online_code(event, today + timedelta(days=1))
    door = client_for(organiser, language="es").get(f"/events/{event.id}/check-in")
    assert "Código de asistencia en línea" in door.text and code in door.text
    client = client_for(person, language="es")
    page = client.get(f"/events/{event.id}")
    assert "Código de asistencia" in page.text and "Estoy presente" in page.text
    wrong = client.post(f"/events/{event.id}/attend", data={"code": "AAAAAA"})
    assert wrong.status_code == 400 and "no es el código de asistencia de hoy" in wrong.text
    answer = client.post(f"/events/{event.id}/attend", data={"code": f" {code.lower()} "})
    assert answer.status_code == 303
    assert "consta como presente en línea hoy" in client.get(answer.location).text
    [row] = _rows(event)
    assert (row.user_id, row.mode, row.day) == (person.id, "online", today)
    again = client.post(f"/events/{event.id}/attend", data={"code": code})
    assert again.status_code == 303
    assert "Ya consta como presente en línea" in client.get(again.location).text
    assert len(_rows(event)) == 1

    stranger = client_for(make_user())
    refused = stranger.post(f"/events/{event.id}/attend", data={"code": code})
    assert refused.status_code == 403 and "not registered" in refused.text
    counted = client_for(organiser).get(f"/events/{event.id}/check-in").text
    assert "Present on this day: 0 in person, 1 online." in counted


def test_online_code_only_while_it_runs_and_for_online_events(make_event, make_user, client_for):
    later = make_event()
    person, _ = _registered(later, make_user, client_for)
    client = client_for(person)
    code = attendance.online_code(later, attendance.event_days(later)[0])
    assert "Attendance code" not in client.get(f"/events/{later.id}").text
    early = client.post(f"/events/{later.id}/attend", data={"code": code})
    assert early.status_code == 400 and "only while the event is under way" in early.text
    hall = _running(make_event, format="in-person", online_url="")
    _registered(hall, make_user, client_for)
    hall_code = attendance.online_code(hall, attendance.default_day(hall))
    in_person = client_for(person).post(f"/events/{hall.id}/attend", data={"code": hall_code})
    assert in_person.status_code == 400 and "no online attendance" in in_person.text
    assert _rows(later) == [] and _rows(hall) == []


def test_guesses_of_the_online_code_are_limited_per_person(make_event, make_user, client_for):
    event = _running(make_event)
    person, _ = _registered(event, make_user, client_for)
    client = client_for(person)
    codes = [
        client.post(f"/events/{event.id}/attend", data={"code": "ZZZZZZ"}).status_code
        for _ in range(11)
    ]
    assert codes[:10] == [400] * 10 and codes[10] == 429
    other, _ = _registered(event, make_user, client_for)
    assert (
        client_for(other).post(f"/events/{event.id}/attend", data={"code": "ZZZZZZ"}).status_code
        == 400
    )


def test_a_simultaneous_second_check_in_loses_to_the_first(
    make_event, make_user, client_for, monkeypatch
):
    """Two phones at the door scan the same ticket at once: both find nobody present, the
    database keeps one row and the second is told "already present"."""
    event = make_event()
    _, mine = _registered(event, make_user, client_for)
    day = attendance.event_days(event)[0]
    attendance.check_in(event, mine, day)
    db.session.commit()
    real = attendance._find
    calls = []

    def not_yet_seen(*args):
        calls.append(args)
        return None if len(calls) == 1 else real(*args)

    monkeypatch.setattr(attendance, "_find", not_yet_seen)
    with pytest.raises(EventError) as refused:
        attendance.check_in(event, mine, day)
    assert refused.value.code == "already_present" and len(calls) == 2
    db.session.commit()  # the transaction goes on after the lost insert
    assert len(_rows(event)) == 1
