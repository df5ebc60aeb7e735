"""What a curator reads beside a submitted version: the decisions taken on the output so far
(from the audit log) and what the version changes from the one before it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from learning.audit.models import AuditEntry
from learning.platform.extensions import db
from learning.research.models import ResearchOutput, ResearchVersion

# The metadata compared between versions, in the order the review page lists it.
COMPARED = ("title", "abstract", "keywords", "creators", "files")


@dataclass(frozen=True)
class Decision:
    """One curation decision: published, returned or withdrawn."""

    at: datetime
    decision: str
    version: int | None
    curator: str | None
    comment: str | None


@dataclass(frozen=True)
class Change:
    """One piece of metadata that differs from the previous version (``language`` for a
    title or an abstract; lists are joined for reading)."""

    field: str
    language: str | None
    before: str
    after: str


def decisions(output: ResearchOutput) -> list[Decision]:
    """Every curation decision on ``output``, oldest first (one query)."""
    entries = db.session.scalars(
        select(AuditEntry)
        .where(
            AuditEntry.action == "research.curated",
            AuditEntry.target_type == "research_output",
            AuditEntry.target_id == output.id,
        )
        .options(selectinload(AuditEntry.actor))
        .order_by(AuditEntry.at, AuditEntry.id)
    )
    return [
        Decision(
            at=entry.at,
            decision=str(entry.details.get("decision") or ""),
            version=entry.details.get("version"),
            curator=entry.actor.name if entry.actor is not None else None,
            comment=entry.details.get("comment"),
        )
        for entry in entries
    ]


def snapshot(version: ResearchVersion) -> dict[str, Any]:
    """The compared metadata of ``version`` (JSON), kept when it is returned for changes."""
    return _metadata(version)


def _metadata(version: ResearchVersion) -> dict[str, Any]:
    return {
        "title": {text.language: text.title for text in version.texts},
        "abstract": {text.language: text.abstract for text in version.texts},
        "keywords": ", ".join(version.keywords),
        "creators": "; ".join(creator.name for creator in version.creators),
        "files": ", ".join(file.original_name for file in version.files),
    }


def previous(version: ResearchVersion) -> ResearchVersion | None:
    """The version before ``version``, if there is one."""
    return version.output.version(version.number - 1) if version.number > 1 else None


def changes(version: ResearchVersion, earlier: ResearchVersion | dict[str, Any]) -> list[Change]:
    """What ``version`` changes from ``earlier`` (a version, or the snapshot taken when this
    one was returned for changes): titles and abstracts per language, keywords, creators and
    files."""
    now = _metadata(version)
    before = earlier if isinstance(earlier, dict) else _metadata(earlier)
    found = []
    for field in COMPARED:
        if isinstance(now[field], dict):
            old_texts = before.get(field) or {}
            for language in sorted(set(now[field]) | set(old_texts)):
                old, new = old_texts.get(language, ""), now[field].get(language, "")
                if old != new:
                    found.append(Change(field, language, old, new))
        elif now[field] != before.get(field, ""):
            found.append(Change(field, None, before.get(field, ""), now[field]))
    return found
