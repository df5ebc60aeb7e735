"""The dashboard counts event registrations and attendance (in person, online) by country or
region, sector and gender, with the same filters and the same small-number suppression in
exports for publication."""

from __future__ import annotations

import csv
import io

from learning.events.models import EventAttendance
from learning.events.services import attendance, registrations
from learning.platform.extensions import db


def _table(response) -> dict[str, list[str]]:
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    return {row[0]: row[1:] for row in rows[1:]}


def test_event_registrations_by_country_sector_and_gender(make_event, make_user, client_for):
    event = make_event(capacity=6, themes=["climate"])
    make_event(themes=["digital"])
    people = [make_user(country="GT", sector="media", gender="woman") for _ in range(6)]
    people += [make_user(country="HN", sector="government", gender="man") for _ in range(2)]
    for person in people:
        registrations.register(person, event, registrations.Answers())
    db.session.commit()
    admin = client_for("admin")
    page = admin.get("/dashboard/")
    assert page.status_code == 200 and "Event registrations" in page.text
    region = _table(admin.get("/dashboard/events-region.csv"))
    assert region["Guatemala"][:2] == ["6", "0"] and region["Honduras"][:2] == ["0", "2"]
    published = _table(admin.get("/dashboard/events-region.csv?publication=1"))
    assert published["Guatemala"][:2] == ["6", "0"] and published["Honduras"][:2] == ["0", "<5"]
    sector = _table(admin.get("/dashboard/events-sector.csv"))
    assert sector["Journalism and media"][:2] == ["6", "0"]
    gender = _table(admin.get("/dashboard/events-gender.csv?region=HN"))
    assert gender["Man"][:2] == ["0", "2"] and gender["Woman"][:2] == ["0", "0"]
    other_theme = _table(admin.get("/dashboard/events-region.csv?theme=digital"))
    assert other_theme["Guatemala"][:2] == ["0", "0"]
    spanish = client_for("admin", language="es").get("/dashboard/")
    assert "Inscripciones a eventos" in spanish.text
    assert client_for("trainer").get("/dashboard/events-region.csv").status_code == 403


def test_event_attendance_in_person_and_online_once_per_event(make_event, make_user, client_for):
    event = make_event(capacity=10)  # two days
    first, second = attendance.event_days(event)
    women = [make_user(country="GT", gender="woman") for _ in range(6)]
    man = make_user(country="HN", gender="man")
    for person in [*women, man]:
        registrations.register(person, event, registrations.Answers())
    db.session.flush()
    for person in women:  # both days in person: counted once
        for day in (first, second):
            mine = registrations.find(event.id, person.id)
            attendance.check_in(event, mine, day)
    db.session.add(EventAttendance(event_id=event.id, day=first, mode="online", user_id=man.id))
    attendance.walk_in(event, "Sin Cuenta", "walk@example.org", first)
    db.session.commit()
    admin = client_for("admin")
    header = admin.get("/dashboard/events-region.csv").data.decode("utf-8-sig").splitlines()[0]
    assert "Attended in person,Attended online," in header
    region = _table(admin.get("/dashboard/events-region.csv"))
    assert region["Guatemala"][:4] == ["6", "0", "6", "0"]
    assert region["Honduras"][:4] == ["1", "0", "0", "1"]
    published = _table(admin.get("/dashboard/events-region.csv?publication=1"))
    assert published["Honduras"][:4] == ["<5", "0", "0", "<5"]
    assert published["Guatemala"][:4] == ["6", "0", "6", "0"]
    gender = _table(admin.get("/dashboard/events-gender.csv"))
    assert gender["Woman"][2:4] == ["6", "0"] and gender["Man"][2:4] == ["0", "1"]
    assert _table(admin.get("/dashboard/events-gender.csv?theme=digital"))["Woman"][:4] == [
        "0", "0", "0", "0",
    ]  # fmt: skip
    spanish = client_for("admin", language="es").get("/dashboard/")
    assert "Asistieron en persona" in spanish.text and "Asistieron en línea" in spanish.text
