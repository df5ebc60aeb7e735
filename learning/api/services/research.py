"""Research outputs through the API: published outputs only (network-only ones for callers
with a token), their latest published version, and its files. An embargoed file never
leaves through the API, whoever asks (its depositor uses the pages)."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import url_for
from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from learning.platform.extensions import db
from learning.research.models import ResearchOutput, ResearchVersion
from learning.research.services.access import embargoed
from learning.research.services.common import programme_today


def outputs_query(with_token: bool) -> Select[Any]:
    """Published outputs the caller may see, with versions, texts, creators and files."""
    query = (
        select(ResearchOutput)
        .where(ResearchOutput.state == "published")
        .options(
            selectinload(ResearchOutput.versions).options(
                selectinload(ResearchVersion.creators), selectinload(ResearchVersion.file_links)
            )
        )
    )
    if not with_token:
        query = query.where(ResearchOutput.access != "network")
    return query


def output(output_id: int, with_token: bool) -> ResearchOutput | None:
    """The published output with this id if the caller may see it, or None."""
    return db.session.scalar(outputs_query(with_token).where(ResearchOutput.id == output_id))


def published(row: ResearchOutput) -> ResearchVersion | None:
    """The newest published version."""
    versions = [v for v in row.versions if v.state == "published"]
    return max(versions, key=lambda v: v.number) if versions else None


def file_allowed(row: ResearchOutput, file_id: int, today: date | None = None) -> str:
    """Whether a file leaves: "ok", "embargoed", or "missing" (not in a published version)."""
    holding = [
        version
        for version in row.versions
        if version.state == "published"
        and any(link.file_id == file_id for link in version.file_links)
    ]
    if not holding:
        return "missing"
    if embargoed(row, today or programme_today()):
        return "embargoed"
    return "ok"


def output_data(row: ResearchOutput, language: str) -> dict[str, Any]:
    """An output as the API shows it: its newest published version and its files (no
    download address while the embargo lasts)."""
    version = published(row)
    if version is None:  # published outputs always have one; kept total for safety
        raise LookupError(row.id)
    text = version.text_for(language)
    closed = embargoed(row, programme_today())
    return {
        "id": row.id,
        "version": version.number,
        "access": row.access,
        "embargo_until": row.embargo_until.isoformat() if closed and row.embargo_until else None,
        "title": text.title,
        "abstract": text.abstract,
        "language": text.language,
        "output_type": version.output_type,
        "organisation": version.organisation,
        "publication_date": version.publication_date.isoformat(),
        "creators": [creator.name for creator in version.creators],
        "keywords": list(version.keywords),
        "themes": list(version.themes),
        "countries": list(version.countries),
        "licence": version.licence,
        "doi": version.doi,
        "url": url_for("research.detail", output_id=row.id, _external=True),
        "files": [
            {
                "id": link.file.id,
                "name": link.file.original_name,
                "content_type": link.file.content_type,
                "size": link.file.size,
                "sha256": link.file.sha256,
                "download_url": None
                if closed
                else url_for(
                    "api_v1.download_research_file",
                    output_id=row.id,
                    file_id=link.file.id,
                    _external=True,
                ),
            }
            for link in sorted(version.file_links, key=lambda link: link.position)
        ],
    }
