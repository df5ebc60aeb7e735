"""Search: accents, ranking, facets, syntax that must stay plain words. The expected lists
are the same on SQLite (FTS5) and PostgreSQL (tsvector): CI runs this file on both."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from learning.platform.cache import CacheGeneration
from learning.platform.extensions import db
from learning.research.models import ResearchOutput
from learning.research.search import query_words
from learning.research.services.curation import approve, submit
from learning.research.services.deposit import new_version
from tests.conftest import sign_in_as
from tests.support.queries import count_statements


def titles(client, query: str) -> list[str]:
    response = client.get("/research/", query_string=query)
    assert response.status_code == 200, response.text
    return re.findall(r'<h3><a href="/research/\d+" lang="\w+">([^<]+)</a></h3>', response.text)


def test_accents_ranking_and_sort(client, library):
    # 'politica' finds 'política'; the title match ranks above the abstract match.
    assert titles(client, "q=politica") == [
        "Política de datos abiertos",
        "Transparencia municipal",
    ]
    assert titles(client, "q=POLÍTICA&sort=date") == [
        "Transparencia municipal",
        "Política de datos abiertos",
    ]
    assert titles(client, "q=muller") == ["Energy transition finance"]  # creators
    assert titles(client, "q=clima") == ["Energy transition finance"]  # keywords
    assert titles(client, "q=politica+guatemala") == ["Política de datos abiertos"]  # all words
    assert titles(client, "") == [
        "Transparencia municipal",
        "Política de datos abiertos",
        "Energy transition finance",
    ]


def test_members_also_find_network_only_outputs(app, make_user, library):
    member = sign_in_as(app.test_client(), make_user())
    assert "Política embargada" in titles(member, "q=politica")


def test_visitors_and_members_each_get_their_own_cached_results(app, client, make_user, library):
    """Results are kept per kind of reader: whoever searches first, a visitor never sees a
    network-only output and a member always does."""
    member = sign_in_as(app.test_client(), make_user())
    for _ in range(2):
        assert "Política embargada" not in titles(client, "q=politica")
        assert "Política embargada" in titles(member, "q=politica")
    assert count_statements(member, "/research/?q=politica", cold=False) < count_statements(
        member, "/research/?q=politica"
    )


def test_a_new_output_shows_in_cached_results_once_published(client, make_output, library):
    assert "Pobreza urbana" not in titles(client, "q=pobreza")
    make_output(title_es="Pobreza urbana", state="submitted")
    assert titles(client, "q=pobreza") == []
    make_output(title_es="Pobreza urbana en Honduras")
    assert titles(client, "q=pobreza") == ["Pobreza urbana en Honduras"]


def test_counting_a_view_does_not_throw_away_cached_results(app, client, make_output):
    output = make_output()
    tokens = dict(db.session.execute(select(CacheGeneration.name, CacheGeneration.token)).all())
    client.get(f"/research/{output.id}")
    db.session.expire_all()
    assert db.session.get(ResearchOutput, output.id).view_count == 1
    after = dict(db.session.execute(select(CacheGeneration.name, CacheGeneration.token)).all())
    assert after["research"] == tokens["research"]


def test_facets_with_counts_and_filters(client, library):
    page = client.get("/research/").text
    assert re.search(r">Democracy and governance</a> \(1\)", page)
    assert re.search(r">Policy brief</a> \(2\)", page)
    assert re.search(r">2025</a> \(1\)", page)
    assert titles(client, "theme=digital") == ["Política de datos abiertos"]
    assert titles(client, "q=politica&type=working_paper") == ["Transparencia municipal"]
    assert titles(client, "language=en") == ["Energy transition finance"]
    assert titles(client, "country=GT&year=2024") == ["Política de datos abiertos"]


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"politica',
        "*",
        "polit*",
        "politica NEAR datos",
        "NEAR(politica datos)",
        "'; DROP TABLE research_outputs; --",
        "title:politica",
        "politica OR transparencia",
        "AND OR NOT",
        "(",
        "-politica",
        "^politica",
        "politica & | ! :*",
        "\x00",
        "a" * 500,
    ],
)
def test_query_syntax_is_plain_words(client, library, query):
    response = client.get("/research/", query_string={"q": query})
    assert response.status_code == 200
    assert titles(client, "q=politica")  # the table is still there


def test_operators_are_only_words(client, library):
    assert titles(client, "q=politica+OR+transparencia") == []  # "or" is a word nobody wrote
    assert query_words('"Política"* NEAR(x) \'; DROP') == ["politica", "near", "x", "drop"]


def test_search_page_queries_do_not_grow_with_results(app, client, make_output, library):
    def count(url: str) -> int:
        return count_statements(client, url)

    few = count("/research/")
    for n in range(6):
        make_output(title_es=f"Otra publicación {n}", files=2)
    assert count("/research/") == few


def test_newest_first_follows_the_date_of_the_latest_published_version(
    client, make_output, make_user
):
    older = make_output(title_es="Agua y ciudades", publication_date=date(2024, 1, 10))
    make_output(title_es="Agua y campo", publication_date=date(2025, 6, 1))
    assert titles(client, "q=agua&sort=date") == ["Agua y campo", "Agua y ciudades"]
    version = new_version(older, older.owner)
    version.publication_date = date(2026, 2, 1)
    submit(version)
    approve(version, make_user(roles=["curator"]))
    db.session.commit()
    assert titles(client, "q=agua&sort=date") == ["Agua y ciudades", "Agua y campo"]
    assert titles(client, "")[:2] == ["Agua y ciudades", "Agua y campo"]
