"""`flask demo` gains an open edition with live sessions, a full one with a waitlist, and an
approval-only one with a request waiting."""

from __future__ import annotations

from sqlalchemy import select

from learning.enrolment.services import schedule
from learning.platform.extensions import db
from learning.workshops.models import Edition


def test_demo_editions(app, client):
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    editions = list(db.session.scalars(select(Edition)))
    states = {e.name: sorted(x.state for x in e.enrolments) for e in editions}
    open_one = next(e for e in editions if e.enrolment_mode == "open" and e.status == "open"
                    and schedule.sessions_for(e) and e.capacity and e.capacity > 2)  # fmt: skip
    assert schedule.sessions_for(open_one)[0].id is not None
    full = next(e for e in editions if e.capacity == 2)
    assert states[full.name] == ["active", "active", "waitlisted"]
    approval = next(e for e in editions if e.enrolment_mode == "approval")
    assert states[approval.name] == ["pending"]
    page = client.get(f"/editions/{full.id}").get_data(True)
    assert "Full: new people join the waitlist" in page and ".ics" in page
