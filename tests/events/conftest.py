"""Events fixtures: an organiser, events made through the service (published unless said
otherwise), and the form an organiser posts."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from learning.events.services import agenda
from learning.events.services import events as event_services
from learning.platform.extensions import db
from learning.workshops.services.common import Texts

ZONE = "America/Mexico_City"


def wall(days: float, hour: int = 10) -> datetime:
    """A naive wall-clock time in Mexico City ``days`` from today at ``hour``."""
    today = datetime.now(ZoneInfo(ZONE)).replace(tzinfo=None)
    return today.replace(hour=hour, minute=0, second=0, microsecond=0) + timedelta(days=days)


def texts(es: str, en: str, summary: str = "") -> dict[str, Texts]:
    return {
        "es": Texts(title=es, summary=summary and f"{summary} (es)"),
        "en": Texts(title=en, summary=summary and f"{summary} (en)"),
    }


@pytest.fixture
def organiser(make_user):
    """A person with the trainer role, who may organise events."""
    return make_user(roles=["trainer"], name="Olga Organizadora")


@pytest.fixture
def make_event(app, organiser):
    """make_event(status="published", capacity=None, days=10, **EventData fields) -> Event."""

    def factory(*, status: str = "published", days: float = 10, **fields: Any) -> Any:
        data = event_services.EventData(
            texts=fields.pop("texts", texts("Foro de democracia", "Democracy forum", "Debate")),
            kind=fields.pop("kind", "forum"),
            format=fields.pop("format", "hybrid"),
            themes=fields.pop("themes", ["democracy"]),
            countries=fields.pop("countries", ["GT"]),
            timezone=fields.pop("timezone", ZONE),
            starts_at=fields.pop("starts_at", wall(days, 9)),
            ends_at=fields.pop("ends_at", wall(days + 1, 18)),
            venue=fields.pop("venue", "Centro Cultural de España"),
            online_url=fields.pop("online_url", "https://meet.example.org/foro"),
            **fields,
        )
        event, _ = event_services.save_event(None, data, author=fields.get("author", organiser))
        if status == "published":
            event_services.publish(event)
        elif status != "draft":
            event.status = status
        db.session.commit()
        return event

    return factory


@pytest.fixture
def add_session(app):
    """add_session(event, day=0, hour=10, title=("Apertura", "Opening"), speakers="") -> session."""

    def factory(event: Any, *, start: datetime, hours: int = 1, **fields: Any) -> Any:
        es, en = fields.pop("title", ("Apertura", "Opening"))
        session = agenda.save_session(
            event,
            None,
            agenda.SessionData(
                texts={"es": Texts(title=es), "en": Texts(title=en)},
                starts_at=start,
                ends_at=start + timedelta(hours=hours),
                **fields,
            ),
        )
        db.session.commit()
        return session

    return factory


def event_form(**fields: str) -> dict[str, str]:
    """What an organiser posts to create an event; ``fields`` add to it or replace."""
    return {
        "title_es": "Foro de clima",
        "title_en": "Climate forum",
        "summary_es": "Resumen",
        "summary_en": "Summary",
        "kind": "forum",
        "format": "in-person",
        "themes": "climate",
        "countries": "CR",
        "timezone": ZONE,
        "starts_at": wall(20, 9).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": wall(20, 17).strftime("%Y-%m-%dT%H:%M"),
        "venue": "Teatro Nacional",
        "capacity": "50",
        **fields,
    }
