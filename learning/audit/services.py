"""Record sensitive actions; every feature calls ``record`` in the same transaction as the
change it logs, so a rolled-back change leaves no entry and a committed one always has one."""

from __future__ import annotations

from typing import Any

from flask import has_request_context, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from learning.audit.models import AuditEntry
from learning.language.taxonomy import GENDERS, REGIONS, SECTORS, THEMES
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
    "event.mailed": _l("Message sent to an event's people"),
    "research.curated": _l("Curation decision"),
    "content.deleted": _l("Content deleted"),
    "settings.changed": _l("Settings changed"),
    "network.hide": _l("Discussion post hidden"),
    "network.restore": _l("Discussion post restored"),
    "network.approve-links": _l("Links in a discussion post approved"),
    "network.block": _l("Member blocked from the discussions"),
    "network.unblock": _l("Member unblocked in the discussions"),
    "network.organisation_verified": _l("Organisation verified (or badge taken back)"),
    "network.organisation_accepted": _l("Proposed organisation accepted"),
    "network.profile_links_approved": _l("Links in a member's profile approved"),
    "network.reject-links": _l("Links in a discussion post turned down"),
    "network.profile_links_rejected": _l("Links in a member's profile turned down"),
    "api.token_created": _l("API token made"),
    "api.token_revoked": _l("API token revoked"),
    "calls.conflict_waived": _l("Conflict of interest waived for a review"),
    "event_certificates.issued": _l("Certificates of attendance issued"),
    "event_certificate.revoked": _l("Certificate of attendance revoked"),
    "webhooks.endpoint_created": _l("Webhook endpoint registered"),
    "webhooks.endpoint_disabled": _l("Webhook endpoint stopped"),
    "webhooks.endpoint_enabled": _l("Webhook endpoint started again"),
    "webhooks.endpoint_deleted": _l("Webhook endpoint deleted"),
}


# How the log's readers see what an entry is about and its details (unknown keys show as they
# are). Features add theirs here, next to their actions.
TARGETS = {
    "user": _l("Account"),
    "certificate": _l("Certificate"),
    "edition": _l("Edition"),
    "workshop": _l("Workshop"),
    "module": _l("Module"),
    "lesson": _l("Lesson"),
    "material": _l("Material"),
    "research_output": _l("Research output"),
    "dashboard": _l("Dashboard"),
    "programme": _l("Programme"),
    "settings": _l("Settings"),
    "event": _l("Event"),
    "network_post": _l("Discussion post"),
    "network_organisation": _l("Organisation"),
    "network_profile": _l("Network profile"),
    "api_token": _l("API token"),
    "call_application": _l("Call application"),
    "call": _l("Call"),
    "event_certificate": _l("Certificate of attendance"),
    "webhook_endpoint": _l("Webhook endpoint"),
}
DETAILS = {
    "table": _l("Table"),
    "publication": _l("For publication"),
    "filters": _l("Filters"),
    "before": _l("Before"),
    "after": _l("After"),
    "changed": _l("Changed"),
    "decision": _l("Decision"),
    "version": _l("Version"),
    "comment": _l("Comment"),
    "reason": _l("Reason"),
    "audience": _l("To"),
    "subject": _l("Subject"),
    "rows": _l("Rows"),
    "state": _l("State"),
    "q": _l("Search"),
    "scopes": _l("Scopes"),
    "conflicts": _l("Conflicts of interest"),
    "reviewer": _l("Reviewer"),
    "issued": _l("Issued"),
    "verified": _l("Verified"),
}
# Details whose values are keys too: the table an export came from (issue 22).
DETAIL_VALUES = {
    "table": {
        "headline": _l("People trained"),
        "region": _l("People trained by country or region"),
        "sector": _l("People trained by sector"),
        "gender": _l("People trained by gender"),
        "research-type": _l("Research outputs by type"),
        "research-country": _l("Research outputs by country"),
        "events-region": _l("Event registrations by country or region"),
        "events-sector": _l("Event registrations by sector"),
        "events-gender": _l("Event registrations by gender"),
        "completion": _l("Completion report"),
        "certificates": _l("Certificates"),
        "roster": _l("Roster"),
        "enrolments": _l("Every enrolment (CSV)"),
    },
}


def target_label(entry: AuditEntry) -> str:
    """What the entry is about, in words: "Edition 12", "Dashboard" (no number when none)."""
    if not entry.target_type:
        return ""
    kind = str(TARGETS.get(entry.target_type, entry.target_type))
    return kind if entry.target_id is None else f"{kind} {entry.target_id}"


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, dict):
        return ", ".join(f"{key}={_value(item)}" for key, item in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(_value(item) for item in value)
    return str(value)


# The dashboard's filters an export was made with: names and values in words.
FILTER_NAMES = {
    "since": (_l("From"), {}),
    "until": (_l("Until"), {}),
    "region": (_l("Country or region"), REGIONS),
    "sector": (_l("Sector"), SECTORS),
    "gender": (_l("Gender"), GENDERS),
    "theme": (_l("Theme"), THEMES),
    "workshop": (_l("Workshop"), {}),
    "edition": (_l("Edition"), {}),
}


def _filters(value: dict[str, Any]) -> str:
    said = []
    for key, item in value.items():
        name, words = FILTER_NAMES.get(key, (key, {}))
        said.append(f"{name}: {words.get(item, item) if isinstance(item, str) else item}")
    return "; ".join(said) or "—"


def detail_lines(entry: AuditEntry) -> list[tuple[str, str]]:
    """The entry's details as (label, value) in the reader's language."""
    lines = []
    for key, value in entry.details.items():
        if key == "filters" and isinstance(value, dict):
            lines.append((str(DETAILS[key]), _filters(value)))
            continue
        if isinstance(value, str):
            value = str(DETAIL_VALUES.get(key, {}).get(value, value))
        lines.append((str(DETAILS.get(key, key)), _value(value)))
    return lines


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
