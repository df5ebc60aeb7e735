"""The programme dashboard: the indicators the funder asks for, with filters, charts and CSV."""

from learning.dashboard.routes import bp

__all__ = ["bp"]
