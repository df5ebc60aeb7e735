"""Completion fixtures: a published workshop with every kind of lesson, one edition, and the
people of the permission table (``enrolled`` holds an active enrolment)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest

from learning.completion.services import quizzes
from learning.completion.services.quizzes import QuestionData
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.workshops.models import Edition, Enrolment, Lesson, Workshop
from learning.workshops.services.authoring import WorkshopData, publish, save_workshop
from learning.workshops.services.curriculum import ModuleData, save_module
from learning.workshops.services.lessons import LessonData, save_lesson
from tests.workshops.conftest import texts


@dataclass
class World:
    """Module one: text, video, quiz; module two: live session, optional reading."""

    workshop: Workshop
    edition: Edition
    lessons: dict[str, Lesson]
    users: dict[str, Any] = field(default_factory=dict)

    @property
    def slug(self) -> str:
        return self.workshop.slug

    def enrolment(self, role: str = "enrolled") -> Enrolment:
        return db.session.scalar(
            db.select(Enrolment).where(
                Enrolment.user_id == self.users[role].id, Enrolment.edition_id == self.edition.id
            )
        )


@pytest.fixture
def people(app, make_user) -> dict[str, Any]:
    return {
        "visitor": None,
        "participant": make_user(name="Pablo Participante"),
        "enrolled": make_user(name="Elena Núñez", language="es"),
        "other_trainer": make_user(roles=["trainer"], name="Otra Facilitadora"),
        "trainer": make_user(roles=["trainer"], name="Tomás Facilitador"),
        "admin": make_user(roles=["admin"], name="Ada Admin"),
    }


def add_question(lesson: Lesson, kind: str = "single", **kwargs: Any) -> Any:
    """A question: single choice by default (choice 0 correct)."""
    defaults: dict[str, Any] = {
        "single": {"choices": [({"es": "Sí", "en": "Yes"}, True), ({"es": "No"}, False)]},
        "multiple": {"choices": [({"en": "A"}, True), ({"en": "B"}, True), ({"en": "C"}, False)]},
        "truefalse": {"true_answer": False},
        "short": {"accepted": ["Política pública", "policy"]},
    }[kind]
    data = QuestionData(
        kind=kind,
        prompts={"en": f"Question {kind}", "es": f"Pregunta {kind}"},
        feedback={"en": "Because.", "es": "Porque."},
        **{**defaults, **kwargs},
    )
    return quizzes.add_question(lesson, data)


def enrol(user: Any, edition: Edition, state: str = "active", when: Any = None) -> Enrolment:
    enrolment = Enrolment(
        edition=edition, user_id=user.id, state=state, created_at=when or utcnow()
    )
    db.session.add(enrolment)
    db.session.flush()
    return enrolment


def make_world(people: dict[str, Any], status: str = "published") -> World:
    trainer = people["trainer"]
    workshop = save_workshop(
        None,
        WorkshopData(
            slug="datos",
            texts=texts("Periodismo de datos", "Data journalism"),
            themes=["democracy"],
            audiences=["journalists"],
            teaching_languages=["es", "en"],
            estimated_hours=12,
            trainer_ids=[trainer.id],
        ),
        author=trainer,
    )
    one = save_module(workshop, None, ModuleData(texts=texts("Uno", "One")))
    two = save_module(workshop, None, ModuleData(texts=texts("Dos", "Two")))
    now = utcnow()
    lessons = {
        "text": save_lesson(one, None, LessonData(kind="text", texts=texts("A", "A"))),
        "video": save_lesson(
            one,
            None,
            LessonData(kind="video", texts=texts("V", "V"), url="https://video.example.org/v"),
        ),
        "quiz": save_lesson(one, None, LessonData(kind="quiz", texts=texts("Q", "Q"))),
        "live": save_lesson(
            two,
            None,
            LessonData(
                kind="live",
                texts=texts("En vivo", "Live"),
                starts_at=now - timedelta(days=1),
                ends_at=now - timedelta(days=1) + timedelta(hours=2),
                timezone="America/Mexico_City",
            ),
        ),
        "reading": save_lesson(
            two,
            None,
            LessonData(
                kind="reading",
                texts=texts("Lectura", "Reading"),
                url="https://example.org/r",
                required=False,
            ),
        ),
    }
    add_question(lessons["quiz"])
    if status == "published":
        publish(workshop)
    today = now.date()
    edition = Edition(
        workshop=workshop,
        name="Cohorte 1",
        starts_on=today - timedelta(days=10),
        ends_on=today + timedelta(days=30),
    )
    db.session.add(edition)
    db.session.flush()
    enrol(people["enrolled"], edition, when=now - timedelta(days=5))
    db.session.commit()
    return World(workshop, edition, lessons, people)


@pytest.fixture
def world(app, people) -> World:
    return make_world(people)


@pytest.fixture
def certified(world, people, make_user):
    """Two holders (one Spanish, one English) and one revoked certificate."""
    from learning.completion.services.certify import certificate_for, revoke
    from tests.completion.test_engine import _do_lessons  # a test module: imports this one

    holders = [world.enrolment()]
    for name, language in (("Ana Inglesa", "en"), ("Rita Revocada", "es")):
        person = make_user(name=name, language=language)
        # Enrolled before the live session, so they are on its attendance roster.
        holders.append(enrol(person, world.edition, when=utcnow() - timedelta(days=5)))
    for enrolment in holders:
        _do_lessons(world, enrolment)
    db.session.commit()
    certificates = [certificate_for(enrolment) for enrolment in holders]
    revoke(certificates[2], by=people["admin"], reason="Duplicated")
    db.session.commit()
    return certificates
