"""The research blueprint, and what every page's template may use through ``research_labels()``
(its routes are in learning/research/routes/, registered by learning/research/feature.py)."""

from __future__ import annotations

from flask import Blueprint
from flask_login import current_user

from learning.language.taxonomy import REGIONS
from learning.research.messages import (
    ACCESS_LABELS,
    FACET_LABELS,
    LICENCE_LABELS,
    LICENCE_URLS,
    OUTPUT_LANGUAGES,
    STATE_LABELS,
    TYPE_LABELS,
)
from learning.research.services.access import is_curator

bp = Blueprint("research", __name__)


def _context() -> dict[str, object]:
    return {
        "TYPE_LABELS": TYPE_LABELS,
        "LICENCE_LABELS": LICENCE_LABELS,
        "LICENCE_URLS": LICENCE_URLS,
        "ACCESS_LABELS": ACCESS_LABELS,
        "STATE_LABELS": STATE_LABELS,
        "OUTPUT_LANGUAGES": OUTPUT_LANGUAGES,
        "REGIONS": REGIONS,
        "FACET_LABELS": FACET_LABELS,
        "is_curator": is_curator(current_user),
    }


bp.app_context_processor(lambda: {"research_labels": _context})
