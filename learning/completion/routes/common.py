"""What the completion pages share: refusing with the words for a ``CompletionError``, and the
address of a lesson to go back to."""

from __future__ import annotations

from flask import Response, url_for

from learning.completion.messages import MESSAGES
from learning.completion.services.common import CompletionError
from learning.web.errors import render_error
from learning.web.views import message
from learning.workshops.models import Lesson, Workshop


def refuse(error: CompletionError) -> Response:
    """The error page for a refusal: 409 when the person has nothing left to do, else 400."""
    status = 409 if error.code in ("no_attempts_left", "already_answered") else 400
    return render_error(status, message(error, MESSAGES))


def lesson_url(workshop: Workshop, lesson: Lesson) -> str:
    """The lesson's page."""
    return url_for("workshops.lesson", slug=workshop.slug, lesson_id=lesson.id)
