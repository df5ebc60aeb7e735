"""Seeded events: two per workshop of the size, past and upcoming, each with a bilingual text,
themes and countries, a two-day agenda of four sessions with speakers, two registration
questions (a text and a choice), and registrations of the seeded participants that respect
capacity (the rest on the waitlist, in order), each with its answers."""

from __future__ import annotations

from datetime import timedelta

from learning.demo.seed_rows import COUNTRIES, THEMES, TOPICS, Seeding, insert_rows, next_id
from learning.language.text import normalise

KINDS = ("forum", "forum", "film", "book", "exhibition", "concert")
FORMATS = ("in-person", "online", "hybrid")
SESSIONS = 4
ZONE = "America/Mexico_City"


def seed_events(run: Seeding, organisers: list[int], participants: list[int]) -> None:
    """Write the events, their agenda and registrations."""
    rng, now = run.rng, run.now
    count = max(2, run.size.workshops * 2)
    first = next_id("events")
    session_id = next_id("event_sessions")
    events, texts, tags, sessions, titles, speakers, registrations = [], [], [], [], [], [], []
    question_id = next_id("event_questions")
    registration_id = next_id("event_registrations")
    asked, labels, answers = [], [], []
    for n in range(count):
        event_id = first + n
        es, en = TOPICS[n % len(TOPICS)]
        starts = (now + timedelta(days=rng.randint(-60, 90))).replace(minute=0, second=0)
        capacity = rng.choice((None, 20, 50, 100))
        events.append(
            {
                "id": event_id,
                "kind": KINDS[n % len(KINDS)],
                "format": FORMATS[n % len(FORMATS)],
                "status": "published",
                "starts_at": starts,
                "ends_at": starts + timedelta(days=1, hours=8),
                "timezone": ZONE,
                "venue": "Centro Cultural",
                "address": "Ciudad de México",
                "online_url": "https://meet.example.org/seed",
                "capacity": capacity,
                "requires_approval": False,
                "registrations_serial": 0,
                "search_text": normalise(f"Foro: {es} Forum: {en}"),
                "created_by_id": organisers[n % len(organisers)],
                "created_at": now,
                "updated_at": now,
                "published_at": now,
            }
        )
        texts += [
            {"event_id": event_id, "language": "es", "title": f"Foro: {es}",
             "summary": f"Un foro sobre {es.lower()}.", "description": ""},
            {"event_id": event_id, "language": "en", "title": f"Forum: {en}",
             "summary": f"A forum on {en.lower()}.", "description": ""},
        ]  # fmt: skip
        tags += [
            {"event_id": event_id, "facet": "theme", "value": THEMES[n % len(THEMES)]},
            {"event_id": event_id, "facet": "country", "value": COUNTRIES[n % len(COUNTRIES)]},
        ]
        for s in range(SESSIONS):
            begins = starts + timedelta(days=s // 2, hours=2 * (s % 2))
            sessions.append(
                {"id": session_id, "event_id": event_id, "starts_at": begins,
                 "ends_at": begins + timedelta(hours=1, minutes=30), "room": f"Sala {s % 2 + 1}",
                 "interpretation": "en es"}
            )  # fmt: skip
            titles += [
                {"session_id": session_id, "language": "es", "title": f"Sesión {s + 1}: {es}"},
                {"session_id": session_id, "language": "en", "title": f"Session {s + 1}: {en}"},
            ]
            speakers += [
                {"session_id": session_id, "position": p, "name": f"Ponente {p + 1}",
                 "affiliation": "Centro de pensamiento"}
                for p in range(2)
            ]  # fmt: skip
            session_id += 1
        # Two registration questions, a text and a choice, answered by everyone registering.
        text_id, choice_id = question_id, question_id + 1
        question_id += 2
        asked += [
            {"id": text_id, "event_id": event_id, "position": 1, "kind": "text",
             "required": True, "max_length": 200, "created_at": now},
            {"id": choice_id, "event_id": event_id, "position": 2, "kind": "choice",
             "required": False, "max_length": None, "created_at": now},
        ]  # fmt: skip
        labels += [
            {"question_id": text_id, "language": "es", "label": "Organización", "options": ""},
            {"question_id": text_id, "language": "en", "label": "Organisation", "options": ""},
            {"question_id": choice_id, "language": "es", "label": "Taller preferido",
             "options": "Datos\nRadio\nSeguridad"},
            {"question_id": choice_id, "language": "en", "label": "Preferred workshop",
             "options": "Data\nRadio\nSafety"},
        ]  # fmt: skip
        people = rng.sample(participants, min(len(participants), (capacity or 30) + 5))
        for position, user_id in enumerate(people):
            waiting = capacity is not None and position >= capacity
            answers += [
                {"registration_id": registration_id, "question_id": text_id,
                 "user_id": user_id, "value": f"Medio {position + 1}"},
                {"registration_id": registration_id, "question_id": choice_id,
                 "user_id": user_id, "value": str(position % 3)},
            ]  # fmt: skip
            registrations.append(
                {"id": registration_id, "event_id": event_id, "user_id": user_id,
                 "state": "waitlisted" if waiting else "registered",
                 "position": position - capacity + 1 if waiting else None,
                 "consent_list": bool(position % 2), "consent_photos": False,
                 "consent_news": False, "accessibility": "",
                 "created_at": now - timedelta(minutes=len(people) - position),
                 "updated_at": now}
            )  # fmt: skip
            registration_id += 1
    run.counts["events"] = insert_rows("events", events)
    insert_rows("event_translations", texts)
    insert_rows("event_tags", tags)
    run.counts["event_sessions"] = insert_rows("event_sessions", sessions)
    insert_rows("event_session_translations", titles)
    insert_rows("event_speakers", speakers)
    run.counts["event_registrations"] = insert_rows("event_registrations", registrations)
    insert_rows("event_questions", asked)
    insert_rows("event_question_translations", labels)
    insert_rows("event_answers", answers)
    run.step("events")
