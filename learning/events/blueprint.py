"""The events blueprint, and what every events page's template may use (its routes are in
learning/events/routes/, registered by learning/events/feature.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_time
from flask import Blueprint
from flask_babel import get_locale
from flask_login import current_user

from learning.events.messages import interpretation_label
from learning.events.models import FORMATS, KINDS, REGISTRATION_STATES, STATUSES
from learning.events.services.common import can_manage
from learning.language.content import language_name, languages
from learning.language.i18n import session_time
from learning.workshops.markdown import render_markdown

bp = Blueprint("events", __name__, url_prefix="/events")


def clock(value: datetime, zone: str) -> str:
    """The time of day of ``value`` in ``zone``, in the reader's language ("10:00")."""
    return format_time(value, "short", tzinfo=ZoneInfo(zone), locale=get_locale())


@bp.context_processor
def _template_helpers() -> dict[str, Any]:
    return {
        "EVENT_KINDS": KINDS,
        "EVENT_FORMATS": FORMATS,
        "EVENT_STATUSES": STATUSES,
        "REGISTRATION_STATES": REGISTRATION_STATES,
        "session_time": session_time,
        "clock": clock,
        "markdown": render_markdown,
        "language_name": language_name,
        "content_languages": languages(),
        "interpretation_label": interpretation_label,
        "can_manage": lambda event: can_manage(current_user, event),
    }
