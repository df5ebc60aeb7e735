"""A person's event registrations and attendance are in their personal data, and deleting the
account leaves them anonymous: no name, e-mail, needs, consents or personal agenda; the
attendance still counts, without a name."""

from __future__ import annotations

import json

from learning.accounts.privacy import holds_text
from learning.events.models import EventAttendance, EventStar
from learning.events.services import attendance, registrations
from learning.platform.extensions import db
from tests.conftest import TEST_PASSWORD
from tests.events.conftest import wall


def test_registrations_are_exported_and_anonymised_on_deletion(
    make_event, add_session, make_user, client_for
):
    event = make_event()
    session = add_session(event, start=wall(10, 10))
    person = make_user(name="Xiomara Quintanilla", email="xiomara@example.org")
    client = client_for(person)
    client.post(
        f"/events/{event.id}/register",
        data={"consent_photos": "y", "accessibility": "Silla de ruedas; Xiomara Quintanilla"},
    )
    client.post(f"/events/{event.id}/sessions/{session.id}/star", data={"on": "1"})
    day = attendance.event_days(event)[0]
    attendance.check_in(event, registrations.find(event.id, person.id), day)
    db.session.commit()
    export = client.get("/account/data.json")
    assert export.status_code == 200
    data = json.loads(export.data)
    [row] = data["records"]["event_registrations"]
    assert row["event_id"] == event.id and row["state"] == "registered"
    assert row["accessibility"].startswith("Silla de ruedas") and row["consent_photos"]
    assert data["records"]["event_stars"][0]["session_id"] == session.id
    [present] = data["records"]["event_attendances"]
    assert (present["event_id"], present["day"], present["mode"]) == (
        event.id, day.isoformat(), "in-person",
    )  # fmt: skip

    answer = client.post("/account/delete", data={"password": TEST_PASSWORD, "confirm": "y"})
    assert answer.status_code in (302, 303)
    db.session.expire_all()
    kept = registrations.find(event.id, person.id)
    assert kept is not None and kept.state == "registered"  # still counted, anonymous
    assert kept.user.name == "[deleted]" and "xiomara" not in kept.user.email
    assert (kept.accessibility, kept.consent_photos) == ("", False)
    assert db.session.query(EventStar).count() == 0
    [kept_present] = db.session.query(EventAttendance).all()  # still counted, anonymous
    assert kept_present.user_id == person.id and kept_present.user.name == "[deleted]"
    assert holds_text("Xiomara") == [] and holds_text("xiomara@example.org") == []
