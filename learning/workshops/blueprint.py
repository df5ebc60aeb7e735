"""The workshops blueprint and the helpers its templates share."""

from __future__ import annotations

from typing import Any

from flask import Blueprint
from flask_login import current_user

from learning.language.content import language_name, languages
from learning.language.i18n import session_time
from learning.workshops.markdown import render_markdown
from learning.workshops.models import FORMATS, LESSON_KINDS, STATUSES
from learning.workshops.services.permissions import can_edit

bp = Blueprint("workshops", __name__, url_prefix="/workshops")


@bp.context_processor
def _template_helpers() -> dict[str, Any]:
    return {
        "markdown": render_markdown,
        "session_time": session_time,
        "FORMATS": FORMATS,
        "LESSON_KINDS": LESSON_KINDS,
        "STATUSES": STATUSES,
        "language_name": language_name,
        "content_languages": languages(),
        "can_edit": lambda w: can_edit(current_user, w),
    }
