"""The calls blueprint, and what every calls page's template may use (its routes are in
learning/calls/routes/, registered by learning/calls/feature.py)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint
from flask_login import current_user

from learning.calls.messages import RULE_NAMES, accepted, reason
from learning.calls.models import APPLICATION_STATES, CAREER_STAGES, KINDS, RULES, STATUSES
from learning.calls.placement_models import PLACEMENT_STATES
from learning.calls.review_models import REVIEW_STATES
from learning.calls.services.calls import closing_soon, takes_applications
from learning.calls.services.common import is_staff
from learning.language.i18n import session_time
from learning.language.questions import shown
from learning.language.taxonomy import SECTORS
from learning.workshops.markdown import render_markdown

bp = Blueprint("calls", __name__, url_prefix="/calls")


@bp.context_processor
def _template_helpers() -> dict[str, Any]:
    return {
        "CALL_KINDS": KINDS,
        "CALL_STATUSES": STATUSES,
        "APPLICATION_STATES": APPLICATION_STATES,
        "CAREER_STAGES": CAREER_STAGES,
        "RULE_NAMES": RULE_NAMES,
        "REVIEW_STATES": REVIEW_STATES,
        "PLACEMENT_STATES": PLACEMENT_STATES,
        "SECTORS": SECTORS,
        "rule_reason": reason,
        "rule_accepts": accepted,
        "CALL_RULES": RULES,
        "session_time": session_time,
        "markdown": render_markdown,
        "closing_soon": closing_soon,
        "takes_applications": takes_applications,
        "is_staff": lambda: is_staff(current_user),
        "shown_answer": shown,
    }
