"""What every request relies on, bound to the app before any feature: the extensions, the
cache, sessions, language, navigation, settings, security headers, mail and static files."""

from __future__ import annotations

from flask import Flask

import learning.models  # noqa: F401 - every table on the metadata before anything runs
from learning import ROOT
from learning.language import i18n
from learning.platform import cache, mail, security, sessions, settings, static_files
from learning.platform.extensions import csrf, db, limiter, login_manager, migrate
from learning.web import errors, navigation, uploads
from learning.web.forms import Request
from learning.web.routing import BoundedIntConverter


def init_app(app: Flask) -> None:
    """Bind the unbound extensions and the app's own subsystems (no I/O)."""
    app.request_class = Request  # query parameters cleaned as form fields are
    # Before any rule is added: every <int:…> in a URL fits the database's integer columns.
    app.url_map.converters["int"] = BoundedIntConverter
    db.init_app(app)
    cache.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    sessions.init_app(app)
    limiter.init_app(app)
    _limit_only_decorated_routes(app)
    login_manager.init_app(app)
    i18n.init_app(app)
    navigation.init_app(app)
    settings.init_app(app)
    security.init_app(app)
    mail.init_app(app)
    static_files.init_app(app)
    errors.register_error_handlers(app)
    uploads.init_app(app)
    app.cli.add_command(cache.cache_cli)
    app.cli.add_command(i18n.translate_cli)


def _limit_only_decorated_routes(app: Flask) -> None:
    """Every rate limit here is a route decorator, which checks itself when its route runs.
    Flask-Limiter's check before every request serves only default, application and
    blueprint limits; with none set it found nothing, at a tenth of a kept page's time."""
    manager = limiter.limit_manager
    if manager.default_limits or manager.application_limits or manager._blueprint_limits:
        return  # somebody set wider limits: keep the check that applies them
    hooks = app.before_request_funcs.get(None, [])
    app.before_request_funcs[None] = [
        hook for hook in hooks if getattr(hook, "__self__", None) is not limiter
    ]
