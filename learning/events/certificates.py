"""The certificate of attendance as PDF, drawn like the workshops' certificates (the
completion feature's ``draw_pdf``: EU emblem, funding statement, QR code, signature line), and
its Open Badges 2.0 documents (hosted verification; the recipient's e-mail hashed with a salt,
as completion's badges do)."""

from __future__ import annotations

from typing import Any

from babel.dates import format_date
from flask import url_for
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _

from learning.completion import badges
from learning.completion.certificates import Lines, Page, draw_pdf
from learning.events.models import Event, EventCertificate
from learning.events.services.attendance import event_days
from learning.events.services.certificates import Tally
from learning.platform.settings import programme as programme_settings


def verification_url(certificate: EventCertificate) -> str:
    """The public page that says whether the certificate is valid."""
    return url_for("events.certificate_verify", code=certificate.code, _external=True)


def _title(event: Event, language: str) -> str:
    text = event.text(language)
    return text.title if text else f"#{event.id}"


def _lines(certificate: EventCertificate, tally: Tally, language: str) -> Lines:
    event = certificate.event
    settings = programme_settings()
    days = event_days(event)
    first, last = days[0], days[-1]
    with force_locale(language):
        if first == last:
            dates = _("On %(date)s", date=format_date(first, "long", locale=language))
        else:
            dates = _(
                "From %(start)s to %(end)s",
                start=format_date(first, "long", locale=language),
                end=format_date(last, "long", locale=language),
            )
        attended = []
        if tally.days:
            attended.append(ngettext("%(num)s day", "%(num)s days", tally.days))
        if tally.sessions:
            attended.append(ngettext("%(num)s session", "%(num)s sessions", tally.sessions))
        return Lines(
            heading=_("Certificate of attendance"),
            certifies=_("This certifies that"),
            completed=_("attended the event"),
            dates=dates + (f" · {event.venue}" if event.venue else ""),
            hours=_("Attended: %(what)s", what=", ".join(attended)) if attended else "",
            trainers="",
            code=_("Certificate code: %(code)s", code=certificate.code),
            verify=_("Check that it is valid at %(url)s", url=verification_url(certificate)),
            funded=settings.funding_note(language),
            signatory=_("Programme coordinator, %(programme)s", programme=settings.name),
        )


def render_pdf(certificate: EventCertificate, tally: Tally, language: str) -> bytes:
    """The certificate as a one-page A4 landscape PDF; ``language`` "es", "en" or "bilingual"."""
    languages = ["es", "en"] if language == "bilingual" else [language]
    return draw_pdf(
        Page(
            name=certificate.user.name,
            languages=languages,
            lines=[_lines(certificate, tally, lang) for lang in languages],
            titles=[_title(certificate.event, lang) for lang in languages],
            url=verification_url(certificate),
            issued=certificate.issued_at.date(),
        )
    )


def badge_class(event: Event) -> dict[str, Any]:
    """The badge earned by attending ``event`` (texts in the reader's language)."""
    text = event.text()
    return {
        "@context": badges.CONTEXT,
        "type": "BadgeClass",
        "id": url_for("events.badge_class", event_id=event.id, _external=True),
        "name": text.title if text else f"#{event.id}",
        "description": (text.summary if text and text.summary else text.title if text else ""),
        "image": url_for("static", filename="favicon.svg", _external=True),
        "criteria": {
            "id": url_for("events.detail", event_id=event.id, _external=True),
            "narrative": "Attended the event as its rule for certificates of attendance asks.",
        },
        "issuer": url_for("completion.badge_issuer", _external=True),
    }


def assertion(certificate: EventCertificate) -> dict[str, Any]:
    """The hosted assertion of a certificate; a revoked one says so (and nothing else)."""
    url = url_for("events.badge_assertion", code=certificate.code, _external=True)
    if certificate.revoked_at is not None:
        return {
            "@context": badges.CONTEXT,
            "type": "Assertion",
            "id": url,
            "revoked": True,
            "revocationReason": "Revoked by the issuer.",
        }
    salt = badges.salt_for(f"event:{certificate.code}")
    return {
        "@context": badges.CONTEXT,
        "type": "Assertion",
        "id": url,
        "recipient": {
            "type": "email",
            "hashed": True,
            "salt": salt,
            "identity": badges.hashed_identity(certificate.user.email, salt),
        },
        "badge": url_for("events.badge_class", event_id=certificate.event_id, _external=True),
        "verification": {"type": "hosted"},
        "issuedOn": certificate.issued_at.isoformat(),
        "evidence": verification_url(certificate),
    }
