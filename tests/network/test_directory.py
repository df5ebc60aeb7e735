"""The directory: people whose profile the reader may see, searched without caring for accents,
filtered by organisation type, country, expertise and language; a filter never finds people by
a field hidden from the reader; organisations searched and filtered the same way."""

from __future__ import annotations

import pytest

from tests.network.conftest import add_member, with_profile


@pytest.fixture
def people(make_user, make_org):
    """Four people with different audiences."""
    rosa = make_user(name="Rosa Martínez")
    with_profile(
        rosa,
        visibility="public",
        headline="Periodista de investigación",
        country="GT",
        keywords="corrupción, política",
        languages=["es", "quc"],
        themes=["democracy"],
        headline_visibility="public",
        location_visibility="public",
        expertise_visibility="public",
        languages_visibility="public",
    )
    tomas = make_user(name="Tomás Núñez")
    with_profile(
        tomas,
        visibility="network",
        headline="Economista",
        country="GT",
        keywords="política fiscal",
        themes=["growth"],
        location_visibility="staff",
    )
    hidden = make_user(name="Helena Oculta")
    with_profile(hidden, visibility="private", headline="Política secreta", country="GT")
    nobody = make_user(name="Sin Perfil")
    org = make_org(name="Plaza Pública", kind="media")
    add_member(org, rosa)
    return {"rosa": rosa, "tomas": tomas, "hidden": hidden, "nobody": nobody}


def names(text: str) -> set[str]:
    """The people listed in the page's results (after the count, before the footer)."""
    text = text.split('role="status"', 1)[-1].split("<footer", 1)[0]
    return {n for n in ("Rosa Martínez", "Tomás Núñez", "Helena Oculta", "Sin Perfil") if n in text}


def test_who_appears_to_visitors_members_and_staff(client_for, people):
    assert names(client_for(None).get("/network/").text) == {"Rosa Martínez"}
    assert names(client_for("participant").get("/network/").text) == {
        "Rosa Martínez",
        "Tomás Núñez",
    }
    # Private profiles stay off the directory for staff too (staff reach them by id).
    assert names(client_for("curator").get("/network/").text) == {"Rosa Martínez", "Tomás Núñez"}
    assert names(client_for(people["hidden"]).get("/network/").text) == {
        "Rosa Martínez", "Tomás Núñez",
    }  # fmt: skip


@pytest.mark.parametrize("q", ["politica", "POLÍTICA", "polít"])
def test_search_ignores_accents_and_case(client_for, people, q):
    found = names(client_for("participant").get(f"/network/?q={q}").text)
    assert found == {"Rosa Martínez", "Tomás Núñez"}  # never the private "Política secreta"


def test_visitors_search_only_what_is_public(client_for, people):
    assert names(client_for(None).get("/network/?q=fiscal").text) == set()
    assert names(client_for(None).get("/network/?q=corrupcion").text) == {"Rosa Martínez"}
    assert names(client_for(None).get("/network/?q=nunez").text) == set()


def test_facets(client_for, people):
    member = client_for("participant")
    assert names(member.get("/network/?expertise=growth").text) == {"Tomás Núñez"}
    assert names(member.get("/network/?language=quc").text) == {"Rosa Martínez"}
    assert names(member.get("/network/?kind=media").text) == {"Rosa Martínez"}
    # Tomás's location is for staff only: filtering by country does not reveal it.
    assert names(member.get("/network/?country=GT").text) == {"Rosa Martínez"}
    assert names(client_for("curator").get("/network/?country=GT").text) == {
        "Rosa Martínez", "Tomás Núñez",
    }  # fmt: skip


@pytest.mark.parametrize(
    "query",
    ["?country=XX", "?kind=cult", "?expertise=magic", "?language=klingon", "?q=" + "a" * 300],
)
def test_unknown_filters_are_a_400_with_words(client_for, people, query):
    answer = client_for("participant", "es").get("/network/" + query)
    assert answer.status_code == 400
    assert "no se reconocieron" in answer.text


def test_hostile_search_text_is_harmless(client_for, people):
    for q in ("%", "_", "\\", "' OR 1=1 --", "\x00", "<script>"):
        answer = client_for("participant").get("/network/", query_string={"q": q})
        assert answer.status_code == 200
        assert "<script>" not in answer.text.split("</form>", 1)[-1]


def test_organisations_are_searched_and_filtered(client_for, make_org):
    make_org(name="Fundación Democracia y Desarrollo", kind="civil-society", country="CR")
    make_org(name="Universidad de Panamá", kind="university", country="PA", themes=["digital"])
    visitor = client_for(None)
    text = visitor.get("/network/organisations/?q=fundacion").text
    assert "Fundación Democracia" in text and "Universidad de Panamá" not in text
    text = visitor.get("/network/organisations/?kind=university").text
    assert "Universidad de Panamá" in text and "Fundación" not in text
    text = visitor.get("/network/organisations/?theme=digital&country=PA").text
    assert "Universidad de Panamá" in text
    assert visitor.get("/network/organisations/?country=QQ").status_code == 400
