"""``flask api docs``: write the API's documentation as static files
(learning/api/static_docs.py)."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from learning.api import static_docs

api_cli = AppGroup("api", help="API commands.")


@api_cli.command("docs")
@click.option(
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Write the files here instead of static/api/.",
)
def docs_command(output: Path | None) -> None:
    """Render the API documentation (a page per language) and the OpenAPI document into
    static/api/."""
    for path in static_docs.write(current_app._get_current_object(), output):
        click.echo(f"wrote {path}")
