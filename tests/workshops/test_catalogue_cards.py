"""Issue 22: the catalogue's filters fold behind a "Filter" disclosure (open when some are
chosen) and the cards show the workshop's cover, small and lazy, its size set."""

from __future__ import annotations

import re


def test_filters_fold_behind_a_disclosure_open_when_chosen(build, client_for):
    build()
    visitor = client_for(None)
    page = visitor.get("/workshops/").get_data(True)
    assert re.search(r'<details class="filter-box">\s*<summary>Filter</summary>', page)
    # The words stay in view, outside the disclosure; a search by words alone keeps it shut.
    assert page.index('id="q"') < page.index("<details")
    words = visitor.get("/workshops/?q=datos").get_data(True)
    assert '<details class="filter-box">' in words
    chosen = visitor.get("/workshops/?theme=climate&format=online&q=datos").get_data(True)
    assert '<details class="filter-box" open>' in chosen
    assert "(2 chosen)" in chosen
    spanish = client_for(None, language="es").get("/workshops/?format=online").get_data(True)
    assert "<summary>Filtrar" in spanish and "(1 elegido)" in spanish


def test_cards_show_the_cover_small_and_lazy(build, client_for):
    world = build()
    page = client_for(None).get("/workshops/").get_data(True)
    [tag] = re.findall(r'<img class="card-cover"[^>]*>', page)
    assert f"/files/{world.cover.id}/" in tag
    assert 'loading="lazy"' in tag and 'width="320"' in tag and 'height="180"' in tag
    assert 'alt=""' in tag  # beside the title that names the workshop
