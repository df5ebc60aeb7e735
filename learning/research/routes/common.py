"""What the research pages share: loading an output or a version as the reader may see or
change it, who is asking (for counting), e-mails that must not undo a step, and refusals."""

from __future__ import annotations

import logging

from flask import Response, abort, request
from flask_login import current_user

from learning.platform.extensions import db
from learning.platform.mail import MailError, send_mail
from learning.research.messages import error_message, error_status
from learning.research.models import ResearchOutput, ResearchVersion
from learning.research.services.access import get_output, may_manage, page_verdict
from learning.research.services.common import ResearchError
from learning.storage import services as storage
from learning.web.errors import render_error

log = logging.getLogger(__name__)


def problem(error: ResearchError) -> Response:
    """Undo the request's changes and say why ``error`` refused it."""
    db.session.rollback()
    return render_error(error_status(error), error_message(error))


def visible_output(output_id: int) -> ResearchOutput:
    """The output if this person may see its page: 404 when not (drafts of others)."""
    output = get_output(output_id)
    if output is None or page_verdict(current_user, output) == storage.HIDE:
        abort(404)
    return output


def managed_output(output_id: int) -> ResearchOutput:
    """The output if this person deposited it or curates: 404 if they may not see it, 403
    if they may see it but not change it."""
    output = visible_output(output_id)
    if not may_manage(current_user, output):
        abort(403)
    return output


def visible_version(output: ResearchOutput, number: int) -> ResearchVersion:
    """Version ``number`` of ``output``: 404 when there is none, or when it is not published
    and this person may not manage the output."""
    version = output.version(number)
    if version is None:
        abort(404)
    if version.state != "published" and not may_manage(current_user, output):
        abort(404)
    return version


def visitor() -> tuple[str, str | None]:
    """The address and user agent of the request, to count a view or a download."""
    return request.remote_addr or "", request.headers.get("User-Agent")


def mail_quietly(to: str, template: str, language: str, **context: object) -> None:
    """Send an e-mail; when the mail server fails, log it and carry on."""
    try:
        send_mail(to, template, language=language, **context)
    except MailError as exc:
        # The step itself succeeded; a mail server outage must not undo it.
        log.warning("research mail %s to %s not sent: %s", template, to, exc)
