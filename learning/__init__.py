"""Puente: the application factory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

from learning.config import load_config

ROOT = Path(__file__).resolve().parent.parent


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    """Build the app from the environment plus ``overrides``; no database or network I/O.

    Raises learning.config.ConfigError when the configuration cannot work.
    """
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.from_mapping(load_config(Path(app.instance_path), overrides))
    from learning.forms import Request

    app.request_class = Request  # query parameters cleaned as form fields are
    import learning.models  # noqa: F401 - every table on the metadata before anything runs
    from learning import static_files

    register_extensions(app)
    register_blueprints(app)
    register_cli(app)
    static_files.init_app(app)
    return app


def register_extensions(app: Flask) -> None:
    """Bind the unbound extensions and the app's own subsystems."""
    from learning import cache, i18n, mail, navigation, security, sessions, settings, storage
    from learning.extensions import csrf, db, limiter, login_manager, migrate
    from learning.storage import routes as storage_routes

    db.init_app(app)
    cache.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    # Before CSRF: the upload limit must be set before anything reads the request body.
    storage_routes.init_app(app)
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
    storage.init_app(app)


def _limit_only_decorated_routes(app: Flask) -> None:
    """Every rate limit here is a route decorator, which checks itself when its route runs.
    Flask-Limiter's check before every request serves only default, application and
    blueprint limits; with none set it found nothing, at a tenth of a kept page's time."""
    from learning.extensions import limiter

    manager = limiter.limit_manager
    if manager.default_limits or manager.application_limits or manager._blueprint_limits:
        return  # somebody set wider limits: keep the check that applies them
    hooks = app.before_request_funcs.get(None, [])
    app.before_request_funcs[None] = [
        hook for hook in hooks if getattr(hook, "__self__", None) is not limiter
    ]


def register_blueprints(app: Flask) -> None:
    """Register every feature's blueprint and the error pages."""
    from learning import accounts, admin, core
    from learning.completion.routes import bp as completion_bp
    from learning.dashboard import bp as dashboard_bp
    from learning.enrolment import bp as enrolment_bp
    from learning.research import bp as research_bp
    from learning.storage.routes import bp as files_bp
    from learning.workshops import bp as workshops_bp

    app.register_blueprint(core.bp)
    app.register_blueprint(files_bp)
    app.register_blueprint(accounts.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(dashboard_bp)
    app.register_blueprint(research_bp)
    app.register_blueprint(workshops_bp)
    app.register_blueprint(enrolment_bp)
    app.register_blueprint(completion_bp)
    core.register_error_handlers(app)


def register_cli(app: Flask) -> None:
    """Register the ``flask`` sub-commands."""
    from learning.accounts.cli import users_cli
    from learning.cache import cache_cli
    from learning.demo import demo_command
    from learning.i18n import translate_cli
    from learning.seed import seed_command
    from learning.storage import cli as _storage_cli  # noqa: F401 - adds gc and verify

    app.cli.add_command(users_cli)
    app.cli.add_command(cache_cli)
    app.cli.add_command(demo_command)
    app.cli.add_command(translate_cli)
    app.cli.add_command(seed_command)
