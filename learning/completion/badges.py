"""Open Badges 2.0 with hosted verification: the issuer, one BadgeClass per workshop, and one
Assertion per certificate. The recipient's e-mail is hashed (sha256 with a salt), never shown."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from flask import current_app, url_for

from learning.completion.models import Certificate
from learning.workshops.models import Workshop

CONTEXT = "https://w3id.org/openbadges/v2"


def issuer() -> dict[str, Any]:
    """The programme as an Open Badges issuer profile."""
    return {
        "@context": CONTEXT,
        "type": "Issuer",
        "id": url_for("completion.badge_issuer", _external=True),
        "name": current_app.config.get("PROGRAMME_NAME", "Puente"),
        "url": url_for("core.home", _external=True),
        "email": current_app.config.get("CONTACT_EMAIL", ""),
    }


def badge_class(workshop: Workshop) -> dict[str, Any]:
    """The badge earned by completing ``workshop`` (texts in the reader's language)."""
    text = workshop.text()
    return {
        "@context": CONTEXT,
        "type": "BadgeClass",
        "id": url_for("completion.badge_class", slug=workshop.slug, _external=True),
        "name": text.title if text else workshop.slug,
        "description": (text.summary if text and text.summary else text.title if text else ""),
        "image": url_for("static", filename="favicon.svg", _external=True),
        "criteria": {
            "id": url_for("workshops.detail", slug=workshop.slug, _external=True),
            "narrative": "Completed every required lesson and met the workshop's completion rule.",
        },
        "issuer": url_for("completion.badge_issuer", _external=True),
    }


def salt_for(code: str) -> str:
    """A salt that is stable for a certificate's ``code`` but not derivable without the
    secret key (the events' certificates of attendance use it too)."""
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, f"badge-salt:{code}".encode(), hashlib.sha256).hexdigest()[:16]


def _salt(certificate: Certificate) -> str:
    return salt_for(certificate.code)


def hashed_identity(email: str, salt: str) -> str:
    """Open Badges' hashed recipient identity: ``sha256$`` + hex(sha256(email + salt))."""
    return "sha256$" + hashlib.sha256((email.strip().lower() + salt).encode()).hexdigest()


def assertion(certificate: Certificate) -> dict[str, Any]:
    """The hosted assertion of a certificate; a revoked one says so (and nothing else)."""
    url = url_for("completion.badge_assertion", code=certificate.code, _external=True)
    if certificate.revoked_at is not None:
        return {
            "@context": CONTEXT,
            "type": "Assertion",
            "id": url,
            "revoked": True,
            "revocationReason": "Revoked by the issuer.",
        }
    enrolment = certificate.enrolment
    salt = _salt(certificate)
    return {
        "@context": CONTEXT,
        "type": "Assertion",
        "id": url,
        "recipient": {
            "type": "email",
            "hashed": True,
            "salt": salt,
            "identity": hashed_identity(enrolment.user.email, salt),
        },
        "badge": url_for(
            "completion.badge_class", slug=enrolment.edition.workshop.slug, _external=True
        ),
        "verification": {"type": "hosted"},
        "issuedOn": certificate.issued_at.isoformat(),
        "evidence": url_for("completion.verify", code=certificate.code, _external=True),
    }
