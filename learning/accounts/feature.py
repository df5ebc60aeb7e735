"""Accounts plugged into the app: sign-in pages, profiles and the ``flask users`` commands."""

from __future__ import annotations

from flask import Flask

from learning.accounts import cli, routes


def init_app(app: Flask) -> None:
    """Register the pages and the commands."""
    app.register_blueprint(routes.bp)
    app.cli.add_command(cli.users_cli)
