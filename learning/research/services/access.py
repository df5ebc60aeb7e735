"""Access: who may see an output's page and download its files (embargoes lift by themselves
on the day), the storage layer's rule for research files, and an output's kept facts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import lazyload, selectinload

from learning.platform import cache
from learning.platform.extensions import db
from learning.research.models import ResearchOutput, ResearchVersion, ResearchVersionFile
from learning.research.services.common import programme_today
from learning.storage import services as storage
from learning.storage.models import StoredFile


def is_curator(user: Any) -> bool:
    """Curators and administrators."""
    return bool(getattr(user, "is_authenticated", False) and user.has_role("curator"))


def may_manage(user: Any, output: ResearchOutput) -> bool:
    """The depositor, curators and administrators see everything about an output."""
    if not getattr(user, "is_authenticated", False):
        return False
    return output.owner_id == user.id or is_curator(user)


def embargoed(output: ResearchOutput, today: date) -> bool:
    """Whether the files are still under embargo (it lifts by itself on the day)."""
    return bool(
        output.access == "embargoed" and output.embargo_until and output.embargo_until > today
    )


def page_verdict(user: Any, output: ResearchOutput) -> str:
    """May ``user`` see the landing page: ALLOW, LOGIN (network only) or HIDE (unpublished)."""
    if may_manage(user, output):
        return storage.ALLOW
    if output.state not in ("published", "withdrawn"):
        return storage.HIDE
    if output.access == "network" and not getattr(user, "is_authenticated", False):
        return storage.LOGIN
    return storage.ALLOW


def file_verdict(user: Any, output: ResearchOutput, version: ResearchVersion, today: date) -> str:
    """May ``user`` download a file of ``version``: ALLOW, LOGIN, DENY (embargo, withdrawn)
    or HIDE (not published)."""
    if may_manage(user, output):
        return storage.ALLOW
    if version.state != "published" or output.state not in ("published", "withdrawn"):
        return storage.HIDE
    if output.state == "withdrawn":
        return storage.DENY
    if output.access == "network" and not getattr(user, "is_authenticated", False):
        return storage.LOGIN
    if embargoed(output, today):
        return storage.DENY
    return storage.ALLOW


def file_access(user: object, row: StoredFile) -> str:
    """The storage layer's rule for "research" files: the most open version holding it."""
    links = db.session.scalars(
        select(ResearchVersionFile)
        .where(ResearchVersionFile.file_id == row.id)
        .options(selectinload(ResearchVersionFile.version).selectinload(ResearchVersion.output))
    ).all()
    order = [storage.ALLOW, storage.LOGIN, storage.DENY, storage.HIDE]
    verdicts = [
        file_verdict(user, link.version.output, link.version, programme_today()) for link in links
    ]
    return min(verdicts, key=order.index) if verdicts else storage.HIDE


def get_output(output_id: int) -> ResearchOutput | None:
    """An output with its versions and their texts loaded; creators, files and the owner load
    when asked for (a landing page kept in the cache needs none of them)."""
    return db.session.scalar(
        select(ResearchOutput)
        .where(ResearchOutput.id == output_id)
        .options(
            selectinload(ResearchOutput.versions).options(
                lazyload(ResearchVersion.creators), lazyload(ResearchVersion.file_links)
            ),
            lazyload(ResearchOutput.owner),
        )
    )


@dataclass(frozen=True)
class VersionFacts:
    """A version's number, state and title in the reader's language (or another one)."""

    number: int
    state: str
    text: Any  # .title and .language, like ResearchText


@dataclass(frozen=True)
class OutputFacts:
    """What the landing page decides before anything else: who may see the output and its
    files, and the titles. Kept per language and per change of the research library (view
    and download counts are not in it); anything else needs ``load()``."""

    id: int
    owner_id: int | None
    state: str
    access: str
    embargo_until: date | None
    latest_number: int | None
    versions: tuple[VersionFacts, ...]

    def version(self, number: int | None) -> VersionFacts | None:
        """The version with ``number`` (None when there is none)."""
        return next((v for v in self.versions if v.number == number), None)

    @property
    def latest(self) -> VersionFacts | None:
        """The latest published version."""
        return self.version(self.latest_number)

    @property
    def newest(self) -> VersionFacts:
        """The newest version, published or not."""
        return self.versions[-1]

    def load(self) -> ResearchOutput:
        """The output itself, with its versions (for what is made afresh)."""
        return get_output(self.id)  # type: ignore[return-value]


@dataclass(frozen=True)
class _Text:
    language: str
    title: str


def output_facts(output_id: int, language: str) -> OutputFacts | None:
    """The kept facts of an output for readers of ``language``; None when there is none."""

    def make() -> OutputFacts | None:
        output = get_output(output_id)
        if output is None:
            return None
        cache.hold(output)
        versions = []
        for version in output.versions:
            text = version.text_for(language)
            versions.append(
                VersionFacts(version.number, version.state, _Text(text.language, text.title))
            )
        return OutputFacts(
            output.id,
            output.owner_id,
            output.state,
            output.access,
            output.embargo_until,
            output.latest_number,
            tuple(versions),
        )

    return cache.fragment(("research",), ("output-facts", output_id, language), make)
