"""Seeded events, after the event: at each past event, the people registered attended its
first sessions (the first three in person, the rest online, one each), the event's rule asks
for two sessions, and everyone who meets it holds a certificate of attendance (issue 18)."""

from __future__ import annotations

import secrets

from sqlalchemy import text

from learning.demo.seed_rows import Seeding, insert_rows
from learning.platform.extensions import db

SESSIONS_ATTENDED = 2


def seed_event_after(run: Seeding) -> None:
    """Write session attendance, rules and certificates for the seeded past events."""
    now = run.now
    past = db.session.execute(
        text("SELECT id FROM events WHERE ends_at < :now ORDER BY id"), {"now": now}
    ).all()
    present, rules, held = [], [], []
    for (event_id,) in past:
        sessions = db.session.scalars(
            text("SELECT id FROM event_sessions WHERE event_id = :e ORDER BY starts_at, id"),
            {"e": event_id},
        ).all()[:SESSIONS_ATTENDED]
        people = db.session.scalars(
            text(
                "SELECT user_id FROM event_registrations WHERE event_id = :e AND "
                "state = 'registered' ORDER BY id"
            ),
            {"e": event_id},
        ).all()
        for n, user_id in enumerate(people):
            for session_id in sessions:
                present.append(
                    {"event_id": event_id, "session_id": session_id,
                     "mode": "in-person" if n < 3 else "online", "user_id": user_id,
                     "name": None, "email": None, "recorded_at": now}
                )  # fmt: skip
            if len(sessions) >= SESSIONS_ATTENDED:
                held.append(
                    {"event_id": event_id, "user_id": user_id,
                     "code": secrets.token_urlsafe(16), "language": "es", "issued_at": now}
                )  # fmt: skip
        rules.append(
            {"event_id": event_id, "measure": "sessions", "minimum": SESSIONS_ATTENDED,
             "mode": "any", "updated_at": now}
        )  # fmt: skip
    run.counts["event_session_attendances"] = insert_rows("event_session_attendances", present)
    insert_rows("event_certificate_rules", rules)
    run.counts["event_certificates"] = insert_rows("event_certificates", held)
    run.step("events after")
