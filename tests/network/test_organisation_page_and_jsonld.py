"""The organisation page's facts lead to the filtered lists, its admins run the members from
it, and the schema.org descriptions (JSON-LD) of organisations and people carry only what a
visitor may see."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select

from learning.network.models import OrganisationMember
from learning.platform.extensions import db
from tests.network.conftest import add_member, with_profile


def jsonld(page: str) -> dict | None:
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert len(found) <= 1
    return json.loads(found[0]) if found else None


def test_the_facts_link_to_the_filtered_lists(client_for, make_org):
    org = make_org("Centro Enlazado", kind="university", country="CR", themes=["climate"])
    page = client_for(None).get(f"/network/organisations/{org.id}").text
    for link in (
        "/network/organisations/?kind=university",
        "/network/organisations/?country=CR",
        "/network/organisations/?theme=climate",
        "/research/?organisation=Centro+Enlazado",
    ):
        assert f'href="{link}"' in page, link
    # The links lead somewhere that lists it.
    listed = client_for(None).get("/network/organisations/?country=CR&kind=university").text
    assert "Centro Enlazado" in listed


def test_admins_run_the_members_from_the_page(client_for, make_org, make_user):
    org = make_org()
    adela, beto, caro = (make_user(name=n) for n in ("Adela Admin", "Beto Base", "Caro Cola"))
    add_member(org, adela, "Directora", admin=True)
    beto_row = add_member(org, beto, "Analista")
    client_for(caro).post(f"/network/organisations/{org.id}/join", data={"role": "Pasante"})
    admin = client_for(adela)
    page = admin.get(f"/network/organisations/{org.id}").text
    running = page.split('id="admin-title"', 1)[1]
    assert "Caro Cola" in running and "Beto Base" in running
    assert 'aria-label="Make admin: Beto Base"' in running
    assert 'aria-label="Remove: Beto Base"' in running
    # No button to remove oneself among the admin's tools (leaving is in Membership).
    assert 'aria-label="Remove: Adela Admin"' not in running
    path = f"/network/organisations/{org.id}/members/{beto_row.id}"
    assert admin.post(path, data={"action": "admin"}).status_code == 303
    db.session.refresh(beto_row)
    assert beto_row.is_admin
    assert "Take back admin rights: Beto Base" in admin.get(f"/network/organisations/{org.id}").text
    assert admin.post(path, data={"action": "remove"}).status_code == 303
    gone = select(OrganisationMember.id).where(OrganisationMember.id == beto_row.id)
    assert db.session.scalar(gone) is None
    # Members who do not run it see none of this, and may not do it.
    caro_row = db.session.scalar(
        select(OrganisationMember).where(OrganisationMember.user_id == caro.id)
    )
    outsider = client_for("participant")
    assert 'id="admin-title"' not in outsider.get(f"/network/organisations/{org.id}").text
    assert (
        outsider.post(
            f"/network/organisations/{org.id}/members/{caro_row.id}", data={"action": "confirm"}
        ).status_code
        == 403
    )
    assert (
        admin.post(
            f"/network/organisations/{org.id}/members/{caro_row.id}", data={"action": "boss"}
        ).status_code
        == 400
    )


def test_an_organisation_is_described_as_a_schema_org_organization(client_for, make_org):
    org = make_org(
        "Instituto Abierto",
        acronym="IA",
        website="https://ia.example.org",
        descriptions={"es": "Investiga.", "en": "Researches."},
        themes=["democracy"],
    )
    data = jsonld(client_for(None, "en").get(f"/network/organisations/{org.id}").text)
    assert data["@type"] == "Organization" and data["name"] == "Instituto Abierto"
    assert data["alternateName"] == "IA" and data["sameAs"] == ["https://ia.example.org"]
    assert data["description"] == "Researches."
    assert data["address"] == {
        "@type": "PostalAddress",
        "addressCountry": "GT",
        "addressLocality": "Ciudad de Guatemala",
    }
    assert data["url"].endswith(f"/network/organisations/{org.id}")


def test_a_proposed_organisation_has_no_description_for_machines(client_for, make_user):
    proposer = client_for(make_user())
    proposer.post(
        "/network/organisations/new",
        data={"kind": "media", "name": "Radio Nueva", "country": "SV", "themes": ["climate"]},
    )
    page = client_for("curator").get("/network/organisations/").text
    org_id = re.search(r'/network/organisations/(\d+)">Radio Nueva', page).group(1)
    assert jsonld(client_for("curator").get(f"/network/organisations/{org_id}").text) is None


def test_a_public_profile_gives_only_its_public_fields(client_for, make_user, make_org):
    pia = make_user(name="Pía Pública")
    with_profile(
        pia,
        visibility="public",
        headline="Periodista de datos",
        city="San José",
        country="CR",
        contact_email="pia@example.org",
        website="https://pia.example.org",
        orcid="0000-0002-1825-0097",
        keywords="agua, clima",
        languages=["es"],
        headline_visibility="public",
        location_visibility="network",
        contact_visibility="staff",
        orcid_visibility="public",
        expertise_visibility="public",
        languages_visibility="network",
    )
    add_member(make_org("Centro de Pía"), pia)
    for reader in (None, "participant", "curator", pia):
        data = jsonld(client_for(reader).get(f"/network/people/{pia.id}").text)
        assert data["@type"] == "Person" and data["name"] == "Pía Pública", reader
        assert data["description"] == "Periodista de datos"
        assert data["sameAs"] == ["https://orcid.org/0000-0002-1825-0097"]
        assert "agua" in data["knowsAbout"]
        assert [w["name"] for w in data["worksFor"]] == ["Centro de Pía"]
        text = json.dumps(data)
        # Network-only and staff-only fields never reach machines, whoever reads the page.
        for hidden in ("San José", "pia@example.org", "pia.example.org", "knowsLanguage"):
            assert hidden not in text, (reader, hidden)


@pytest.mark.parametrize("visibility", ["network", "private"])
def test_a_profile_that_is_not_public_has_no_description(client_for, make_user, visibility):
    nora = make_user(name="Nora No Pública")
    with_profile(nora, visibility=visibility, headline="Secreta", headline_visibility="public")
    for reader in ("participant", "curator", nora):
        page = client_for(reader).get(f"/network/people/{nora.id}")
        assert page.status_code in (200, 404)
        if page.status_code == 200:
            assert jsonld(page.text) is None, reader
            assert '"Person"' not in page.text


XSS = "</script><script>alert(1)</script>"


def test_xss_in_the_descriptions_stays_inside_the_json(client_for, make_user, make_org):
    org = make_org(XSS[:100], descriptions={"es": XSS, "en": XSS})
    person = make_user(name=XSS[:60])
    with_profile(person, visibility="public", headline=XSS, headline_visibility="public")
    for path in (f"/network/organisations/{org.id}", f"/network/people/{person.id}"):
        page = client_for(None).get(path).text
        assert "<script>alert(1)" not in page
        data = jsonld(page)
        assert XSS in json.dumps(data, ensure_ascii=False)
