"""The directory's programme alumni facet (issue 19): signed-in readers may keep to the people
selected in a decided call (of one kind of exchange), as calls.services.placements defines
alumni; never a declined or waitlisted applicant, never a private profile, nothing for
visitors (who are not told who was selected, as on a profile); alumni carry a badge; a forged
value is a 400 with words; the page stays within its query budget."""

from __future__ import annotations

import pytest

from learning.calls.services import applications, selection
from learning.platform.extensions import db
from tests.calls.conftest import attach, filled, texts  # noqa: F401 - fixtures
from tests.network.conftest import with_profile
from tests.support.queries import count_statements
from tests.test_query_budgets import BUDGETS

PEOPLE = ("Fátima Becaria", "Nico Declinado", "Wanda Espera", "Paula Privada", "Esteban Estancia")
BADGE = "Exchange alumni"


def _decide(call, staff, outcomes):
    """Submit each application and record its decision; then announce them (decided)."""
    call.status = "reviewing"
    for application, decision in outcomes:
        selection.decide(application, decision, "Motivo de la decisión.", by=staff)
    call.status = "decided"
    db.session.commit()


@pytest.fixture
def cohort(make_call, make_user, filled, staff):  # noqa: F811 - the imported fixture
    """A decided fellowship: Fátima and Paula (private profile) selected, Nico declined, Wanda
    waitlisted; a decided research stay: Esteban selected. Every one of them but Paula shows
    their profile to the network."""
    people = {name: make_user(name=name) for name in PEOPLE}
    for name, user in people.items():
        with_profile(user, visibility="private" if name == "Paula Privada" else "network")
    fellowship = make_call(places=2, kind="fellowship")
    rows = {}
    for name in PEOPLE[:4]:
        rows[name] = filled(people[name], fellowship)
        applications.submit(rows[name])
    _decide(
        fellowship,
        staff,
        [
            (rows["Fátima Becaria"], "selected"),
            (rows["Nico Declinado"], "declined"),
            (rows["Wanda Espera"], "waitlisted"),
            (rows["Paula Privada"], "selected"),
        ],
    )
    stay = make_call(kind="stay", texts=texts("Estancia de investigación", "Research stay"))
    row = filled(people["Esteban Estancia"], stay)
    applications.submit(row)
    _decide(stay, staff, [(row, "selected")])
    return people


def names(text: str) -> set[str]:
    """The people listed in the page's results (after the count, before the footer)."""
    text = text.split('role="status"', 1)[-1].split("<footer", 1)[0]
    return {name for name in PEOPLE if name in text}


def test_the_facet_lists_the_selected_never_the_declined_nor_the_waitlisted(client_for, cohort):
    member = client_for("participant")
    everyone = names(member.get("/network/").text)
    assert everyone == {"Fátima Becaria", "Nico Declinado", "Wanda Espera", "Esteban Estancia"}
    assert names(member.get("/network/?alumni=all").text) == {"Fátima Becaria", "Esteban Estancia"}
    assert names(member.get("/network/?alumni=fellowship").text) == {"Fátima Becaria"}
    assert names(member.get("/network/?alumni=stay").text) == {"Esteban Estancia"}
    assert names(member.get("/network/?alumni=project").text) == set()
    # The facet narrows the other filters, never widens them.
    assert names(member.get("/network/?alumni=all&q=fatima").text) == {"Fátima Becaria"}


def test_alumni_carry_a_badge_and_the_facet_is_offered_in_both_languages(client_for, cohort):
    page = client_for("participant").get("/network/").text
    cards = page.split('role="status"', 1)[-1].split("<footer", 1)[0].split('<li class="card">')
    badged = {name for card in cards for name in PEOPLE if name in card and BADGE in card}
    assert badged == {"Fátima Becaria", "Esteban Estancia"}
    assert 'name="alumni"' in page and "Programme alumni" in page
    spanish = client_for("participant", "es").get("/network/?alumni=all").text
    assert "Personas egresadas de los intercambios del programa" in spanish
    assert "Persona egresada de un intercambio" in spanish


def test_a_private_profile_never_appears_even_when_selected(client_for, cohort, make_user):
    for reader in (client_for("participant"), client_for("curator"), client_for(None)):
        for query in ("", "?alumni=all", "?alumni=fellowship"):
            assert "Paula Privada" not in names(reader.get("/network/" + query).text)


def test_visitors_are_not_told_who_was_selected(client_for, cohort):
    with_profile(cohort["Fátima Becaria"], visibility="public")
    visitor = client_for(None)
    page = visitor.get("/network/").text
    assert names(page) == {"Fátima Becaria"}
    assert BADGE not in page and 'name="alumni"' not in page
    answer = visitor.get("/network/?alumni=all")
    assert answer.status_code == 200
    assert names(answer.text) == set()
    assert "shown to signed-in members only" in answer.text


@pytest.mark.parametrize(
    "query", ["?alumni=xyz", "?alumni=internship", "?alumni=ALL", "?alumni=%00", "?alumni=1"]
)
def test_a_forged_alumni_value_is_a_400_with_words(client_for, cohort, query):
    for reader in ("participant", None):
        answer = client_for(reader, "es").get("/network/" + query)
        assert answer.status_code == 400, (reader, query)
        assert "no se reconocieron" in answer.text
    answer = client_for("participant").get("/network/" + query)
    # Ignored, as the other unknown filters: everyone the reader may see, no 500.
    assert names(answer.text) == {
        "Fátima Becaria", "Nico Declinado", "Wanda Espera", "Esteban Estancia",
    }  # fmt: skip


def test_the_facet_and_badge_stay_within_the_directory_query_budget(client_for, cohort):
    member = client_for("participant")
    plain = count_statements(member, "/network/")
    with_facet = count_statements(member, "/network/?alumni=stay")
    assert with_facet == plain  # the facet is a subquery of the page's own query
    assert plain <= BUDGETS["network directory"]
    # The badges of a page are read in one query however many alumni it lists.
    assert count_statements(member, "/network/?q=nico") == plain
    visitor = client_for(None)
    assert count_statements(visitor, "/network/") <= plain
