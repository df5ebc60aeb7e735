"""Puente: the application factory."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import Any

from flask import Flask

from learning.platform.config import load_config

ROOT = Path(__file__).resolve().parent.parent

# The features, lowest first: a feature may import the ones before it, never those after it
# (tests/test_architecture.py). Each has ``learning/<name>/feature.py`` with ``init_app(app)``,
# which registers its blueprint, template helpers and commands and fills the slots of the
# features below it (learning/platform/slots.py). A new feature plugs in by adding its name here.
FEATURES = (
    "storage",
    "audit",
    "accounts",
    "jobs",
    "core",
    "research",
    "workshops",
    "enrolment",
    "completion",
    "events",
    "calls",
    "network",
    "admin",
    "dashboard",
    "api",
    "webhooks",
    "demo",
)


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    """Build the app from the environment plus ``overrides``; no database or network I/O.

    Raises learning.platform.config.ConfigError when the configuration cannot work.
    """
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.from_mapping(load_config(Path(app.instance_path), overrides))
    from learning.platform import wiring

    wiring.init_app(app)
    for name in FEATURES:
        import_module(f"learning.{name}.feature").init_app(app)
    return app
