"""WSGI entry point: ``gunicorn wsgi:app`` or ``flask --app wsgi ...``."""

from learning import create_app
from learning.platform.config import ConfigError

try:
    app = create_app()
except ConfigError as exc:
    # One line for the operator instead of a traceback.
    raise SystemExit(f"Puente cannot start: {exc}") from None
