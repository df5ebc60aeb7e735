"""Issue 22: a research output's landing page says where it sits (Research › its title), with
the title marked when it is in another language than the page."""

from __future__ import annotations

import re


def test_the_landing_page_has_breadcrumbs(make_output, client):
    output = make_output(title_es="Política fiscal", title_en=None)
    page = client.get(f"/research/{output.id}").get_data(True)
    crumbs = re.search(r'<nav class="breadcrumb".*?</nav>', page, re.S)
    assert crumbs, "no breadcrumbs"
    assert 'href="/research/"' in crumbs.group(0) and ">Research<" in crumbs.group(0)
    # An English page showing a Spanish-only title marks it as Spanish.
    assert '<span aria-current="page" lang="es">Política fiscal</span>' in crumbs.group(0)
