"""One function sends every e-mail: SMTP when configured, else .eml files in the outbox."""

from __future__ import annotations

import logging
import smtplib
import uuid
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Any

from flask import Flask, current_app, render_template
from flask_babel import force_locale

log = logging.getLogger(__name__)


class MailError(RuntimeError):
    """The message could not be handed to the mail server."""


def init_app(app: Flask) -> None:
    """Nothing to connect at start-up; kept for symmetry with the other subsystems."""
    app.extensions["mail"] = {"transport": "smtp" if app.config.get("MAIL_SERVER") else "outbox"}


def send_mail(
    to: str,
    template: str,
    *,
    language: str,
    subject: str | None = None,
    headers: dict[str, str] | None = None,
    **context: Any,
) -> EmailMessage:
    """Render ``templates/mail/<template>.txt`` in ``language`` and send it to ``to``.

    The first line of the rendered template is the subject unless ``subject`` is given;
    ``headers`` adds more (List-Unsubscribe, for one; the ones set here cannot be replaced).
    Raises MailError when the SMTP server refuses or cannot be reached.
    """
    with force_locale(language):
        body = render_template(f"mail/{template}.txt", **context).strip()
    first, _, rest = body.partition("\n")
    message = EmailMessage()
    message["Subject"] = subject or first.strip()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = to
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="puente.local")
    message.set_content(rest.strip() + "\n" if subject is None else body + "\n")
    # After set_content, which would drop it with the other Content-* headers.
    message["Content-Language"] = language
    for name, value in (headers or {}).items():
        if name not in message:
            message[name] = value
    _deliver(message)
    return message


def _deliver(message: EmailMessage) -> None:
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        outbox = Path(config["MAIL_OUTBOX"])
        outbox.mkdir(parents=True, exist_ok=True)
        path = outbox / f"{uuid.uuid4().hex}.eml"
        path.write_bytes(bytes(message))
        log.info("mail to %s written to %s: %s", message["To"], path, message["Subject"])
        return
    try:
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=20) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        raise MailError(str(exc)) from exc
    log.info("mail to %s sent: %s", message["To"], message["Subject"])
