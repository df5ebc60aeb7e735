"""Demo and seed data plugged into the app: the ``flask demo`` and ``flask seed`` commands."""

from __future__ import annotations

from flask import Flask

from learning.demo.commands import demo_command
from learning.demo.seed import seed_command


def init_app(app: Flask) -> None:
    """Register the commands."""
    app.cli.add_command(demo_command)
    app.cli.add_command(seed_command)
