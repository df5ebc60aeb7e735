"""Record sensitive actions; every feature calls ``record`` in the same transaction as the
change it logs, so a rolled-back change leaves no entry and a committed one always has one."""

from __future__ import annotations

from typing import Any

from flask import has_request_context, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from learning.audit.models import AuditEntry
from learning.platform.extensions import db

# The actions the log knows, with how people read them. Features add theirs here.
ACTIONS = {
    "user.roles_changed": _l("Roles changed"),
    "user.deactivated": _l("Account deactivated"),
    "user.reactivated": _l("Account reactivated"),
    "user.deleted": _l("Account deleted"),
    "user.data_exported": _l("Personal data downloaded"),
    "user.signed_out_everywhere": _l("Signed out on every device"),
    "certificate.revoked": _l("Certificate revoked"),
    "export.downloaded": _l("Export downloaded"),
    "edition.announced": _l("Announcement sent to an edition"),
    "research.curated": _l("Curation decision"),
    "content.deleted": _l("Content deleted"),
    "settings.changed": _l("Settings changed"),
}


def record(
    action: str,
    *,
    target_type: str | None = None,
    target_id: int | None = None,
    actor_id: int | None = None,
    **details: Any,
) -> AuditEntry:
    """Add an entry for ``action`` (a key of ACTIONS) by the signed-in person, or ``actor_id``.

    Raises ValueError for an action the log does not know (a typo would hide an entry).
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    if actor_id is None and has_request_context() and current_user.is_authenticated:
        actor_id = current_user.id
    entry = AuditEntry(
        action=action,
        target_type=target_type,
        target_id=target_id,
        actor_id=actor_id,
        ip_address=request.remote_addr if has_request_context() else None,
        details=details,
    )
    db.session.add(entry)
    return entry
