"""The framework's own floor: bare Flask on the same machine and database as Puente.

``/hello`` answers a constant string; ``/rows`` reads 50 rows of the users table through
SQLAlchemy Core and renders them through a Jinja template (compiled once). The benchmark
compares every Puente page with ``/rows``.

    DATABASE_URL=sqlite:////tmp/perf_m.db gunicorn --workers 2 bench.floor:app
"""

from __future__ import annotations

import os

from flask import Flask
from sqlalchemy import create_engine, text

app = Flask(__name__)
engine = create_engine(os.environ.get("DATABASE_URL", "sqlite:///instance/puente.db"))
ROWS = text("SELECT id, name, email, country FROM users ORDER BY id LIMIT 50")
PAGE = app.jinja_env.from_string(
    """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Users</title></head>
<body><table><thead><tr><th>#</th><th>Name</th><th>E-mail</th><th>Country</th></tr></thead>
<tbody>{% for row in rows %}<tr><td>{{ row.id }}</td><td>{{ row.name }}</td>
<td>{{ row.email }}</td><td>{{ row.country or "" }}</td></tr>{% endfor %}</tbody></table>
</body></html>"""
)


@app.get("/hello")
def hello() -> str:
    """Bare Flask: no database, no template."""
    return "Hello, world!"


@app.get("/rows")
def rows() -> str:
    """50 rows from the users table through Jinja."""
    with engine.connect() as conn:
        found = conn.execute(ROWS).all()
    return PAGE.render(rows=found)
