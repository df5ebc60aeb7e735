"""The directory of people and organisations: search without caring for accents (folded
``search_text`` columns, as events and workshops do, so SQLite and PostgreSQL agree) and
facets (organisation type, country, theme, expertise, language).

A person is listed only when their profile is open to the reader, and a facet only matches a
field the reader may see: filtering people by country finds nobody whose location is hidden
from the reader, so a filter cannot reveal what the profile does not show."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, exists, select

from learning.accounts.models import User
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


def proposals() -> list[Organisation]:
    """Organisations members proposed, waiting for staff."""
    query = select(Organisation).where(Organisation.status == "proposed")
    return list(db.session.scalars(query.order_by(Organisation.created_at, Organisation.id)))
