"""A person's network profile, its keywords and languages and their memberships are in their
personal data; deleting the account removes them, and organisations they proposed stay without
them. The demo loads organisations and profiles with varied audiences."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from learning.accounts.privacy import holds_text
from learning.demo.commands import load_demo
from learning.network.models import (
    Organisation,
    OrganisationMember,
    Profile,
    ProfileTag,
)
from learning.network.services import profiles
from learning.platform.extensions import db
from tests.conftest import TEST_PASSWORD
from tests.network.conftest import add_member, profile_form


def test_profile_and_memberships_are_exported_then_deleted(client_for, make_user, make_org):
    person = make_user(name="Xochitl Quetzal", email="xochitl@example.org")
    client = client_for(person)
    form = profile_form(
        headline="Xochitl Quetzal, periodista",
        bio="Soy Xochitl Quetzal.",
        orcid="0000-0002-1825-0097",
    )
    assert client.post("/network/profile", data=form).status_code == 303
    org = make_org()
    add_member(org, person, "Reportera")
    proposal = {"kind": "media", "name": "Medio de Xochitl", "country": "MX", "city": "Puebla"}
    assert client.post("/network/organisations/new", data=proposal).status_code == 303
    data = json.loads(client.get("/account/data.json").data)
    [profile] = data["records"]["network_profiles"]
    assert profile["headline"].startswith("Xochitl") and profile["orcid"] == "0000-0002-1825-0097"
    tags = {(row["facet"], row["value"]) for row in data["records"]["network_profile_tags"]}
    assert ("keyword", "transparencia") in tags and ("language", "en") in tags
    roles = {row["role"] for row in data["records"]["network_organisation_members"]}
    assert roles == {"Reportera", ""}  # the one she confirmed, and the one she proposed
    assert data["records"]["network_organisations"][0]["name"] == "Medio de Xochitl"

    answer = client.post("/account/delete", data={"password": TEST_PASSWORD, "confirm": "y"})
    assert answer.status_code in (302, 303)
    db.session.expire_all()
    assert db.session.get(Profile, person.id) is None
    assert db.session.scalar(select(func.count()).select_from(ProfileTag)) == 0
    assert db.session.scalar(select(func.count()).select_from(OrganisationMember)) == 0
    kept = db.session.scalar(select(Organisation).where(Organisation.name == "Medio de Xochitl"))
    assert kept is not None and kept.proposed_by_id is None
    assert holds_text("Xochitl Quetzal") == [] and holds_text("xochitl@example.org") == []
    assert client_for(None).get(f"/network/people/{person.id}").status_code == 404


def test_the_demo_has_organisations_and_profiles_of_every_audience(app):
    load_demo()
    db.session.commit()
    kinds = set(db.session.scalars(select(Organisation.kind)))
    assert kinds == {
        "think-tank", "university", "media", "civil-society", "public-body",
        "business-association", "international",
    }  # fmt: skip
    countries = set(db.session.scalars(select(Organisation.country)))
    assert {"MX", "GT", "HN", "SV", "NI", "CR", "PA", "BZ"} <= countries
    audiences = set(db.session.scalars(select(Profile.visibility)))
    assert audiences == {"public", "network", "private"}
    assert (
        db.session.scalar(
            select(func.count()).select_from(Organisation).where(Organisation.status == "proposed")
        )
        == 1
    )
    at_risk = db.session.scalar(select(Profile).where(Profile.location_visibility == "staff"))
    assert at_risk is not None and at_risk.contact_visibility == "staff"
    # Visitors see the public ones only.
    public = db.session.scalars(select(Profile).where(Profile.visibility == "public")).all()
    for profile in db.session.scalars(select(Profile)):
        assert (profiles.visible_profile(None, profile.user) is not None) is (profile in public)
