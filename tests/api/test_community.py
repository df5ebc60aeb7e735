"""Calls, organisations and profiles through the API, with the pages' privacy rules: no
applications on a call, proposals hidden, and a profile's fields only for the audience its
owner chose (visitor, signed-in member, staff). A private profile never appears: not listed,
not searched, not among an organisation's members, a 404 by its id — for staff too."""

from __future__ import annotations

import pytest

from tests.network.conftest import add_member, with_profile

FIELDS = ("headline", "bio", "location", "contact", "orcid", "expertise", "languages")


def test_calls_list_public_ones_without_applications(make_call, api):
    open_call = make_call()
    make_call(status="draft")
    archived = make_call(status="archived")
    listed = api(language="es").get("/api/v1/calls")
    assert listed.status_code == 200
    (item,) = listed.get_json()["items"]
    assert item["id"] == open_call.id and item["title"] == "Beca de periodismo"
    assert item["taking_applications"] is True
    assert {rule["rule"] for rule in item["rules"]} == {"country", "document"}
    assert not any("application" in key for key in item if key != "taking_applications")
    # An archived call keeps its page; only drafts are hidden.
    assert api().get(f"/api/v1/calls/{archived.id}").status_code == 200


def test_a_draft_call_is_a_404_even_for_staff(make_call, staff, make_token, api):
    draft = make_call(status="draft")
    assert api().get(f"/api/v1/calls/{draft.id}").status_code == 404
    assert api(make_token(staff)).get(f"/api/v1/calls/{draft.id}").status_code == 404
    missing = api(language="es").get("/api/v1/calls/987654")
    assert missing.status_code == 404 and missing.get_json()["title"] == "No encontrado"


def test_organisations_are_the_active_ones(make_org, make_user, api):
    from learning.network.services import organisations as org_services
    from learning.network.services.organisations import OrganisationData
    from learning.platform.extensions import db

    active = make_org("Centro de Estudios Fiscales", acronym="CEF")
    proposal = org_services.create_organisation(
        OrganisationData(kind="media", name="Radio Propuesta", country="HN"), make_user()
    )
    db.session.commit()
    items = api().get("/api/v1/organisations").get_json()["items"]
    assert [item["id"] for item in items] == [active.id]
    assert items[0]["acronym"] == "CEF" and items[0]["description"] == "Un centro de pensamiento."
    assert api().get(f"/api/v1/organisations/{proposal.id}").status_code == 404
    assert api().get(f"/api/v1/organisations/{proposal.id}/members").status_code == 404


@pytest.fixture
def members(make_user):
    """A visitor sees 'open' only; members see 'member' too; 'hidden' is private to all."""
    open_one = make_user(name="Ana Abierta")
    with_profile(
        open_one,
        visibility="public",
        bio="Cubro elecciones.",
        city="Tegucigalpa",
        country="HN",
        contact_email="ana@example.org",
        orcid="0000-0002-1825-0097",
        keywords="elecciones",
        languages=["es"],
        headline_visibility="public",
        bio_visibility="network",
        location_visibility="public",
        contact_visibility="staff",
        orcid_visibility="network",
        expertise_visibility="public",
        languages_visibility="network",
    )
    member = make_user(name="Beto Miembro")
    with_profile(member, visibility="network", headline_visibility="public")
    hidden = make_user(name="Carla Privada")
    with_profile(hidden, visibility="private", headline_visibility="public")
    return {"open": open_one, "member": member, "hidden": hidden}


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("visitor", {"headline", "location", "expertise"}),
        ("member", {"headline", "location", "expertise", "bio", "orcid", "languages"}),
        ("staff", set(FIELDS)),
    ],
)
def test_each_field_shows_only_to_its_audience(
    members, who, expected, staff, make_user, make_token, api
):
    token = {"visitor": None, "member": make_token(make_user()), "staff": make_token(staff)}[who]
    body = api(token).get(f"/api/v1/profiles/{members['open'].id}").get_json()
    shown = {name for name in FIELDS if body[name] is not None}
    assert shown == expected
    if "contact" in expected:
        assert body["contact"]["email"] == "ana@example.org"
    else:
        assert "ana@example.org" not in str(body)
    if "bio" not in expected:
        assert "Cubro elecciones" not in str(body)


@pytest.mark.parametrize("who", ["visitor", "member", "staff", "owner"])
def test_a_private_profile_never_appears(members, make_org, who, staff, make_user, make_token, api):
    organisation = make_org()
    for person in members.values():
        add_member(organisation, person)
    token = {
        "visitor": None,
        "member": make_token(make_user()),
        "staff": make_token(staff),
        "owner": make_token(members["hidden"]),
    }[who]
    client = api(token)
    hidden = members["hidden"]
    assert client.get(f"/api/v1/profiles/{hidden.id}").status_code == 404
    listed = client.get("/api/v1/profiles?limit=100").get_json()["items"]
    searched = client.get("/api/v1/profiles?q=carla").get_json()["items"]
    listed_members = client.get(f"/api/v1/organisations/{organisation.id}/members")
    inside = listed_members.get_json()["items"]
    for found in (listed, searched, inside):
        assert hidden.id not in [item["id"] for item in found]
    assert searched == []
    visible = {members["open"].id} | ({members["member"].id} if token else set())
    assert {item["id"] for item in listed} == visible
    assert {item["id"] for item in inside} == visible


def test_search_finds_only_what_the_caller_may_see(members, make_user, make_token, api):
    # The bio is for members: visitors cannot find Ana by it, nor Beto (members only) at all.
    assert api().get("/api/v1/profiles?q=beto").get_json()["items"] == []
    found = api(make_token(make_user())).get("/api/v1/profiles?q=beto").get_json()["items"]
    assert [item["name"] for item in found] == ["Beto Miembro"]
    assert [item["name"] for item in api().get("/api/v1/profiles?q=ANA").get_json()["items"]] == [
        "Ana Abierta"
    ]


def test_a_members_only_profile_is_a_404_for_visitors(members, api):
    assert api().get(f"/api/v1/profiles/{members['member'].id}").status_code == 404
    assert api().get("/api/v1/profiles/2147483647").status_code == 404


def test_a_search_given_twice_is_a_422_and_a_long_one_counts_its_start(members, api):
    twice = api(language="es").get("/api/v1/profiles?q=a&q=b")
    assert twice.status_code == 422
    assert twice.get_json()["errors"]["q"] == "Indique este parámetro una sola vez."
    long = api().get("/api/v1/profiles?q=" + "ana " + "x" * 400)
    assert long.status_code == 200 and long.get_json()["items"] == []


def test_an_inactive_persons_profile_is_gone(members, staff, make_token, api):
    from learning.platform.extensions import db

    members["open"].active = False
    db.session.commit()
    assert api(make_token(staff)).get(f"/api/v1/profiles/{members['open'].id}").status_code == 404


def test_an_unchanged_list_of_organisations_answers_304(make_org, api):
    make_org()
    client = api()
    first = client.get("/api/v1/organisations")
    again = client.get("/api/v1/organisations", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_a_call_past_its_close_no_longer_takes_applications(make_call, api):
    from tests.calls.conftest import wall

    closed = make_call(opens_at=wall(-5), closes_at=wall(-1, 17))
    body = api().get(f"/api/v1/calls/{closed.id}").get_json()
    assert body["status"] == "open" and body["taking_applications"] is False
