"""Demo: a finished pilot cohort of each published workshop, with people across countries,
sectors and genders, so every chart and table of the dashboard shows something.

The pilot's completions are recorded as history (as a programme importing last year's results
would), not replayed lesson by lesson.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from learning.accounts import services as accounts
from learning.accounts.models import User
from learning.completion.models import Completion, SurveyResponse
from learning.completion.services.certify import issue_certificate
from learning.platform.extensions import db
from learning.workshops.models import Edition, Enrolment, Workshop

FIRST = "Ana Luis María José Carmen Jorge Lucía Pedro Rosa Diego Elena Mario Sofía Raúl".split()
LAST = "Pérez Gómez Hernández López Castillo Morales Ramírez Cruz Flores Reyes Ortiz".split()
COUNTRIES = ["MX", "GT", "BZ", "SV", "HN", "NI", "CR", "PA", "ES", "DE", "CO"]
SECTORS = ["media", "government", "civil-society", "business", "academia", "culture"]
GENDERS = ["woman", "woman", "man", "man", "non-binary", "undisclosed", None]


def load(users: dict[str, User]) -> None:
    """Add 40 pilot participants and a finished pilot edition per published workshop."""
    rng = random.Random(2026)  # noqa: S311 - demo data, not security
    workshops = db.session.scalars(
        select(Workshop).where(Workshop.status == "published").order_by(Workshop.id)
    ).all()
    if not workshops:
        return
    password = accounts.hash_password("puente-demo-2026")
    people = []
    for n in range(40):
        person = User(
            email=f"pilot{n:02d}@demo.puente",
            name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            password_hash=password,
            preferred_language="es" if n % 4 else "en",
            country=COUNTRIES[n % len(COUNTRIES)],
            sector=SECTORS[n % len(SECTORS)],
            gender=GENDERS[n % len(GENDERS)],
            confirmed_at=datetime(2026, 1, 10, tzinfo=UTC) + timedelta(days=n),
            created_at=datetime(2026, 1, 10, tzinfo=UTC) + timedelta(days=n),
        )
        people.append(person)
    db.session.add_all(people)
    db.session.flush()
    for index, workshop in enumerate(workshops):
        pilot = Edition(
            workshop_id=workshop.id,
            name="2026 · 0 (piloto / pilot)",
            starts_on=datetime(2026, 3, 2).date(),
            ends_on=datetime(2026, 4, 24).date(),
            capacity=30,
            country="GT" if index % 2 else "MX",
            enrolment_mode="open",
        )
        db.session.add(pilot)
        db.session.flush()
        for n, person in enumerate(people[index::1][:30]):
            finished = rng.random() < 0.65
            enrolment = Enrolment(
                edition_id=pilot.id,
                user_id=person.id,
                state="completed" if finished else rng.choice(["active", "withdrawn"]),
                created_at=datetime(2026, 2, 20, tzinfo=UTC) + timedelta(hours=n),
            )
            db.session.add(enrolment)
            db.session.flush()
            if not finished:
                continue
            done = datetime(2026, 4, 20, tzinfo=UTC) + timedelta(days=n % 30)
            db.session.add(Completion(enrolment_id=enrolment.id, completed_at=done, rule={}))
            issue_certificate(enrolment)
            if rng.random() < 0.8:
                db.session.add(
                    SurveyResponse(
                        enrolment_id=enrolment.id,
                        rating=rng.choice([3, 4, 4, 5, 5]),
                        comment="",
                        submitted_at=done,
                    )
                )
    db.session.flush()
