"""Research exchange operations: deposit, versions, curation, access, counting and search.

Plain functions with explicit arguments; they add and flush, raise ResearchError, and never
commit (the route does, once per request).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import Select, delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import lazyload, selectinload

from learning.accounts.models import User, UserRole
from learning.audit import services as audit
from learning.platform import cache
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.platform.slots import OUTPUT_USAGE
from learning.research import search
from learning.research.models import (
    OUTPUT_TYPES,
    ResearchCreator,
    ResearchFacet,
    ResearchHit,
    ResearchOutput,
    ResearchText,
    ResearchVersion,
    ResearchVersionFile,
)
from learning.storage import services as storage
from learning.storage.models import StoredFile

MAX_FILES = 20
DEDUP_SECONDS = 30
FACETS = ("type", "theme", "country", "language", "year", "organisation")
# Documents, data and slides: what a research library keeps (no audio, video or images).
RESEARCH_EXTENSIONS = frozenset(
    {"pdf", "docx", "doc", "odt", "xlsx", "xls", "ods", "csv", "pptx", "ppt", "odp", "txt", "zip"}
)


class ResearchError(Exception):
    """A research operation was refused; ``code`` says why (routes word it for people)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


# Identifiers -------------------------------------------------------------------------------

_ORCID = re.compile(r"^(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dX])$")
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")


def normalise_orcid(value: str) -> str | None:
    """``0000-0002-1825-0097`` from an ORCID iD or its URL; None when the form or the ISO 7064
    11,2 check digit is wrong."""
    value = value.strip().upper()
    for prefix in ("HTTPS://ORCID.ORG/", "HTTP://ORCID.ORG/", "ORCID.ORG/"):
        if value.startswith(prefix):
            value = value[len(prefix) :]
    match = _ORCID.match(value)
    if not match:
        return None
    digits = "".join(match.groups())
    total = 0
    for char in digits[:-1]:
        total = (total + int(char)) * 2
    check = (12 - total % 11) % 11
    expected = "X" if check == 10 else str(check)
    if digits[-1] != expected:
        return None
    return "-".join(match.groups())


def normalise_doi(value: str) -> str | None:
    """``10.1234/abc`` from a DOI, a ``doi:`` string or a doi.org URL; None when not a DOI."""
    value = value.strip()
    for prefix in ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "doi:"):
        if value.lower().startswith(prefix):
            value = value[len(prefix) :]
    return value if _DOI.match(value) and len(value) <= 200 else None


# Deposit data ------------------------------------------------------------------------------


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


def programme_today() -> date:
    """Today in the programme's timezone: embargoes lift at its midnight."""
    return datetime.now(ZoneInfo(current_app.config["DEFAULT_TIMEZONE"])).date()


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


# Curation ----------------------------------------------------------------------------------


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


def outputs_of(user: User) -> Select[Any]:
    """A researcher's own outputs, newest first."""
    return (
        select(ResearchOutput)
        .where(ResearchOutput.owner_id == user.id)
        .options(selectinload(ResearchOutput.versions))
        .order_by(ResearchOutput.created_at.desc(), ResearchOutput.id.desc())
    )


# Access ------------------------------------------------------------------------------------


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


# Counting ----------------------------------------------------------------------------------

BOT_PATTERN = re.compile(
    r"bot|crawl|spider|slurp|archiver|facebookexternalhit|embedly|preview|monitor|curl|wget|"
    r"python-requests|httpclient|java/|go-http|scrapy|headless|lighthouse|pingdom|sickle",
    re.IGNORECASE,
)


def is_bot(user_agent: str | None) -> bool:
    """Known robots and tools (and requests without a user agent) are not counted."""
    return not user_agent or bool(BOT_PATTERN.search(user_agent))


def record_hit(
    what: str, output: ResearchOutput, *, address: str, user_agent: str | None, target: int
) -> bool:
    """Count a view or download unless a robot made it or the same visitor made it in the
    last 30 seconds. ``what`` is "view" or "download"; returns whether it counted."""
    if is_bot(user_agent):
        return False
    now = utcnow()
    cutoff = now - timedelta(seconds=DEDUP_SECONDS)
    key = hashlib.sha256(f"{what}|{target}|{address}|{user_agent}".encode()).hexdigest()
    seen = db.session.scalar(select(ResearchHit.created_at).where(ResearchHit.key == key))
    if seen is not None and seen >= cutoff:
        return False  # a repeat: a read, no write (most views of a busy page)
    # Counting: clear out expired hits (this visitor's old one included), then claim the key;
    # the unique key settles two processes counting the same visit at once.
    db.session.execute(delete(ResearchHit).where(ResearchHit.created_at < cutoff))
    try:
        with db.session.begin_nested():
            db.session.add(ResearchHit(key=key, created_at=now))
    except IntegrityError:
        return False
    column = ResearchOutput.view_count if what == "view" else ResearchOutput.download_count
    # On the session's connection, not through the session: a counter is not a change of the
    # output, so cached search results stay (learning/platform/cache.py watches session statements).
    db.session.connection().execute(
        update(ResearchOutput).where(ResearchOutput.id == output.id).values({column: column + 1})
    )
    return True


# Index and facets --------------------------------------------------------------------------


def _facet_values(version: ResearchVersion) -> set[tuple[str, str]]:
    values = {("type", version.output_type), ("year", str(version.year))}
    values.add(("organisation", version.organisation[:200]))
    values.update(("theme", theme) for theme in version.themes)
    values.update(("country", country) for country in version.countries)
    values.update(("language", language) for language in version.languages)
    return values


def reindex(output: ResearchOutput) -> None:
    """Put the latest published version in the search index and the facet table."""
    unindex(output)
    version = output.latest
    if output.state != "published" or version is None:
        return
    search.backend().index(
        output.id,
        title=search.joined(t.title for t in version.texts),
        abstract=search.joined(t.abstract for t in version.texts),
        keywords=search.joined(version.keywords),
        creators=search.joined(c.name for c in version.creators),
    )
    for facet, value in sorted(_facet_values(version)):
        db.session.add(ResearchFacet(output_id=output.id, facet=facet, value=value))
    db.session.flush()


def unindex(output: ResearchOutput) -> None:
    """Take an output out of search and facets."""
    search.backend().remove(output.id)
    db.session.execute(delete(ResearchFacet).where(ResearchFacet.output_id == output.id))


@dataclass
class SearchResult:
    """What the search page shows: the query to paginate and facet counts."""

    query: Select[Any]
    facets: dict[str, list[tuple[str, int]]]
    words: list[str]


def search_outputs(
    q: str | None, filters: dict[str, str], *, sort: str, member: bool
) -> SearchResult:
    """Published outputs matching ``q`` (all words, accent-insensitive) and ``filters``, with
    counts per facet value. ``member``: signed-in people also see network-only outputs."""
    words = search.query_words(q)
    query = (
        select(ResearchOutput)
        .where(ResearchOutput.state == "published")
        .options(selectinload(ResearchOutput.versions))
    )
    if not member:
        query = query.where(ResearchOutput.access != "network")
    for facet, value in filters.items():
        if facet in FACETS and value:
            query = query.where(
                ResearchOutput.id.in_(
                    select(ResearchFacet.output_id).where(
                        ResearchFacet.facet == facet, ResearchFacet.value == value
                    )
                )
            )
    by_date = (ResearchOutput.publication_date.desc(), ResearchOutput.id.desc())
    if words:
        matches = search.backend().matches(words)
        query = query.join(matches, matches.c.output_id == ResearchOutput.id)
        query = (
            query.order_by(*by_date)
            if sort == "date"
            else query.order_by(matches.c.score.desc(), *by_date)
        )
    else:
        query = query.order_by(*by_date)
    ids = query.with_only_columns(ResearchOutput.id).order_by(None).subquery()

    def count_facets() -> dict[str, list[tuple[str, int]]]:
        counts = db.session.execute(
            select(ResearchFacet.facet, ResearchFacet.value, func.count())
            .where(ResearchFacet.output_id.in_(select(ids.c.id)))
            .group_by(ResearchFacet.facet, ResearchFacet.value)
        ).all()
        facets: dict[str, list[tuple[str, int]]] = {name: [] for name in FACETS}
        for facet, value, count in counts:
            if facet in facets:
                facets[facet].append((value, count))
        for name, values in facets.items():
            values.sort(key=lambda item: (-item[1], item[0]) if name != "year" else (item[0],))
            if name == "year":
                values.reverse()
        return facets

    # Counting covers every match: done once per search and change, not once per page.
    key = ("research-facets", member, tuple(words), tuple(sorted(filters.items())))
    facets = cache.fragment(("research",), key, count_facets)
    return SearchResult(query=query, facets=facets, words=words)


def harvestable() -> Select[Any]:
    """Outputs harvesters and feeds see: published or withdrawn, not network-only."""
    return select(ResearchOutput).where(
        ResearchOutput.state.in_(("published", "withdrawn")),
        ResearchOutput.access != "network",
        ResearchOutput.latest_number.is_not(None),
    )


# Workshops ---------------------------------------------------------------------------------


@dataclass
class WorkshopUse:
    """A workshop that uses an output as a reading."""

    title: str
    url: str


def workshops_using(output: ResearchOutput) -> list[WorkshopUse]:
    """The workshops that use ``output``, from the OUTPUT_USAGE slot (the workshops feature
    fills it with those whose reading lessons point at ``output``)."""
    return [use for provider in OUTPUT_USAGE.fillings() for use in provider(output)]


def readable_output(output_id: int) -> ResearchOutput | None:
    """For the workshops feature: a published output a reading lesson may point at."""
    output = get_output(output_id)
    return output if output is not None and output.state == "published" else None
