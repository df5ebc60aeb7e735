"""Deposit: a new output with its first version, changes to an unpublished version and its
files, and the next version of a published output."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from learning.accounts.models import User
from learning.platform.extensions import db
from learning.research.models import (
    OUTPUT_TYPES,
    ResearchCreator,
    ResearchOutput,
    ResearchText,
    ResearchVersion,
    ResearchVersionFile,
)
from learning.research.services.common import MAX_FILES, ResearchError
from learning.research.services.identifiers import normalise_doi, normalise_orcid
from learning.storage.models import StoredFile


@dataclass
class CreatorData:
    """One author as entered."""

    name: str
    orcid: str | None = None
    affiliation: str | None = None


@dataclass
class VersionData:
    """The metadata of a version as the deposit form gives it."""

    output_type: str
    organisation: str
    publication_date: date
    texts: dict[str, tuple[str, str]]
    creators: list[CreatorData]
    languages: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    licence: str = "CC-BY-4.0"
    doi: str | None = None
    funding_note: str | None = None


def _check_data(data: VersionData) -> None:
    if data.output_type not in OUTPUT_TYPES:
        raise ResearchError("bad_type")
    if not any(title.strip() and abstract.strip() for title, abstract in data.texts.values()):
        raise ResearchError("no_text")
    if not data.creators:
        raise ResearchError("no_creators")
    for creator in data.creators:
        if creator.orcid and normalise_orcid(creator.orcid) != creator.orcid:
            raise ResearchError("bad_orcid")
    if data.doi and normalise_doi(data.doi) != data.doi:
        raise ResearchError("bad_doi")


def _check_access(access: str, embargo_until: date | None, *, today: date) -> None:
    if access not in ("public", "network", "embargoed"):
        raise ResearchError("bad_access")
    if access == "embargoed" and (embargo_until is None or embargo_until <= today):
        raise ResearchError("embargo_past")


def _apply(version: ResearchVersion, data: VersionData) -> None:
    version.output_type = data.output_type
    version.organisation = data.organisation.strip()
    version.publication_date = data.publication_date
    version.languages = list(data.languages)
    version.keywords = list(data.keywords)
    version.themes = list(data.themes)
    version.countries = list(data.countries)
    version.licence = data.licence
    version.doi = data.doi or None
    version.funding_note = (data.funding_note or "").strip() or None
    wanted = {lang: (t.strip(), a.strip()) for lang, (t, a) in data.texts.items() if t.strip()}
    for row in list(version.texts):
        if row.language not in wanted:
            version.texts.remove(row)
    for lang, (title, abstract) in wanted.items():
        row = version.text(lang)
        if row is None:
            version.texts.append(ResearchText(language=lang, title=title, abstract=abstract))
        else:
            row.title, row.abstract = title, abstract
    version.creators.clear()
    db.session.flush()
    for position, creator in enumerate(data.creators):
        version.creators.append(
            ResearchCreator(
                position=position,
                name=creator.name.strip(),
                orcid=creator.orcid or None,
                affiliation=(creator.affiliation or "").strip() or None,
            )
        )


def create_output(
    owner: User,
    data: VersionData,
    *,
    access: str,
    embargo_until: date | None,
    files: Iterable[StoredFile] = (),
    today: date,
) -> ResearchOutput:
    """A new output in draft with its first version. Raises ResearchError."""
    _check_data(data)
    _check_access(access, embargo_until, today=today)
    output = ResearchOutput(
        owner=owner,
        state="draft",
        access=access,
        embargo_until=embargo_until if access == "embargoed" else None,
    )
    version = ResearchVersion(number=1, state="draft")
    output.versions.append(version)
    db.session.add(output)
    _apply(version, data)
    add_files(version, files)
    db.session.flush()
    return output


def update_version(
    version: ResearchVersion,
    data: VersionData,
    *,
    access: str,
    embargo_until: date | None,
    today: date,
) -> None:
    """Change a version that is not published yet. Raises ResearchError("frozen", …)."""
    if version.frozen:
        raise ResearchError("frozen")
    if version.state == "submitted":
        raise ResearchError("in_curation")
    _check_data(data)
    output = version.output
    if access != output.access or embargo_until != output.embargo_until:
        if output.latest_number is not None:
            # Readers' access to published files changes only through the curators.
            raise ResearchError("access_locked")
        _check_access(access, embargo_until, today=today)
    _apply(version, data)
    output.access = access
    output.embargo_until = embargo_until if access == "embargoed" else None
    db.session.flush()


def add_files(version: ResearchVersion, files: Iterable[StoredFile]) -> None:
    """Attach stored files to an unpublished version. Raises ResearchError."""
    files = list(files)
    if not files:
        return
    if version.frozen:
        raise ResearchError("frozen")
    if version.state == "submitted":
        raise ResearchError("in_curation")
    if len(version.file_links) + len(files) > MAX_FILES:
        raise ResearchError("too_many_files")
    position = max((link.position for link in version.file_links), default=-1)
    for row in files:
        if row.kind != "research":
            raise ResearchError("bad_file")
        position += 1
        version.file_links.append(ResearchVersionFile(file=row, position=position))
    db.session.flush()


def remove_file(version: ResearchVersion, file_id: int) -> None:
    """Take a file out of an unpublished version (the object stays if another version has it,
    else ``flask storage gc`` may collect it). Raises ResearchError."""
    if version.frozen:
        raise ResearchError("frozen")
    if version.state == "submitted":
        raise ResearchError("in_curation")
    link = next((link for link in version.file_links if link.file_id == file_id), None)
    if link is None:
        raise ResearchError("no_such_file")
    version.file_links.remove(link)
    db.session.flush()


def new_version(output: ResearchOutput, user: User) -> ResearchVersion:
    """Start the next version of a published output, copying metadata, texts, creators and
    files. Raises ResearchError("not_published"|"version_open")."""
    if output.state != "published":
        raise ResearchError("not_published")
    if output.newest.state != "published":
        raise ResearchError("version_open")
    source = output.newest
    version = ResearchVersion(number=source.number + 1, state="draft", **source.snapshot())
    for row in source.texts:
        version.texts.append(
            ResearchText(language=row.language, title=row.title, abstract=row.abstract)
        )
    for row in source.creators:
        version.creators.append(
            ResearchCreator(
                position=row.position, name=row.name, orcid=row.orcid, affiliation=row.affiliation
            )
        )
    for link in source.file_links:
        version.file_links.append(ResearchVersionFile(file_id=link.file_id, position=link.position))
    output.versions.append(version)
    db.session.flush()
    return version
