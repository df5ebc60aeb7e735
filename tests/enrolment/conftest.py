"""Enrolment fixtures: the workshops world (people of each kind, a published workshop with a
live session) plus editions made through the service."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from learning.enrolment.services import editions
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.workshops.services import lessons
from learning.workshops.services.lessons import LessonData
from tests.workshops.conftest import build, people, texts  # noqa: F401

__all__ = ["build", "people"]


def live_lesson(workshop: Any, *, days: int = 10, hour: int = 16) -> Any:
    """Add a live session to the workshop's first module (UTC times)."""
    start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=days)
    start = start.replace(hour=hour)
    return lessons.save_lesson(
        workshop.modules[0],
        None,
        LessonData(
            kind="live",
            texts=texts("Sesión en vivo", "Live session"),
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            timezone="America/Mexico_City",
            place="Zoom",
            meeting_url="https://meet.example.org/abc",
        ),
    )


def edition_form(*, days: tuple[int, int] = (7, 30), **fields: str) -> dict[str, str]:
    """What a trainer posts to create or edit an edition: open to all, from ``days[0]`` to
    ``days[1]`` days from today; ``fields`` add to it or replace."""
    today = utcnow().date()
    return {
        "name": "Cohorte",
        "starts_on": (today + timedelta(days=days[0])).isoformat(),
        "ends_on": (today + timedelta(days=days[1])).isoformat(),
        "timezone": "America/Mexico_City",
        "status": "open",
        "mode": "open",
        **fields,
    }


@pytest.fixture
def make_edition(app):
    """make_edition(workshop, capacity=5, mode="open", key="", **more) -> Edition (committed)."""

    def factory(workshop: Any, **fields: Any) -> Any:
        today = utcnow().date()
        data = editions.EditionData(
            name=fields.pop("name", "Cohorte 1"),
            starts_on=fields.pop("starts_on", today + timedelta(days=7)),
            ends_on=fields.pop("ends_on", today + timedelta(days=40)),
            timezone=fields.pop("timezone", "America/Mexico_City"),
            **fields,
        )
        edition, _notices = editions.save_edition(workshop, None, data)
        db.session.commit()
        return edition

    return factory


@pytest.fixture
def workshop_world(build):
    """The workshops World of ``build()`` (the published workshop "datos" and its people) with
    a live session added."""
    world = build()
    live_lesson(world.workshop)
    db.session.commit()
    return world
