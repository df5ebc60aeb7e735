"""The satisfaction survey after an event: offered on the event's page to people who attended,
once it has ended; answered once; refused to people who did not attend, before the end, and
for nonsense ratings; results for organisers with small-number suppression, and the answers as
CSV (no names)."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select

from learning.events.models import EventAttendance, EventSurveyResponse
from learning.events.services import attendance, survey
from learning.platform.extensions import db
from tests.events.conftest import wall


def _past(make_event):
    return make_event(starts_at=wall(-3, 9), ends_at=wall(-3, 18))


def _was_there(event, person, mode="in-person"):
    day = attendance.event_days(event)[0]
    db.session.add(EventAttendance(event_id=event.id, day=day, mode=mode, user_id=person.id))
    db.session.commit()


def _answers(event):
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(EventSurveyResponse).where(EventSurveyResponse.event_id == event.id)
        )
    )


def test_people_who_attended_answer_once(make_event, make_user, client_for):
    event = _past(make_event)
    person = make_user(name="Rosa Almeida")
    _was_there(event, person, mode="online")
    client = client_for(person, language="es")
    page = client.get(f"/events/{event.id}")
    assert f"/events/{event.id}/survey" in page.text
    form = client.get(f"/events/{event.id}/survey")
    assert form.status_code == 200 and "¿Qué tan satisfecho" in form.text
    for bad in ({"rating": "9"}, {"rating": "uno"}, {}, {"rating": "4", "comment": "x" * 2001}):
        refused = client.post(f"/events/{event.id}/survey", data=bad)
        assert refused.status_code == 400, bad
    assert _answers(event) == []
    sent = client.post(
        f"/events/{event.id}/survey", data={"rating": "4", "comment": "Muy útil el panel"}
    )
    assert sent.status_code == 303
    [answer] = _answers(event)
    assert (answer.rating, answer.comment, answer.user_id) == (4, "Muy útil el panel", person.id)
    assert f"/events/{event.id}/survey" not in client.get(f"/events/{event.id}").text
    twice = client.post(f"/events/{event.id}/survey", data={"rating": "1"})
    assert twice.status_code == 409 and "Ya respondió la encuesta" in twice.text
    assert len(_answers(event)) == 1


def test_who_did_not_attend_or_before_the_end_is_refused(make_event, make_user, client_for):
    event = _past(make_event)
    absent = make_user()
    client = client_for(absent, language="es")
    assert f"/events/{event.id}/survey" not in client.get(f"/events/{event.id}").text
    refused = client.post(f"/events/{event.id}/survey", data={"rating": "5"})
    assert refused.status_code == 403 and "personas que asistieron" in refused.text
    assert client.get(f"/events/{event.id}/survey").status_code == 403
    upcoming = make_event()
    early = make_user()
    _was_there(upcoming, early)
    answer = client_for(early).post(f"/events/{upcoming.id}/survey", data={"rating": "5"})
    assert answer.status_code == 403 and "once the event has ended" in answer.text
    visitor = client_for(None).post(f"/events/{event.id}/survey", data={"rating": "5"})
    assert visitor.status_code in (302, 303)
    assert _answers(event) == [] and _answers(upcoming) == []


def test_results_are_suppressed_below_five_and_exported_without_names(
    make_event, make_user, client_for, organiser
):
    event = _past(make_event)
    people = [make_user(name=f"Persona Secreta {n}") for n in range(5)]
    for person in people:
        _was_there(event, person)
    for n, person in enumerate(people[:4]):
        survey.submit(event, person, n + 2, "=HYPERLINK(1)" if n == 0 else f"Comentario {n}")
    db.session.commit()
    door = client_for(organiser, language="es")
    few = door.get(f"/events/{event.id}/survey/results")
    assert few.status_code == 200 and "4 personas respondieron." in few.text
    assert "Comentario 1" not in few.text and "Calificación promedio" not in few.text
    refused = door.get(f"/events/{event.id}/survey.csv")
    assert refused.status_code == 409 and "Menos de 5 personas respondieron" in refused.text

    survey.submit(event, people[4], 5, "")
    db.session.commit()
    many = door.get(f"/events/{event.id}/survey/results").text
    assert "5 personas respondieron." in many and "Comentario 1" in many
    assert "Calificación promedio: 3,8 de 5." in many  # (2 + 3 + 4 + 5 + 5) / 5
    assert "Persona Secreta" not in many
    export = door.get(f"/events/{event.id}/survey.csv")
    assert export.status_code == 200 and export.data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(export.data.decode("utf-8-sig"))))
    assert rows[0] == ["Calificación", "Comentario"] and len(rows) == 6
    assert ["2", "'=HYPERLINK(1)"] in rows  # formula-safe
    assert "Persona Secreta" not in export.data.decode("utf-8-sig")
    for who in (people[0], "trainer"):
        client = client_for(who)
        assert client.get(f"/events/{event.id}/survey/results").status_code == 403
        assert client.get(f"/events/{event.id}/survey.csv").status_code == 403
