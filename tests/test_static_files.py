"""Static files: URLs carry a hash of the file's content; that URL is cached for a year."""

from __future__ import annotations

import hashlib
import re

from learning import ROOT


def test_pages_link_versioned_static_files_cached_for_a_year(client):
    page = client.get("/").get_data(as_text=True)
    href = re.search(r'href="(/static/css/puente\.css\?v=([0-9a-f]{10}))"', page)
    assert href, "the stylesheet link carries a content version"
    expected = hashlib.sha256((ROOT / "static/css/puente.css").read_bytes()).hexdigest()[:10]
    assert href.group(2) == expected
    assert re.search(r'href="/static/favicon\.svg\?v=[0-9a-f]{10}"', page)
    with client.get(href.group(1)) as response:
        assert response.status_code == 200
        cache = response.headers["Cache-Control"]
        assert "max-age=31536000" in cache and "immutable" in cache and "public" in cache


def test_unversioned_or_stale_static_urls_are_not_cached_for_long(client):
    for url in ("/static/css/puente.css", "/static/css/puente.css?v=0000000000"):
        with client.get(url) as response:
            assert response.status_code == 200
            assert "immutable" not in response.headers.get("Cache-Control", "")
