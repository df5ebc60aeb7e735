"""Issue 22: the programme's time zones read as people say them ("hora de Guatemala",
"Mexico City time"), never babel's long names ("hora estándar central"), and a list of
times names its zone once rather than in every line."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from learning.enrolment.services import schedule
from learning.language.i18n import session_time
from learning.language.timezones import timezone_choices
from learning.platform.extensions import db
from tests.conftest import sign_in_as

MOMENT = datetime(2031, 3, 12, 16, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("language", "tz", "expected"),
    [
        ("es", "America/Guatemala", "12 mar 2031, 10:00 (hora de Guatemala)"),
        ("es", "America/Mexico_City", "12 mar 2031, 10:00 (hora de Ciudad de México)"),
        ("en", "America/Mexico_City", "Mar 12, 2031, 10:00 AM (Mexico City time)"),
        ("es", "America/Tegucigalpa", "12 mar 2031, 10:00 (hora de Honduras)"),
        ("en", "America/Costa_Rica", "Mar 12, 2031, 10:00 AM (Costa Rica time)"),
    ],
)
def test_a_session_time_names_its_zone_as_people_say_it(app, language, tz, expected):
    with app.test_request_context(headers={"Accept-Language": language}):
        text = session_time(MOMENT, tz)
    assert text.replace("\u202f", " ") == expected
    assert "estándar" not in text and "Standard" not in text and "Central" not in text


def test_a_session_time_in_another_language_than_the_page(app):
    """E-mails: the recipient's language, both for the date and the zone's name."""
    with app.test_request_context(headers={"Accept-Language": "es"}):
        english = session_time(MOMENT, "America/Guatemala", "en")
        spanish = session_time(MOMENT, "America/Guatemala")
        bare = session_time(MOMENT, "America/Guatemala", named=False)
    assert english.endswith("(Guatemala time)") and english.startswith("Mar 12")
    assert spanish.endswith("(hora de Guatemala)")
    assert bare == "12 mar 2031, 10:00"


def test_the_zone_select_names_the_programme_zones(app):
    with app.test_request_context(headers={"Accept-Language": "es"}):
        labels = dict(timezone_choices())
    assert labels["America/Mexico_City"] == "Ciudad de México (America/Mexico City)"
    assert labels["America/Tegucigalpa"] == "Honduras (America/Tegucigalpa)"
    assert labels["UTC"] == "UTC"
    assert labels["Asia/Tokyo"] == "Asia/Tokyo"


def test_edition_and_lesson_pages_name_the_zone_once(app, workshop_world, make_edition, make_user):
    edition = make_edition(workshop_world.workshop, timezone="America/Guatemala")
    session = schedule.sessions_for(edition)[0]
    schedule.update_session(
        edition, session.lesson, starts_at=MOMENT, ends_at=MOMENT.replace(hour=18)
    )
    db.session.commit()
    reader = sign_in_as(app.test_client(), make_user(language="es"))
    page = reader.get(f"/editions/{edition.id}").get_data(True)
    main = page.split("<main", 1)[1]
    assert "<dt>Zona horaria</dt><dd>hora de Guatemala</dd>" in main
    assert "America/Guatemala" not in main and "estándar" not in main
    sessions = main.split('id="sessions-title"', 1)[1].split("</section>", 1)[0]
    assert sessions.count("hora de Guatemala") == 1
    assert re.search(r"12 mar 2031, 10:00\s*(·|<|$)", sessions)

    trainer = sign_in_as(app.test_client(), workshop_world.users["trainer"])
    form = trainer.get(f"/editions/{edition.id}/sessions/{session.lesson_id}").get_data(True)
    assert "(Guatemala time)" in form or "(hora de Guatemala)" in form
    assert "America/Guatemala" not in form.split("<main", 1)[1].split("<select", 1)[0]

    lesson = trainer.get(f"/workshops/datos/lessons/{session.lesson_id}").get_data(True)
    assert "hora estándar" not in lesson and "Central" not in lesson
    assert "(Mexico City time)" in lesson or "(hora de Ciudad de México)" in lesson
