"""Attendance per session: the door and the session's own online code record people at a
chosen session (and at its day); the door shows who was at each session; refusals for a session
of another event and for the code of a session that is not under way."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from learning.events.models import EventAttendance, EventSessionAttendance
from learning.events.services import attendance, registrations
from learning.events.services.tickets import ticket_code
from learning.platform.extensions import db
from tests.events.conftest import ZONE, wall


def _at_sessions(event):
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(EventSessionAttendance)
            .where(EventSessionAttendance.event_id == event.id)
            .order_by(EventSessionAttendance.id)
        )
    )


def _days(event):
    return list(
        db.session.scalars(select(EventAttendance).where(EventAttendance.event_id == event.id))
    )


def _registered(event, make_user, client_for, **user):
    person = make_user(**user)
    assert client_for(person).post(f"/events/{event.id}/register").status_code == 303
    return person, registrations.find(event.id, person.id)


def _now():
    return datetime.now(ZoneInfo(ZONE)).replace(tzinfo=None, second=0, microsecond=0)


def test_check_in_to_a_session_records_it_and_its_day_and_counts_it(
    make_event, add_session, make_user, client_for, organiser
):
    event = make_event()
    opening = add_session(event, start=wall(10, 9), title=("Apertura", "Opening"))
    panel = add_session(event, start=wall(10, 11), title=("Panel de datos", "Data panel"))
    person, mine = _registered(event, make_user, client_for, name="Lucía Torres")
    code = ticket_code(mine.id, event.id)
    door = client_for(organiser, language="es")
    page = door.get(f"/events/{event.id}/check-in", query_string={"session": opening.id})
    assert page.status_code == 200
    assert "Panel de datos" in page.text and f'value="{opening.id}" selected' in page.text
    assert "Presentes en esta sesión: 0 en persona, 0 en línea." in page.text

    day = attendance.event_days(event)[0].isoformat()
    answer = door.post(
        f"/events/{event.id}/check-in/ticket",
        data={"code": code, "day": day, "session": opening.id},
    )
    assert answer.status_code == 303 and f"session={opening.id}" in answer.location
    shown = door.get(answer.location).text
    assert "Presentes en esta sesión: 1 en persona, 0 en línea." in shown
    assert "Presentes este día: 1 en persona, 0 en línea." in shown
    [row] = _at_sessions(event)
    assert (row.session_id, row.user_id, row.mode) == (opening.id, person.id, "in-person")
    assert len(_days(event)) == 1

    # The next session of the same day: the day is not counted twice.
    assert (
        door.post(
            f"/events/{event.id}/check-in/ticket",
            data={"code": code, "day": day, "session": panel.id},
        ).status_code
        == 303
    )
    assert [r.session_id for r in _at_sessions(event)] == [opening.id, panel.id]
    assert len(_days(event)) == 1
    again = client_for(organiser).post(
        f"/events/{event.id}/check-in/ticket",
        data={"code": code, "day": day, "session": panel.id},
    )
    assert again.status_code == 409 and "Already checked in at" in again.text
    assert len(_at_sessions(event)) == 2

    walk = door.post(
        f"/events/{event.id}/check-in/walk-in",
        data={"name": "Pedro Sin Registro", "email": "Pedro@Example.org", "session": panel.id},
    )
    assert walk.status_code == 303
    assert attendance.session_counts(event) == {
        opening.id: {"in-person": 1, "online": 0},
        panel.id: {"in-person": 2, "online": 0},
    }


def test_a_session_of_another_event_or_nonsense_is_refused(
    make_event, add_session, make_user, client_for, organiser
):
    event, other = make_event(), make_event()
    add_session(event, start=wall(10, 9))
    foreign = add_session(other, start=wall(10, 9))
    person, mine = _registered(event, make_user, client_for)
    code = ticket_code(mine.id, event.id)
    door = client_for(organiser, language="es")
    for bad in (foreign.id, "abc", "99999999"):
        refused = door.post(
            f"/events/{event.id}/check-in/ticket", data={"code": code, "session": bad}
        )
        assert refused.status_code == 400, bad
        assert "Elija una sesión de este evento de la lista." in refused.text
        walk = door.post(
            f"/events/{event.id}/check-in/walk-in",
            data={"name": "X", "email": "x@example.org", "session": bad},
        )
        assert walk.status_code == 400 and "Elija una sesión de este evento" in walk.text
    shown = client_for(organiser).get(
        f"/events/{event.id}/check-in", query_string={"session": foreign.id}
    )
    assert shown.status_code == 400 and "Choose a session of this event" in shown.text
    assert _at_sessions(event) == [] and _days(event) == []


def test_the_session_code_marks_online_presence_only_while_the_session_runs(
    make_event, add_session, make_user, client_for, organiser
):
    now = _now()
    event = make_event(starts_at=now - timedelta(hours=2), ends_at=now + timedelta(hours=3))
    running = add_session(event, start=now - timedelta(minutes=30), title=("Ahora", "Now"))
    later = add_session(event, start=now + timedelta(hours=1), title=("Luego", "Later"))
    person, _ = _registered(event, make_user, client_for)
    door = client_for(organiser, language="es")
    page = door.get(f"/events/{event.id}/check-in", query_string={"session": running.id})
    running_code = attendance.session_code(event, running)
    assert running_code in page.text
    assert running_code != attendance.session_code(event, later)
    assert running_code != attendance.online_code(event, attendance.local_day(event, now))

    client = client_for(person, language="es")
    too_soon = client.post(
        f"/events/{event.id}/attend", data={"code": attendance.session_code(event, later)}
    )
    assert too_soon.status_code == 400
    assert "no está en curso" in too_soon.text
    assert _at_sessions(event) == []

    done = client.post(f"/events/{event.id}/attend", data={"code": running_code.lower()})
    assert done.status_code == 303
    [row] = _at_sessions(event)
    assert (row.session_id, row.mode, row.user_id) == (running.id, "online", person.id)
    assert [d.mode for d in _days(event)] == ["online"]
    twice = client.post(f"/events/{event.id}/attend", data={"code": running_code})
    assert twice.status_code == 303 and len(_at_sessions(event)) == 1

    stranger = client_for(make_user(), language="es")
    refused = stranger.post(f"/events/{event.id}/attend", data={"code": running_code})
    assert refused.status_code == 403 and len(_at_sessions(event)) == 1
    english = client_for(organiser).get(
        f"/events/{event.id}/check-in", query_string={"session": running.id}
    )
    assert "Present at this session: 0 in person, 1 online." in english.text
