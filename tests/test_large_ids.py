"""An id no database row can have is a 404 on every route that takes one, never a 500 (on
PostgreSQL an integer over 2**31 - 1 used to fail inside the database)."""

from __future__ import annotations

import pytest
from werkzeug.routing import AnyConverter, IntegerConverter

HUGE = (2**31, 99999999999999999999999)


def _urls(app, number: int) -> list[tuple[str, str]]:
    adapter = app.url_map.bind("localhost")
    found = []
    for rule in app.url_map.iter_rules():
        ints = [n for n, c in rule._converters.items() if isinstance(c, IntegerConverter)]
        if not ints:
            continue
        values = {}
        for name, converter in rule._converters.items():
            if name in ints:
                values[name] = number
            elif isinstance(converter, AnyConverter):
                values[name] = sorted(converter.items)[0]
            else:
                values[name] = "x"
        method = "GET" if "GET" in rule.methods else sorted(rule.methods - {"OPTIONS"})[0]
        path = adapter.build(rule.endpoint, values, method=method)
        found.append((method, path))
    return found


@pytest.mark.parametrize("number", HUGE)
def test_an_id_too_large_for_the_database_is_a_404(app, client_for, number):
    admin = client_for("admin")
    urls = _urls(app, number)
    assert len(urls) > 40  # every feature's routes with an id are walked
    answers = {f"{method} {path}": admin.open(path, method=method).status_code
               for method, path in urls}  # fmt: skip
    assert {url: code for url, code in answers.items() if code != 404} == {}
    assert admin.get(f"/editions/{number}").status_code == 404
