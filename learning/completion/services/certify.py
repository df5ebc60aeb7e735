"""Certificates: issuing one per completion (with an unguessable public code), finding them,
revoking them and choosing their language."""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from learning.accounts.models import User
from learning.audit import services as audit
from learning.completion.models import CERTIFICATE_LANGUAGES, Certificate
from learning.completion.services.common import CompletionError, insert_ignoring_duplicates
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.workshops.models import Edition, Enrolment, Workshop

CODE = re.compile(r"[A-Za-z0-9_-]{22}")


def new_code() -> str:
    """An unguessable public code (128 random bits, 22 URL-safe characters)."""
    return secrets.token_urlsafe(16)


def issue_certificate(enrolment: Enrolment) -> None:
    """Issue the enrolment's certificate once, in the participant's language."""
    language = getattr(enrolment.user, "preferred_language", "es")
    insert_ignoring_duplicates(
        Certificate,
        ("enrolment_id",),
        {
            "enrolment_id": enrolment.id,
            "code": new_code(),
            "issued_at": utcnow(),
            "language": language if language in CERTIFICATE_LANGUAGES else "es",
        },
    )


def certificate_for(enrolment: Enrolment) -> Certificate | None:
    """The enrolment's certificate, if one was issued."""
    return db.session.scalar(select(Certificate).where(Certificate.enrolment_id == enrolment.id))


def certificates_of(user: Any, workshop: Workshop) -> list[Certificate]:
    """The certificates ``user`` holds for ``workshop`` (any edition), newest first."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    return list(
        db.session.scalars(
            select(Certificate)
            .join(Enrolment, Certificate.enrolment_id == Enrolment.id)
            .join(Edition, Enrolment.edition_id == Edition.id)
            .where(Enrolment.user_id == user.id, Edition.workshop_id == workshop.id)
            .options(selectinload(Certificate.enrolment).selectinload(Enrolment.edition))
            .order_by(Certificate.issued_at.desc())
        )
    )


def certificates_for(enrolments: Sequence[Enrolment]) -> dict[int, Certificate]:
    """Certificates by enrolment id, in one query (for "My learning")."""
    ids = [e.id for e in enrolments]
    if not ids:
        return {}
    rows = db.session.scalars(select(Certificate).where(Certificate.enrolment_id.in_(ids)))
    return {row.enrolment_id: row for row in rows}


def find_certificate(code: str) -> Certificate | None:
    """The certificate with ``code``; a malformed code is not looked up at all."""
    if not CODE.fullmatch(code or ""):
        return None
    return db.session.scalar(
        select(Certificate)
        .where(Certificate.code == code)
        .options(
            selectinload(Certificate.enrolment)
            .selectinload(Enrolment.edition)
            .selectinload(Edition.workshop)
            .selectinload(Workshop.trainers),
            selectinload(Certificate.enrolment).selectinload(Enrolment.user),
        )
    )


def revoke(certificate: Certificate, *, by: User, reason: str) -> None:
    """Revoke a certificate, keeping who, when and why.

    Raises CompletionError: reason_missing, already_revoked.
    """
    reason = (reason or "").strip()
    if not reason:
        raise CompletionError("reason_missing")
    if certificate.revoked_at is not None:
        raise CompletionError("already_revoked")
    by_id = by.id
    with db.session.no_autoflush:
        certificate.revoked_reason = reason[:2000]
        certificate.revoked_by_id = by_id
        certificate.revoked_at = utcnow()
    db.session.flush()
    audit.record(
        "certificate.revoked", target_type="certificate", target_id=certificate.id, actor_id=by_id
    )


def set_certificate_language(certificate: Certificate, language: str) -> None:
    """Choose the certificate's language (or both). Raises CompletionError("bad_language")."""
    if language not in CERTIFICATE_LANGUAGES:
        raise CompletionError("bad_language")
    certificate.language = language
    db.session.flush()
