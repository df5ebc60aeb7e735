"""The e-mails enrolment sends: operations return ``Notice`` objects and the caller hands them
to ``deliver`` once the transaction is committed."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from babel.dates import format_date
from flask import url_for

from learning.accounts.models import User
from learning.platform.mail import MailError, send_mail
from learning.workshops.models import Edition

log = logging.getLogger(__name__)


@dataclass
class Notice:
    """An e-mail to send once the transaction is committed (templates/mail/enrolment_<event>)."""

    event: str
    to: str
    name: str
    language: str
    edition: Edition
    extra: dict[str, Any] = field(default_factory=dict)


def notice_for(event: str, user: User, edition: Edition, **extra: Any) -> Notice:
    """The ``event`` e-mail about ``edition`` for ``user``, in their language."""
    return Notice(event, user.email, user.name, user.preferred_language, edition, extra)


def _link(endpoint: str, **values: Any) -> str:
    """An absolute link when the app knows its address (requests; SERVER_NAME in the CLI)."""
    try:
        return url_for(endpoint, _external=True, **values)
    except RuntimeError:
        return ""


def deliver(notices: Iterable[Notice]) -> int:
    """Send the notices in each recipient's language; a failing server is logged, not raised.

    Returns how many were handed over.
    """
    sent = 0
    links = {
        "my_learning": _link("enrolment.my_learning"),
        "register": _link("accounts.register"),
        "sign_in": _link("accounts.login"),
    }
    for notice in notices:
        edition = notice.edition
        text = edition.workshop.text(notice.language)
        try:
            send_mail(
                notice.to,
                f"enrolment_{notice.event}",
                language=notice.language,
                name=notice.name,
                edition=edition,
                workshop_title=text.title if text else edition.workshop.slug,
                edition_link=_link("enrolment.edition", edition_id=edition.id),
                links=links,
                dates=_date_range(edition, notice.language),
                **notice.extra,
            )
        except MailError as exc:
            log.warning("enrolment mail %s to %s not sent: %s", notice.event, notice.to, exc)
            continue
        sent += 1
    return sent


def _date_range(edition: Edition, language: str) -> str:
    start = format_date(edition.starts_on, "medium", locale=language)
    end = format_date(edition.ends_on, "medium", locale=language)
    return start if edition.starts_on == edition.ends_on else f"{start} – {end}"
