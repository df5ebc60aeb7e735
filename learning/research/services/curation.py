"""Curation: submitting a version, publishing it or returning it with a comment, withdrawing
a published output, and the lists of curators, the queue and a researcher's own outputs."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from learning.accounts.models import User, UserRole
from learning.audit import services as audit
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.research import search
from learning.research.models import ResearchOutput, ResearchVersion
from learning.research.services import review
from learning.research.services.common import ResearchError
from learning.research.services.index import reindex


def submit(version: ResearchVersion) -> None:
    """Send a draft or returned version to the curators. Raises ResearchError."""
    if version.state not in ("draft", "returned"):
        raise ResearchError("frozen" if version.frozen else "in_curation")
    if not version.file_links:
        raise ResearchError("no_files")
    version.state = "submitted"
    version.submitted_at = utcnow()
    output = version.output
    if output.state in ("draft", "returned"):
        output.state = "submitted"
    db.session.flush()


def approve(version: ResearchVersion, curator: User) -> None:
    """Publish a submitted version. Raises ResearchError("own_deposit"|"not_submitted")."""
    output = version.output
    if output.owner_id == curator.id:
        raise ResearchError("own_deposit")
    if version.state != "submitted":
        raise ResearchError("not_submitted")
    now = utcnow()
    version.state = "published"
    version.published_at = now
    version.curator_id = curator.id
    version.curator_comment = None
    output.latest_number = version.number
    output.publication_date = version.publication_date
    output.state = "published"
    output.published_at = output.published_at or now
    output.datestamp = now
    db.session.flush()
    reindex(output)
    audit.record(
        "research.curated",
        target_type="research_output",
        target_id=output.id,
        actor_id=curator.id,
        decision="published",
        version=version.number,
    )


def return_to_researcher(version: ResearchVersion, curator: User, comment: str) -> None:
    """Send a submitted version back with the curator's comment. Raises ResearchError."""
    if version.state != "submitted":
        raise ResearchError("not_submitted")
    if not comment.strip():
        raise ResearchError("comment_required")
    version.state = "returned"
    version.returned_metadata = review.snapshot(version)
    version.curator_comment = comment.strip()
    version.curator_id = curator.id
    output = version.output
    if output.state == "submitted":
        output.state = "returned"
    db.session.flush()
    audit.record(
        "research.curated",
        target_type="research_output",
        target_id=output.id,
        actor_id=curator.id,
        decision="returned",
        version=version.number,
        comment=version.curator_comment,
    )


def withdraw(output: ResearchOutput, reason: str) -> None:
    """Withdraw a published output: its page becomes a tombstone with ``reason``, its files
    are no longer served, harvesters see a deleted record. Raises ResearchError."""
    if output.state != "published":
        raise ResearchError("not_published")
    if not reason.strip():
        raise ResearchError("reason_required")
    now = utcnow()
    output.state = "withdrawn"
    output.withdrawn_reason = reason.strip()
    output.withdrawn_at = now
    output.datestamp = now
    db.session.flush()
    audit.record(
        "research.curated", target_type="research_output", target_id=output.id, decision="withdrawn"
    )
    # Out of search; the facets stay so OAI-PMH sets can announce the deletion.
    search.backend().remove(output.id)


def curators() -> list[User]:
    """Who is told of new submissions: curators, or administrators when there is none."""
    for role in ("curator", "admin"):
        found = list(
            db.session.scalars(
                select(User)
                .join(UserRole)
                .where(UserRole.role == role, User.active.is_(True))
                .order_by(User.id)
            )
        )
        if found:
            return found
    return []


def curation_queue() -> Select[Any]:
    """Submitted versions, oldest first."""
    return (
        select(ResearchVersion)
        .where(ResearchVersion.state == "submitted")
        .options(selectinload(ResearchVersion.output))
        .order_by(ResearchVersion.submitted_at, ResearchVersion.id)
    )


def queue_length() -> int:
    """How many versions wait for curation (one COUNT)."""
    waiting = select(func.count(ResearchVersion.id)).where(ResearchVersion.state == "submitted")
    return db.session.scalar(waiting) or 0


def outputs_of(user: User) -> Select[Any]:
    """A researcher's own outputs, newest first."""
    return (
        select(ResearchOutput)
        .where(ResearchOutput.owner_id == user.id)
        .options(selectinload(ResearchOutput.versions))
        .order_by(ResearchOutput.created_at.desc(), ResearchOutput.id.desc())
    )
