"""Object storage plugged into the app: the configured backend, downloads, upload limits and the
``flask storage`` commands."""

from __future__ import annotations

from flask import Flask

from learning.storage import cli, routes, store


def init_app(app: Flask) -> None:
    """Build the backend, register the download routes and the commands."""
    store.init_app(app)
    routes.init_app(app)
    app.register_blueprint(routes.bp)
    app.cli.add_command(cli.storage_cli)
