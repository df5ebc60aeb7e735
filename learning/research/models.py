"""Research exchange: outputs (the stable identity), their versions, texts, creators and files.

An output is what people cite and link to; each version is a frozen snapshot of its metadata and
files once published. Texts live in their own table, one row per language, so a third language
is a configuration change. The full-text index is not here: it is a dialect-specific table
managed by ``learning.research.search`` (FTS5 on SQLite, tsvector on PostgreSQL).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning.accounts.models import User
from learning.platform import cache
from learning.platform.dbtypes import UTCDateTime, utcnow
from learning.platform.extensions import db
from learning.storage.models import StoredFile

OUTPUT_TYPES = (
    "policy_brief",
    "working_paper",
    "research_report",
    "journal_article",
    "book_chapter",
    "dataset",
    "presentation",
    "other",
)
LICENCES = (
    "CC-BY-4.0",
    "CC-BY-SA-4.0",
    "CC-BY-NC-4.0",
    "CC-BY-NC-SA-4.0",
    "CC-BY-ND-4.0",
    "CC-BY-NC-ND-4.0",
    "CC0-1.0",
    "all-rights-reserved",
)
# Output states: an output is published once its first version is; later versions go through
# curation on their own while the output stays published.
OUTPUT_STATES = ("draft", "submitted", "returned", "published", "withdrawn")
VERSION_STATES = ("draft", "submitted", "returned", "published")
ACCESS_LEVELS = ("public", "network", "embargoed")


def _in(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


class ResearchOutput(db.Model):
    """A research output: who deposited it, where it is in curation, who may read it."""

    __tablename__ = "research_outputs"
    __table_args__ = (
        CheckConstraint(f"state IN ({_in(OUTPUT_STATES)})", name="state_known"),
        CheckConstraint(f"access IN ({_in(ACCESS_LEVELS)})", name="access_known"),
        CheckConstraint(
            "access <> 'embargoed' OR embargo_until IS NOT NULL", name="embargo_has_date"
        ),
        CheckConstraint("view_count >= 0 AND download_count >= 0", name="counts_positive"),
        Index("ix_research_outputs_state_published", "state", "published_at"),
        Index("ix_research_outputs_datestamp", "datestamp"),
        # "Newest first" without a join: read in index order, stopped after one page.
        Index("ix_research_outputs_state_date", "state", "publication_date", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    state: Mapped[str] = mapped_column(String(16), default="draft")
    access: Mapped[str] = mapped_column(String(16), default="public")
    embargo_until: Mapped[date | None] = mapped_column(Date)
    # Number of the version readers see; None until the first version is published.
    latest_number: Mapped[int | None] = mapped_column(Integer)
    # That version's publication date (a copy kept by approve(): search sorts by it).
    publication_date: Mapped[date | None] = mapped_column(Date)
    withdrawn_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Last change that harvesters should see (OAI-PMH datestamp, Atom updated).
    datestamp: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    view_count: Mapped[int] = mapped_column(Integer, default=0)
    download_count: Mapped[int] = mapped_column(Integer, default=0)

    owner: Mapped[User] = relationship(lazy="joined")
    versions: Mapped[list[ResearchVersion]] = relationship(
        back_populates="output",
        cascade="all, delete-orphan",
        order_by="ResearchVersion.number",
    )

    def version(self, number: int | None) -> ResearchVersion | None:
        """The version with ``number`` (None when there is none)."""
        return next((v for v in self.versions if v.number == number), None)

    @property
    def latest(self) -> ResearchVersion | None:
        """The latest published version, which readers see."""
        return self.version(self.latest_number)

    @property
    def newest(self) -> ResearchVersion:
        """The newest version, published or not (the one being worked on)."""
        return self.versions[-1]

    @property
    def published_versions(self) -> list[ResearchVersion]:
        """Published versions, oldest first."""
        return [v for v in self.versions if v.state == "published"]

    def __repr__(self) -> str:
        return f"<ResearchOutput {self.id} {self.state}>"


class ResearchVersion(db.Model):
    """One version of an output: its metadata and files, frozen once published."""

    __tablename__ = "research_versions"
    __table_args__ = (
        UniqueConstraint("output_id", "number"),
        CheckConstraint("number >= 1", name="number_positive"),
        CheckConstraint(f"state IN ({_in(VERSION_STATES)})", name="state_known"),
        CheckConstraint(f"output_type IN ({_in(OUTPUT_TYPES)})", name="type_known"),
        CheckConstraint(f"licence IN ({_in(LICENCES)})", name="licence_known"),
        Index("ix_research_versions_state", "state"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    output_id: Mapped[int] = mapped_column(
        ForeignKey("research_outputs.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(16), default="draft")
    output_type: Mapped[str] = mapped_column(String(32))
    organisation: Mapped[str] = mapped_column(String(200))
    publication_date: Mapped[date] = mapped_column(Date)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    keywords: Mapped[list[str]] = mapped_column(JSON, default=list)
    themes: Mapped[list[str]] = mapped_column(JSON, default=list)
    countries: Mapped[list[str]] = mapped_column(JSON, default=list)
    licence: Mapped[str] = mapped_column(String(32), default="CC-BY-4.0")
    doi: Mapped[str | None] = mapped_column(String(200))
    funding_note: Mapped[str | None] = mapped_column(Text)
    curator_comment: Mapped[str | None] = mapped_column(Text)
    # The compared metadata as it was when a curator asked for changes: the review of the
    # resubmission (same number) shows what the depositor changed since (services/review.py).
    returned_metadata: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    curator_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    output: Mapped[ResearchOutput] = relationship(back_populates="versions")
    texts: Mapped[list[ResearchText]] = relationship(
        back_populates="version", cascade="all, delete-orphan", lazy="selectin"
    )
    creators: Mapped[list[ResearchCreator]] = relationship(
        back_populates="version",
        cascade="all, delete-orphan",
        order_by="ResearchCreator.position",
        lazy="selectin",
    )
    file_links: Mapped[list[ResearchVersionFile]] = relationship(
        back_populates="version",
        cascade="all, delete-orphan",
        order_by="ResearchVersionFile.position",
        lazy="selectin",
    )

    @property
    def frozen(self) -> bool:
        """A published version never changes; a change is a new version."""
        return self.state == "published"

    @property
    def files(self) -> list[StoredFile]:
        """The version's files in their order."""
        return [link.file for link in self.file_links]

    def text(self, language: str) -> ResearchText | None:
        """The title and abstract in ``language``, or None."""
        return next((t for t in self.texts if t.language == language), None)

    def text_for(self, language: str) -> ResearchText:
        """The text in ``language``, else in another language (check ``.language``)."""
        return self.text(language) or sorted(self.texts, key=lambda t: t.language != "en")[0]

    @property
    def year(self) -> int:
        """The publication year."""
        return self.publication_date.year

    def snapshot(self) -> dict[str, Any]:
        """The metadata as plain data, for copying into a new version."""
        return {
            "output_type": self.output_type,
            "organisation": self.organisation,
            "publication_date": self.publication_date,
            "languages": list(self.languages),
            "keywords": list(self.keywords),
            "themes": list(self.themes),
            "countries": list(self.countries),
            "licence": self.licence,
            "doi": self.doi,
            "funding_note": self.funding_note,
        }


class ResearchText(db.Model):
    """A version's title and abstract in one language."""

    __tablename__ = "research_texts"
    __table_args__ = (UniqueConstraint("version_id", "language"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("research_versions.id", ondelete="CASCADE"), index=True
    )
    language: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(String(500))
    abstract: Mapped[str] = mapped_column(Text)

    version: Mapped[ResearchVersion] = relationship(back_populates="texts")


class ResearchCreator(db.Model):
    """One author of a version, in citation order."""

    __tablename__ = "research_creators"
    __table_args__ = (
        UniqueConstraint("version_id", "position"),
        CheckConstraint("position >= 0", name="position_positive"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("research_versions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    orcid: Mapped[str | None] = mapped_column(String(19))
    affiliation: Mapped[str | None] = mapped_column(String(200))

    version: Mapped[ResearchVersion] = relationship(back_populates="creators")


class ResearchVersionFile(db.Model):
    """A stored file that belongs to a version; versions may share files they did not change."""

    __tablename__ = "research_version_files"
    __table_args__ = (UniqueConstraint("version_id", "file_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("research_versions.id", ondelete="CASCADE"), index=True
    )
    file_id: Mapped[int] = mapped_column(
        ForeignKey("stored_files.id", ondelete="RESTRICT"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)

    version: Mapped[ResearchVersion] = relationship(back_populates="file_links")
    file: Mapped[StoredFile] = relationship(lazy="joined")


class ResearchFacet(db.Model):
    """One facet value of a published output (type, theme, country, language, year,
    organisation), for filters with counts and OAI-PMH sets. Rewritten on publish."""

    __tablename__ = "research_facets"
    __table_args__ = (
        UniqueConstraint("output_id", "facet", "value"),
        Index("ix_research_facets_facet_value", "facet", "value"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    output_id: Mapped[int] = mapped_column(
        ForeignKey("research_outputs.id", ondelete="CASCADE"), index=True
    )
    facet: Mapped[str] = mapped_column(String(16))
    value: Mapped[str] = mapped_column(String(200))


class ResearchHit(db.Model):
    """A recent view or download, kept 30 seconds so repeats by one visitor count once.

    ``key`` is a SHA-256 of what was hit and who hit it (address and browser); the unique
    constraint makes the de-duplication hold across processes and hosts.
    """

    __tablename__ = "research_hits"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)


# Cached pages made from these tables (learning/platform/cache.py).
cache.watch(
    "research",
    ResearchOutput, ResearchVersion, ResearchText, ResearchCreator, ResearchVersionFile,
    ResearchFacet,
)  # fmt: skip
