"""The completion blueprint (its routes are in learning/completion/routes/, registered by
learning/completion/feature.py; its template helpers are in learning/completion/panels.py)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("completion", __name__)
