"""The dashboard shows the network's organisations (and how many are verified) and members
with an open profile, by type of organisation and by country or region; small numbers of
members show as "<5"; private profiles and proposals are not counted."""

from __future__ import annotations

from learning.dashboard import network_people
from learning.network.services import organisations as orgs
from tests.network.conftest import add_member, with_profile


def test_organisations_and_opted_in_members_by_type_and_region(
    app, client_for, make_org, make_user
):
    newsroom = make_org(name="Plaza Pública", kind="media", country="GT")
    orgs.verify(newsroom)
    make_org(name="Universidad de Panamá", kind="university", country="PA")
    orgs.create_organisation(
        orgs.OrganisationData(kind="media", name="Propuesta", country="GT"), make_user()
    )  # a proposal: not counted
    for n in range(6):
        person = make_user(country="GT")
        with_profile(person, visibility="network" if n else "public")
        add_member(newsroom, person)
    hidden = make_user(country="PA")
    with_profile(hidden, visibility="private")
    add_member(newsroom, hidden)
    shy = make_user(country="HN")
    with_profile(shy, visibility="network")
    types = {kind: rest for kind, *rest in network_people.by_type()}
    assert types["media"] == [1, 1, 6]
    assert types["university"] == [1, 0, 0]
    regions = {key: rest for key, *rest in network_people.by_region()}
    assert regions["GT"] == [1, 6] and regions["PA"] == [1, 0] and regions["HN"] == [0, "<5"]
    page = client_for("admin").get("/dashboard/")
    assert page.status_code == 200
    assert "Network organisations and members" in page.text
    assert client_for("participant").get("/dashboard/").status_code == 403
