"""Issue 22: time zones named as people say them ("hora de Ciudad de México", "Mexico City
time"), written once per table (in the column header) rather than in every cell, and the
programme's zones offered first."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from learning.audit import services as audit
from learning.language.i18n import format_when, zone_name
from learning.language.timezones import timezone_choices
from learning.platform.extensions import db
from tests.conftest import sign_in_as


@pytest.mark.parametrize(
    ("language", "tz", "expected"),
    [
        ("es", "America/Mexico_City", "hora de Ciudad de México"),
        ("en", "America/Mexico_City", "Mexico City time"),
        ("es", "America/Tegucigalpa", "hora de Honduras"),  # the country's only zone
        ("en", "America/Guatemala", "Guatemala time"),
        ("es", "Europe/Madrid", "hora de Madrid"),
        ("en", "UTC", "UTC"),
    ],
)
def test_zones_are_named_as_people_say_them(app, language, tz, expected):
    with app.test_request_context(headers={"Accept-Language": language}):
        assert zone_name(tz) == expected


def test_a_time_without_its_zone_for_tables(app):
    moment = datetime(2026, 3, 12, 16, 0, tzinfo=UTC)
    with app.test_request_context(headers={"Accept-Language": "es"}):
        assert format_when(moment, named=False) == "12 mar 2026, 10:00"


def test_the_audit_log_names_the_zone_once_in_its_header(app, make_user):
    admin = make_user("boss@example.org", roles=["admin"], language="es")
    for n in range(3):
        audit.record("user.deactivated", target_type="user", target_id=n, actor_id=admin.id)
    db.session.commit()
    client = sign_in_as(app.test_client(), admin)
    page = client.get("/admin/audit").get_data(as_text=True)
    assert re.search(r'<th scope="col">[^<]+ \(hora de Ciudad de México\)</th>', page)
    cells = re.findall(r'<td data-label="[^"]+ \(hora de Ciudad de México\)">([^<]*)</td>', page)
    assert len(cells) == 3
    assert all("hora de" not in cell and re.search(r"\d:\d\d$", cell) for cell in cells)


def test_the_programme_zones_come_first():
    values = [value for value, _label in timezone_choices()]
    assert values[:8] == [
        "America/Mexico_City",
        "America/Guatemala",
        "America/El_Salvador",
        "America/Tegucigalpa",
        "America/Managua",
        "America/Costa_Rica",
        "America/Panama",
        "America/Belize",
    ]
    assert "Asia/Tokyo" in values[8:]
    assert len(values) == len(set(values))
