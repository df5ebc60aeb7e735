"""``flask seed``: published research outputs, their facets and the search index."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

from learning.demo.seed_rows import (
    ABSTRACT_EN,
    ABSTRACT_ES,
    COUNTRIES,
    FIRST_NAMES,
    LAST_NAMES,
    ORGANISATIONS,
    OUTPUT_TYPES,
    THEMES,
    TOPICS,
    Seeding,
    insert_rows,
    next_id,
)
from learning.research import search
from learning.research.services.index import _facet_values


def seed_research(run: Seeding, researchers: list[int]) -> None:
    """Published outputs (one in ten for the network only), indexed by the search backend and
    faceted with the research service's own rules."""
    rng, now, today = run.rng, run.now, run.today
    output_id = next_id("research_outputs")
    version_id = next_id("research_versions")
    outputs, versions, rtexts, creators, facets = [], [], [], [], []
    backend = search.backend()
    index_rows = []
    for n in range(run.size.outputs):
        topic = TOPICS[n % len(TOPICS)]
        country = COUNTRIES[n % len(COUNTRIES)]
        published_on = today - timedelta(days=rng.randint(0, 2000))
        stamp = now - timedelta(days=(today - published_on).days)
        title_es = f"{topic[0]} en {country}: evidencia {n + 1}"
        title_en = f"{topic[1]} in {country}: evidence {n + 1}"
        keywords = [topic[1].lower(), topic[0].lower()]
        names = [
            f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}" for _ in range(rng.randint(1, 3))
        ]
        outputs.append(
            {
                "id": output_id,
                "owner_id": researchers[n % len(researchers)],
                "state": "published",
                "access": "network" if n % 10 == 9 else "public",
                "latest_number": 1,
                "publication_date": published_on,
                "created_at": stamp,
                "published_at": stamp,
                "datestamp": stamp,
                "view_count": rng.randint(0, 500),
                "download_count": rng.randint(0, 200),
            }
        )
        version = {
            "id": version_id,
            "output_id": output_id,
            "number": 1,
            "state": "published",
            "output_type": rng.choice(OUTPUT_TYPES),
            "organisation": rng.choice(ORGANISATIONS),
            "publication_date": published_on,
            "languages": ["es", "en"],
            "keywords": keywords,
            "themes": [THEMES[n % len(THEMES)]],
            "countries": [country],
            "licence": "CC-BY-4.0",
            "created_at": stamp,
            "submitted_at": stamp,
            "published_at": stamp,
        }
        versions.append(version)
        abstract_es = ABSTRACT_ES.format(t=topic[0].lower(), c=country)
        abstract_en = ABSTRACT_EN.format(t=topic[1].lower(), c=country)
        rtexts.append(
            {"version_id": version_id, "language": "es", "title": title_es, "abstract": abstract_es}
        )
        rtexts.append(
            {"version_id": version_id, "language": "en", "title": title_en, "abstract": abstract_en}
        )
        for position, name in enumerate(names):
            creators.append({"version_id": version_id, "position": position, "name": name})
        view = SimpleNamespace(**version, year=published_on.year)
        for facet, value in sorted(_facet_values(view)):  # type: ignore[arg-type]
            facets.append({"output_id": output_id, "facet": facet, "value": value})
        index_rows.append(
            dict(
                output_id=output_id,
                title=search.joined((title_es, title_en)),
                abstract=search.joined((abstract_es, abstract_en)),
                keywords=search.joined(keywords),
                creators=search.joined(names),
            )
        )
        output_id += 1
        version_id += 1
    run.counts["research_outputs"] = insert_rows("research_outputs", outputs)
    insert_rows("research_versions", versions)
    insert_rows("research_texts", rtexts)
    insert_rows("research_creators", creators)
    insert_rows("research_facets", facets)
    for row in index_rows:
        backend.index(row.pop("output_id"), **row)
    run.step("research")
