"""The network blueprint (its routes are in learning/network/routes/, registered by
learning/network/feature.py)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from learning.workshops.markdown import render_markdown

bp = Blueprint("network", __name__, url_prefix="/network")


@bp.context_processor
def _template_helpers() -> dict[str, Any]:
    return {"markdown": render_markdown}
