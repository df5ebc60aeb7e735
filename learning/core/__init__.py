"""Core pages: home, language switch, health checks, privacy notice and error pages."""

from learning.core.errors import register_error_handlers
from learning.core.routes import bp

__all__ = ["bp", "register_error_handlers"]
