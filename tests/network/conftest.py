"""Network fixtures (organisations and people): members with profiles made through the
service, organisations, and the profile form a person posts. The conversation's tests keep
their own helpers in talk_support.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from learning.network.services import organisations as org_services
from learning.network.services import profiles
from learning.platform.extensions import db
from tests.calls.conftest import make_call  # noqa: F401 - fixture (calls in the feed)
from tests.network.talk_support import (  # noqa: F401 - the conversation's fixtures
    make_event,
    make_member,
    make_output,
    moderator,
    organiser,
    talk_member,
    talk_output,
    talk_post,
)


def profile_form(**fields: Any) -> dict[str, Any]:
    """What the profile page posts: every field, network audiences, overridden by ``fields``."""
    form = {
        "visibility": "network",
        "headline": "Periodista de datos",
        "bio": "Investigo contratos públicos.",
        "city": "Tegucigalpa",
        "country": "HN",
        "contact_email": "",
        "website": "",
        "orcid": "",
        "themes": ["democracy"],
        "keywords": "contratación pública, transparencia",
        "languages": ["es", "en"],
        "headline_visibility": "network",
        "bio_visibility": "network",
        "location_visibility": "network",
        "contact_visibility": "staff",
        "orcid_visibility": "network",
        "expertise_visibility": "network",
        "languages_visibility": "network",
    }
    form.update(fields)
    return form


def with_profile(user: Any, **fields: Any) -> Any:
    """Give ``user`` a profile (committed); ``visibility`` and ``<field>_visibility`` keys set
    the audiences, other keys the ProfileData fields."""
    audiences = {
        key.removesuffix("_visibility"): fields.pop(key)
        for key in list(fields)
        if key.endswith("_visibility")
    }
    data = profiles.ProfileData(
        visibility=fields.pop("visibility", "network"),
        headline=fields.pop("headline", "Periodista de datos"),
        themes=fields.pop("themes", ["democracy"]),
        field_visibility=audiences,
        **fields,
    )
    profile = profiles.save_profile(user, data)
    db.session.commit()
    return profile


@pytest.fixture
def staff(make_user) -> Any:
    """A curator: programme staff."""
    return make_user(roles=["curator"], name="Sara Staff")


@pytest.fixture
def make_org(app, staff) -> Callable[..., Any]:
    """make_org(name=..., **OrganisationData fields) -> an active organisation."""

    def factory(name: str = "Observatorio Ciudadano", **fields: Any) -> Any:
        data = org_services.OrganisationData(
            kind=fields.pop("kind", "think-tank"),
            name=name,
            country=fields.pop("country", "GT"),
            city=fields.pop("city", "Ciudad de Guatemala"),
            descriptions=fields.pop("descriptions", {"es": "Un centro de pensamiento."}),
            themes=fields.pop("themes", ["democracy"]),
            **fields,
        )
        organisation = org_services.create_organisation(data, staff)
        db.session.commit()
        return organisation

    return factory


def add_member(organisation: Any, user: Any, role: str = "Investigadora", admin: bool = False):
    """Make ``user`` a confirmed member of ``organisation`` (committed)."""
    member = org_services.request_join(organisation, user, role)
    org_services.confirm(member)
    member.is_admin = admin
    db.session.commit()
    return member
