"""Calls fixtures: programme staff, calls made through the service (open unless said
otherwise), an applicant's application filled step by step, and the form staff post."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from learning.calls.services import applications
from learning.calls.services import calls as call_services
from learning.platform.extensions import db
from learning.storage import services as storage
from learning.workshops.services.common import Texts

ZONE = "America/Mexico_City"


def wall(days: float, hour: int = 10) -> datetime:
    """A naive wall-clock time in Mexico City ``days`` from today at ``hour``."""
    today = datetime.now(ZoneInfo(ZONE)).replace(tzinfo=None)
    return today.replace(hour=hour, minute=0, second=0, microsecond=0) + timedelta(days=days)


def texts(es: str = "Beca de periodismo", en: str = "Journalism fellowship") -> dict[str, Texts]:
    return {
        "es": Texts(title=es, summary="Resumen", body="Un CV de dos páginas."),
        "en": Texts(title=en, summary="Summary", body="A two-page CV."),
    }


@pytest.fixture
def staff(make_user):
    """Programme staff: an administrator, who runs calls."""
    return make_user(roles=["admin"], name="Sofía Staff")


@pytest.fixture
def make_call(app, staff):
    """make_call(status="open", days=10, rules={...}, **CallData fields) -> Call, opened a day
    ago and closing ``days`` from now."""

    def factory(*, status: str = "open", days: float = 10, **fields: Any) -> Any:
        data = call_services.CallData(
            texts=fields.pop("texts", texts()),
            kind=fields.pop("kind", "fellowship"),
            timezone=fields.pop("timezone", ZONE),
            opens_at=fields.pop("opens_at", wall(-1)),
            closes_at=fields.pop("closes_at", wall(days, 17)),
            places=fields.pop("places", 3),
            statement_limit=fields.pop("statement_limit", 500),
            rules=fields.pop("rules", {"country": ["MX", "GT"], "document": []}),
            referees=fields.pop("referees", 0),
        )
        call = call_services.save_call(None, data, author=staff)
        if status != "draft":
            call_services.open_call(call)
            call.status = status
        db.session.commit()
        return call

    return factory


@pytest.fixture
def attach(app):
    """attach(application, name="cv.pdf") -> the application with a stored document."""

    def factory(application: Any, name: str = "cv.pdf") -> Any:
        row = storage.store_upload(
            io.BytesIO(b"%PDF-1.4 curriculum"), name, kind="call-document", uploader_id=None
        )
        applications.set_document(application, row)
        db.session.commit()
        return application

    return factory


@pytest.fixture
def filled(app, attach):
    """filled(user, call) -> a complete draft application (profile, proposal, document)."""

    def factory(user: Any, call: Any) -> Any:
        application = applications.start(user, call)
        applications.save_profile(
            application,
            applications.Profile(
                country="MX", sector="media", career_stage="early", previous_award="no"
            ),
        )
        applications.save_proposal(
            application,
            applications.Proposal(
                project_title="Datos abiertos en la prensa local",
                statement="Quiero investigar el uso de datos abiertos.",
                start_on=date.today() + timedelta(days=60),
            ),
        )
        db.session.commit()
        return attach(application)

    return factory


def call_form(**fields: str) -> dict[str, Any]:
    """What staff post to create a call; ``fields`` add to it or replace."""
    return {
        "title_es": "Estancia de investigación",
        "title_en": "Research stay",
        "summary_es": "Resumen",
        "summary_en": "Summary",
        "kind": "stay",
        "timezone": ZONE,
        "opens_at": wall(1, 9).strftime("%Y-%m-%dT%H:%M"),
        "closes_at": wall(30, 17).strftime("%Y-%m-%dT%H:%M"),
        "places": "4",
        "statement_limit": "2000",
        "reviews_each": "2",
        "rules": ["country", "sector"],
        "rule_countries": ["GT", "HN"],
        "rule_sectors": ["academia"],
        **fields,
    }
