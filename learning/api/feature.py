"""The API plugged into the app: its pages and /api/v1 (exempt from CSRF: bearer tokens
only, never the session cookie), problem+json errors under /api/v1, what goes when a
person deletes their account (their tokens), and ``flask api docs``."""

from __future__ import annotations

from flask import Flask

from learning.api import problems
from learning.api.blueprint import bp, v1
from learning.api.cli import api_cli
from learning.api.routes import (  # noqa: F401 - each adds its views
    community,
    deposit,
    enrolling,
    mine,
    pages,
    public,
    research,
    staff,
)
from learning.api.services.tokens import forget_person
from learning.api.spec import init_api
from learning.platform.extensions import csrf
from learning.platform.slots import ACCOUNT_DELETING, PROFILE_LINKS


def init_app(app: Flask) -> None:
    """Register the blueprints and the commands, answer errors under /api/v1 as problem
    details, and fill the accounts' deletion slot."""
    csrf.exempt(v1)
    app.register_blueprint(bp)
    init_api(app, v1)
    problems.install(app)
    ACCOUNT_DELETING.fill(app, forget_person)
    PROFILE_LINKS.fill(app, pages.profile_link)
    app.cli.add_command(api_cli)
