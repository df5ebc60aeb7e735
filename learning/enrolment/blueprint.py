"""The enrolment blueprint, and what every enrolment page's template may use (its routes are in
learning/enrolment/routes/, registered by learning/enrolment/feature.py)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from learning.enrolment.messages import EDITION_STATUS_LABELS, MODE_LABELS, STATE_LABELS
from learning.language.i18n import session_time

bp = Blueprint("enrolment", __name__)


@bp.context_processor
def _template_helpers() -> dict[str, Any]:
    return {
        "STATE_LABELS": STATE_LABELS,
        "MODE_LABELS": MODE_LABELS,
        "EDITION_STATUS_LABELS": EDITION_STATUS_LABELS,
        "edition_time": lambda value, edition, named=True: session_time(
            value, edition.timezone, named=named
        ),
    }
