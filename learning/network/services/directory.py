"""The directory of people and organisations: search without caring for accents (folded
``search_text`` columns, as events and workshops do, so SQLite and PostgreSQL agree) and
facets (organisation type, country, theme, expertise, language, programme exchange alumni).

A person is listed only when their profile is open to the reader, and a facet only matches a
field the reader may see: filtering people by country finds nobody whose location is hidden
from the reader, so a filter cannot reveal what the profile does not show. Likewise who was
selected in a call (the calls' own definition of alumni, calls.services.placements) is shown
to signed-in readers only, as on a profile: for visitors the alumni facet finds nobody."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, exists, false, select

from learning.accounts.models import User
from learning.calls.models import KINDS as CALL_KINDS
from learning.calls.services.placements import alumni_ids
from learning.language.taxonomy import THEMES, is_country
from learning.language.text import normalise
from learning.network.models import (
    ORGANISATION_KINDS,
    Organisation,
    OrganisationMember,
    OrganisationTheme,
    Profile,
    ProfileTag,
)
from learning.network.services.common import RANK, viewer_rank
from learning.network.services.profiles import LANGUAGE_CODES
from learning.platform.extensions import db
from learning.workshops.services.common import escape_like


@dataclass
class Filters:
    """Directory filters; empty strings mean "any"."""

    q: str = ""
    kind: str = ""
    country: str = ""
    theme: str = ""
    expertise: str = ""
    language: str = ""
    alumni: str = ""  # ALUMNI_ANY for every programme alumnus, or a kind of call (CALL_KINDS)


ALUMNI_ANY = "all"


def alumni_kind(filters: Filters) -> str | None:
    """The kind of call the alumni facet asks for ("" for any kind), or None when it asks
    for nothing we know (no alumni facet, or a value not offered)."""
    if filters.alumni == ALUMNI_ANY:
        return ""
    return filters.alumni if filters.alumni in CALL_KINDS else None


def invalid_filters(filters: Filters) -> list[str]:
    """The names of filters whose value is not one we know."""
    bad = []
    if filters.kind and filters.kind not in ORGANISATION_KINDS:
        bad.append("kind")
    if filters.country and not is_country(filters.country):
        bad.append("country")
    for name in ("theme", "expertise"):
        if getattr(filters, name) and getattr(filters, name) not in THEMES:
            bad.append(name)
    if filters.language and filters.language not in LANGUAGE_CODES:
        bad.append("language")
    if filters.alumni and alumni_kind(filters) is None:
        bad.append("alumni")
    if len(filters.q) > 200:
        bad.append("q")
    return bad


def _terms(q: str) -> list[str]:
    return normalise(q[:200]).split()[:10]


def _audience(column: Any, rank: int) -> Any:
    """The field's audience includes a reader of ``rank``."""
    return column.in_([name for name, value in RANK.items() if value <= rank])


def people_query(viewer: Any, filters: Filters) -> Select[Any]:
    """Users whose profiles ``viewer`` may see, matching ``filters``, by name. Staff see every
    opened profile here too (private ones stay off the directory: they are not listed, only
    reachable by staff from the admin pages)."""
    rank = viewer_rank(viewer)
    opened = ["public", "network"] if rank >= RANK["network"] else ["public"]
    query = (
        select(User)
        .join(Profile, Profile.user_id == User.id)
        .where(Profile.visibility.in_(opened), User.active.is_(True))
        .order_by(User.name, User.id)
    )

    def tag(facet: str, value: str, audience: Any) -> Any:
        return and_(
            _audience(audience, rank),
            exists().where(
                ProfileTag.user_id == Profile.user_id,
                ProfileTag.facet == facet,
                ProfileTag.value == value,
            ),
        )

    if filters.country and is_country(filters.country):
        query = query.where(
            Profile.country == filters.country, _audience(Profile.location_visibility, rank)
        )
    if filters.expertise in THEMES:
        query = query.where(tag("theme", filters.expertise, Profile.expertise_visibility))
    if filters.theme in THEMES:
        query = query.where(tag("theme", filters.theme, Profile.expertise_visibility))
    if filters.language in LANGUAGE_CODES:
        query = query.where(tag("language", filters.language, Profile.languages_visibility))
    if filters.kind in ORGANISATION_KINDS:
        query = query.where(
            exists().where(
                OrganisationMember.user_id == Profile.user_id,
                OrganisationMember.state == "confirmed",
                OrganisationMember.organisation_id == Organisation.id,
                Organisation.kind == filters.kind,
                Organisation.status == "active",
            )
        )
    kind = alumni_kind(filters)
    if kind is not None:
        # Only the narrowing of the visible set above; visitors are not told who was selected.
        query = query.where(User.id.in_(alumni_ids(kind)) if rank >= RANK["network"] else false())
    # Visitors search only what is public of a profile (its own folded text).
    column = Profile.search_text if rank >= RANK["network"] else Profile.public_search_text
    for term in _terms(filters.q):
        query = query.where(column.like(f"%{escape_like(term)}%", escape="\\"))
    return query


def organisations_query(filters: Filters) -> Select[Any]:
    """Active organisations matching ``filters``, by name."""
    query = (
        select(Organisation)
        .where(Organisation.status == "active")
        .order_by(Organisation.name, Organisation.id)
    )
    if filters.kind in ORGANISATION_KINDS:
        query = query.where(Organisation.kind == filters.kind)
    if filters.country and is_country(filters.country):
        query = query.where(Organisation.country == filters.country)
    theme = filters.theme if filters.theme in THEMES else ""
    if theme:
        query = query.where(
            exists().where(
                OrganisationTheme.organisation_id == Organisation.id,
                OrganisationTheme.theme == theme,
            )
        )
    for term in _terms(filters.q):
        query = query.where(Organisation.search_text.like(f"%{escape_like(term)}%", escape="\\"))
    return query


def page_profiles(viewer: Any, user_ids: list[int]) -> tuple[list[Profile], set[int]]:
    """The profile rows of one page of people and which of them are programme alumni (for
    signed-in readers; none for visitors, who are not told), in one query."""
    if not user_ids:
        return [], set()
    query = select(Profile).where(Profile.user_id.in_(user_ids))
    if viewer_rank(viewer) < RANK["network"]:
        return list(db.session.scalars(query)), set()
    rows = db.session.execute(query.add_columns(Profile.user_id.in_(alumni_ids()))).all()
    return [profile for profile, _alumnus in rows], {p.user_id for p, alumnus in rows if alumnus}


def proposals() -> list[Organisation]:
    """Organisations members proposed, waiting for staff."""
    query = select(Organisation).where(Organisation.status == "proposed")
    return list(db.session.scalars(query.order_by(Organisation.created_at, Organisation.id)))
