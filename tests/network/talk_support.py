"""Fixtures and helpers of the network's conversation tests (following, discussion,
moderation, contact, digest): a published research output and event to talk about, members
old enough not to be held back, a moderator, and profiles people may see. The fixtures reach
the tests through tests/network/conftest.py."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from learning.network.models import Profile
from learning.network.talk_models import Post, TalkSettings
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.research.services.curation import approve, submit
from learning.research.services.deposit import CreatorData, VersionData, create_output
from learning.storage.services import store_upload
from tests.events.conftest import make_event, organiser  # noqa: F401 - fixtures
from tests.research.conftest import PDF, make_output  # noqa: F401 - fixture


def seasoned(user: Any, days: int = 60) -> Any:
    """Make ``user``'s account ``days`` old (no longer a new member)."""
    user.created_at = utcnow() - timedelta(days=days)
    db.session.commit()
    return user


def new_output(owner: Any, curator: Any, title_es: str, title_en: str) -> Any:
    """A public research output by ``owner``, published by ``curator`` (committed)."""
    stored = store_upload(io.BytesIO(PDF), "nota.pdf", kind="research", uploader_id=owner.id)
    data = VersionData(
        output_type="policy_brief",
        organisation="Centro de Estudios",
        publication_date=date(2025, 3, 1),
        texts={"es": (title_es, "Resumen."), "en": (title_en, "Abstract.")},
        creators=[CreatorData(name=owner.name)],
        languages=["es"],
        keywords=["datos"],
        themes=["democracy"],
        countries=["GT"],
    )
    output = create_output(
        owner, data, access="public", embargo_until=None, files=[stored], today=date(2000, 1, 1)
    )
    submit(output.newest)
    approve(output.newest, curator)
    db.session.commit()
    return output


def open_profile(user: Any, visibility: str = "network") -> Any:
    """Give ``user`` a network profile others may see (``network``: signed-in members)."""
    profile = Profile(user_id=user.id, visibility=visibility)
    db.session.add(profile)
    db.session.commit()
    return profile


def allow(user: Any, *, messages: bool = True, mentions: bool = True, digest: str = "never"):
    """Save ``user``'s conversation settings."""
    row = db.session.get(TalkSettings, user.id) or TalkSettings(user_id=user.id)
    row.allow_messages, row.allow_mentions, row.digest = messages, mentions, digest
    db.session.add(row)
    db.session.commit()
    return row


@pytest.fixture(name="member")
def talk_member(make_user) -> Any:
    """A member of two months with a profile others may see."""
    user = seasoned(make_user(name="Marta Miembro"))
    open_profile(user)
    return user


@pytest.fixture
def moderator(make_user) -> Any:
    """A curator who also holds the moderator role, so moderates the discussions."""
    user = seasoned(make_user(roles=["curator", "moderator"], name="Mónica Moderadora"))
    open_profile(user)
    return user


@pytest.fixture
def talk_output(make_user) -> Any:
    """A published research output to discuss."""
    owner = make_user(roles=["researcher"], name="Rosa Investigadora")
    curator = make_user(roles=["curator"], name="Carmen Curadora")
    return new_output(
        owner, curator, "Datos abiertos en Centroamérica", "Open data in Central America"
    )


@pytest.fixture(name="post")
def talk_post(client_for, member, talk_output) -> Any:
    """A visible post by ``member`` on the output."""
    client_for(member).post(
        f"/network/discussions/output/{talk_output.id}",
        data={"title": "Hilo", "body": "Texto original del aporte"},
    )
    return db.session.scalars(select(Post)).one()


@pytest.fixture
def make_member(make_user) -> Callable[..., Any]:
    """make_member(name=..., new=False, visible=True) -> a member."""

    def factory(name: str | None = None, *, new: bool = False, visible: bool = True, **kw: Any):
        user = make_user(name=name, **kw)
        if not new:
            seasoned(user)
        if visible:
            open_profile(user)
        return user

    return factory
