"""Issue 22: the dashboard's filters are one select each (the shared ``choose`` macro), each
with its own label and "All" first, and the chosen value stays chosen, numbers included."""

from __future__ import annotations

import re

from sqlalchemy import select

from learning.platform.extensions import db
from learning.workshops.models import Edition, Workshop
from tests.dashboard.test_indicators import programme  # noqa: F401

SELECTS = {
    "region": "Country or region",
    "sector": "Sector",
    "gender": "Gender",
    "theme": "Theme",
    "workshop": "Workshop",
    "edition": "Edition",
}


def _form(page: str) -> str:
    found = re.search(r'<form method="get" action="/dashboard/".*?</form>', page, re.S)
    assert found, "no filter form"
    return found.group(0)


def test_each_filter_is_one_labelled_select(programme, client_for):  # noqa: F811
    workshop = db.session.scalars(select(Workshop)).first()
    edition = db.session.scalars(select(Edition)).first()
    query = f"?region=GT&gender=woman&workshop={workshop.id}&edition={edition.id}"
    form = _form(client_for("admin").get(f"/dashboard/{query}").get_data(True))
    for name, label in SELECTS.items():
        assert form.count(f'<select id="{name}" name="{name}">') == 1, name
        assert f'<label for="{name}">{label}</label>' in form
        options = re.search(rf'<select id="{name}".*?</select>', form, re.S).group(0)
        assert re.match(
            rf'<select id="{name}" name="{name}">\s*<option value="">All</option>', options
        )
    assert '<option value="GT" selected>' in form
    assert '<option value="woman" selected>' in form
    assert f'<option value="{workshop.id}" selected>' in form
    assert f'<option value="{edition.id}" selected>' in form
    assert form.count(" selected>") == 4


def test_the_filters_in_spanish(programme, client_for):  # noqa: F811
    form = _form(client_for("admin", "es").get("/dashboard/").get_data(True))
    assert '<label for="region">País o región</label>' in form
    assert (
        form.count('<option value="">Todos</option>')
        + form.count('<option value="">Todas</option>')
        == 6
    )
