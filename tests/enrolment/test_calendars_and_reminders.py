"""Calendars (.ics per edition, a private feed per person) and the "tomorrow" reminders."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from icalendar import Calendar
from sqlalchemy import func, select

from learning.enrolment.models import SessionReminder
from learning.enrolment.services import calendars, schedule
from learning.platform.extensions import db
from tests.enrolment.test_enrolment import _client
from tests.support.queries import count_statements


def test_edition_calendar_is_valid_icalendar_with_the_editions_own_times(
    app, workshop_world, make_edition, client
):
    edition = make_edition(workshop_world.workshop)
    session = schedule.sessions_for(edition)[0]
    moved = datetime(2031, 3, 12, 16, 0, tzinfo=UTC)
    trainer = _client(app, workshop_world.users["trainer"])
    response = trainer.post(
        f"/editions/{edition.id}/sessions/{session.lesson_id}",
        data={"starts_at": "2031-03-12T10:00", "ends_at": "2031-03-12T12:00", "place": "Sala 2"},
    )
    assert response.status_code == 303
    bad = trainer.post(
        f"/editions/{edition.id}/sessions/{session.lesson_id}",
        data={"starts_at": "2031-03-12T10:00", "ends_at": "2031-03-12T09:00"},
    )
    assert bad.status_code == 400 and "must end after it starts" in bad.get_data(True)
    with client.get(f"/editions/{edition.id}/calendar.ics") as response:
        assert response.status_code == 200 and response.mimetype == "text/calendar"
        calendar = Calendar.from_ical(response.data)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    assert events[0].decoded("dtstart") == moved  # 10:00 in Mexico City is 16:00 UTC
    assert events[0]["location"] == "Sala 2"
    assert str(events[0]["uid"]).startswith(f"edition-{edition.id}-lesson-")
    # The curriculum keeps its own time; the edition page names the time zone.
    page = client.get(f"/editions/{edition.id}").get_data(True)
    assert "10:00" in page and "Mexico City time" in page and "Central" not in page


def test_private_feed_has_active_sessions_and_can_be_replaced_or_turned_off(
    app, workshop_world, make_edition, make_user, client
):
    edition = make_edition(workshop_world.workshop)
    other = make_edition(workshop_world.workshop, name="Otra", capacity=1)
    person = make_user()
    me = _client(app, person)
    me.post(f"/editions/{edition.id}/enrol")
    _client(app, make_user()).post(f"/editions/{other.id}/enrol")
    me.post(f"/editions/{other.id}/enrol")  # waitlisted: not in the feed
    page = me.post("/my-learning/calendar").get_data(True)
    url = re.search(r'value="https?://[^/"]+(/calendar/[^"]+\.ics)"', page).group(1)
    assert calendars.calendar_token_row(person).token_hash not in url
    with client.get(url) as response:  # no sign-in needed
        assert response.status_code == 200
        calendar = Calendar.from_ical(response.data)
    uids = [str(e["uid"]) for e in calendar.walk("VEVENT")]
    assert len(uids) == 1 and f"edition-{edition.id}-" in uids[0]
    me.post("/my-learning/calendar")  # a new link: the old one stops working
    with client.get(url) as response:
        assert response.status_code == 404
    assert me.post("/my-learning/calendar/revoke").status_code == 303
    with client.get("/calendar/made-up-token.ics") as response:
        assert response.status_code == 404


def test_reminders_go_once_to_active_participants_in_their_language(
    app, workshop_world, make_edition, make_user, outbox
):
    from learning.enrolment.cli import send_reminders_command

    edition = make_edition(workshop_world.workshop)
    session = schedule.sessions_for(edition)[0]
    start = datetime.now(UTC) + timedelta(hours=20)
    schedule.update_session(
        edition,
        session.lesson,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        meeting_url="https://meet.example.org/abc",
    )
    db.session.commit()
    es_person, en_person, waiting = (
        make_user(language="es"),
        make_user(language="en"),
        make_user(),
    )
    for user in (es_person, en_person):
        _client(app, user).post(f"/editions/{edition.id}/enrol")
    runner = app.test_cli_runner()
    result = runner.invoke(send_reminders_command)
    assert result.exit_code == 0 and "2 reminders sent" in result.output
    assert outbox.to(es_person.email)[-1]["Subject"].startswith("Mañana:")
    assert outbox.to(en_person.email)[-1]["Subject"].startswith("Tomorrow:")
    assert "meet.example.org" in outbox.body(outbox.to(en_person.email)[-1])
    # Each in the recipient's words for the session's zone (issue 22), not babel's "Central".
    assert "(Mexico City time)" in outbox.body(outbox.to(en_person.email)[-1])
    assert "(hora de Ciudad de México)" in outbox.body(outbox.to(es_person.email)[-1])
    assert not outbox.to(waiting.email)
    again = runner.invoke(send_reminders_command)
    assert "0 reminders sent" in again.output
    assert db.session.scalar(select(func.count(SessionReminder.id))) == 2


def test_my_learning_groups_states_shows_next_session_and_progress(
    app, workshop_world, make_edition, make_user
):
    from learning.enrolment.services.mylearning import Progress
    from learning.platform import cache
    from learning.platform.slots import MY_LEARNING_PROGRESS

    empty = _client(app, make_user()).get("/my-learning").get_data(True)
    assert "not enrolled in any workshop yet" in empty
    full = make_edition(workshop_world.workshop, capacity=1, name="Llena")
    open_one = make_edition(workshop_world.workshop, name="Abierta")
    person = make_user()
    me = _client(app, person)
    _client(app, make_user()).post(f"/editions/{full.id}/enrol")
    me.post(f"/editions/{full.id}/enrol")
    me.post(f"/editions/{open_one.id}/enrol")
    filled = app.extensions.setdefault("slots", {})
    # The completion feature's, if installed.
    registered = filled.pop(MY_LEARNING_PROGRESS.name, None)
    try:
        page = me.get("/my-learning").get_data(True)
        assert "On the waitlist" in page and "Enrolled" in page
        assert "Next live session:" in page and "(Mexico City time)" in page
        assert "<progress" not in page  # no provider registered: no bar
        MY_LEARNING_PROGRESS.fill(
            app, lambda enrolments: {e.id: Progress(2, 4, 50, "/somewhere") for e in enrolments}
        )
        cache.store(app).clear()  # a provider comes with new code: workers start empty
        page = me.get("/my-learning").get_data(True)
    finally:
        filled.pop(MY_LEARNING_PROGRESS.name, None)
        if registered is not None:
            filled[MY_LEARNING_PROGRESS.name] = registered
    assert '<progress id="progress-' in page and 'value="50"' in page
    assert "50% (2 of 4)" in page and 'href="/somewhere"' in page


def test_my_learning_queries_do_not_grow_with_enrolments(
    app, workshop_world, make_edition, make_user
):
    person = make_user()
    me = _client(app, person)

    def count() -> int:
        return count_statements(me, "/my-learning")

    me.post(f"/editions/{make_edition(workshop_world.workshop, name='A').id}/enrol")
    few = count()
    for n in range(4):
        me.post(f"/editions/{make_edition(workshop_world.workshop, name=f'B{n}').id}/enrol")
    assert count() == few
