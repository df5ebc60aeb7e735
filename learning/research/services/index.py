"""Index and facets: the latest published version in the search index and the facet table,
searching published outputs with counts per facet value, and what harvesters see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, delete, func, select
from sqlalchemy.orm import selectinload

from learning.platform import cache
from learning.platform.extensions import db
from learning.research import search
from learning.research.models import ResearchFacet, ResearchOutput, ResearchVersion
from learning.research.services.common import FACETS


def _facet_values(version: ResearchVersion) -> set[tuple[str, str]]:
    values = {("type", version.output_type), ("year", str(version.year))}
    values.add(("organisation", version.organisation[:200]))
    values.update(("theme", theme) for theme in version.themes)
    values.update(("country", country) for country in version.countries)
    values.update(("language", language) for language in version.languages)
    return values


def reindex(output: ResearchOutput) -> None:
    """Put the latest published version in the search index and the facet table; a withdrawn
    output keeps its facets only (OAI-PMH sets announce its deletion)."""
    unindex(output)
    version = output.latest
    if output.state not in ("published", "withdrawn") or version is None:
        return
    if output.state == "published":
        search.backend().index(
            output.id,
            title=search.joined(t.title for t in version.texts),
            abstract=search.joined(t.abstract for t in version.texts),
            keywords=search.joined(version.keywords),
            creators=search.joined(c.name for c in version.creators),
        )
    for facet, value in sorted(_facet_values(version)):
        db.session.add(ResearchFacet(output_id=output.id, facet=facet, value=value))
    db.session.flush()


def unindex(output: ResearchOutput) -> None:
    """Take an output out of search and facets."""
    search.backend().remove(output.id)
    db.session.execute(delete(ResearchFacet).where(ResearchFacet.output_id == output.id))


@dataclass
class SearchResult:
    """What the search page shows: the query to paginate and facet counts."""

    query: Select[Any]
    facets: dict[str, list[tuple[str, int]]]
    words: list[str]


def search_outputs(
    q: str | None, filters: dict[str, str], *, sort: str, member: bool
) -> SearchResult:
    """Published outputs matching ``q`` (all words, accent-insensitive) and ``filters``, with
    counts per facet value. ``member``: signed-in people also see network-only outputs."""
    words = search.query_words(q)
    query = (
        select(ResearchOutput)
        .where(ResearchOutput.state == "published")
        .options(selectinload(ResearchOutput.versions))
    )
    if not member:
        query = query.where(ResearchOutput.access != "network")
    for facet, value in filters.items():
        if facet in FACETS and value:
            query = query.where(
                ResearchOutput.id.in_(
                    select(ResearchFacet.output_id).where(
                        ResearchFacet.facet == facet, ResearchFacet.value == value
                    )
                )
            )
    by_date = (ResearchOutput.publication_date.desc(), ResearchOutput.id.desc())
    if words:
        matches = search.backend().matches(words)
        query = query.join(matches, matches.c.output_id == ResearchOutput.id)
        query = (
            query.order_by(*by_date)
            if sort == "date"
            else query.order_by(matches.c.score.desc(), *by_date)
        )
    else:
        query = query.order_by(*by_date)
    ids = query.with_only_columns(ResearchOutput.id).order_by(None).subquery()

    def count_facets() -> dict[str, list[tuple[str, int]]]:
        counts = db.session.execute(
            select(ResearchFacet.facet, ResearchFacet.value, func.count())
            .where(ResearchFacet.output_id.in_(select(ids.c.id)))
            .group_by(ResearchFacet.facet, ResearchFacet.value)
        ).all()
        facets: dict[str, list[tuple[str, int]]] = {name: [] for name in FACETS}
        for facet, value, count in counts:
            if facet in facets:
                facets[facet].append((value, count))
        for name, values in facets.items():
            values.sort(key=lambda item: (-item[1], item[0]) if name != "year" else (item[0],))
            if name == "year":
                values.reverse()
        return facets

    # Counting covers every match: done once per search and change, not once per page.
    key = ("research-facets", member, tuple(words), tuple(sorted(filters.items())))
    facets = cache.fragment(("research",), key, count_facets)
    return SearchResult(query=query, facets=facets, words=words)


def harvestable() -> Select[Any]:
    """Outputs harvesters and feeds see: published or withdrawn, not network-only."""
    return select(ResearchOutput).where(
        ResearchOutput.state.in_(("published", "withdrawn")),
        ResearchOutput.access != "network",
        ResearchOutput.latest_number.is_not(None),
    )
