"""Calls, organisations and people's profiles through the API: only what their public pages
show. Calls: those on the public list (no applications); organisations: active ones;
profiles: only opened ones (never a private one, whoever asks), each field as the network's
own visibility rules (``network.services.profiles.visible_profile``) allow for the caller."""

from __future__ import annotations

from typing import Any

from flask import url_for
from sqlalchemy import Select, select

from learning.accounts.models import User
from learning.calls.models import Call
from learning.calls.services.calls import takes_applications
from learning.network.models import Organisation, OrganisationMember, Profile
from learning.network.services import directory
from learning.network.services.profiles import VisibleProfile, profile_rank, visible_profile
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db

# The calls on the public list (services.calls.public_calls); an archived call keeps its page.
LISTED_CALLS = ("open", "closed", "reviewing", "decided")
OPENED = ("public", "network")


def _when(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


# Calls ----------------------------------------------------------------------------------------


def calls_query() -> Select[Any]:
    """Calls on the public list."""
    return select(Call).where(Call.status.in_(LISTED_CALLS))


def call(call_id: int) -> Call | None:
    """A call visitors may see (anything but a draft), or None."""
    return db.session.scalar(select(Call).where(Call.id == call_id, Call.status != "draft"))


def call_data(row: Call, language: str) -> dict[str, Any]:
    """A call as its public page shows it: texts, window, places and eligibility rules."""
    text = row.text(language)
    return {
        "id": row.id,
        "kind": row.kind,
        "status": row.status,
        "title": text.title if text else "",
        "summary": text.summary if text else "",
        "description": text.description if text else "",
        "documents": text.body if text else "",
        "language": text.language if text else language,
        "timezone": row.timezone,
        "opens_at": _when(row.opens_at),
        "closes_at": _when(row.closes_at),
        "taking_applications": takes_applications(row, utcnow()),
        "places": row.places,
        "statement_limit": row.statement_limit,
        "rules": [{"rule": rule.rule, "values": rule.values} for rule in row.rules],
        "url": url_for("calls.detail", call_id=row.id, _external=True),
    }


# Organisations --------------------------------------------------------------------------------


def organisations_query() -> Select[Any]:
    """Active organisations (proposals are for staff's pages only)."""
    return select(Organisation).where(Organisation.status == "active")


def organisation(organisation_id: int) -> Organisation | None:
    """The active organisation with this id, or None."""
    return db.session.scalar(organisations_query().where(Organisation.id == organisation_id))


def organisation_data(row: Organisation, language: str) -> dict[str, Any]:
    """An organisation as its page shows it."""
    text = row.text(language)
    return {
        "id": row.id,
        "kind": row.kind,
        "name": row.name,
        "acronym": row.acronym,
        "country": row.country,
        "city": row.city,
        "website": row.website or None,
        "verified": row.verified,
        "description": text.description if text else "",
        "language": text.language if text else language,
        "themes": row.themes,
        "url": url_for("network.organisation", organisation_id=row.id, _external=True),
    }


# Profiles -------------------------------------------------------------------------------------


def people_query(viewer: Any, q: str) -> Select[Any]:
    """People whose opened profile ``viewer`` may see, searched as the directory searches
    (visitors only in what is public of a profile); private profiles never, even for staff."""
    return (
        directory.people_query(viewer, directory.Filters(q=q))
        .order_by(None)
        .where(Profile.visibility.in_(OPENED))
    )


def members_query(viewer: Any, organisation_id: int) -> Select[Any]:
    """Confirmed members of the organisation with an opened profile ``viewer`` may see."""
    return people_query(viewer, "").where(
        select(OrganisationMember.id)
        .where(
            OrganisationMember.organisation_id == organisation_id,
            OrganisationMember.user_id == User.id,
            OrganisationMember.state == "confirmed",
        )
        .exists()
    )


def views(viewer: Any, users: list[User]) -> list[VisibleProfile]:
    """What ``viewer`` may see of each person (their profiles read in one query)."""
    ids = [user.id for user in users]
    # Held here: the session keeps rows only while someone refers to them.
    held = list(db.session.scalars(select(Profile).where(Profile.user_id.in_(ids)))) if ids else []
    shown = [visible_profile(viewer, user) for user in users]
    del held
    return [view for view in shown if view is not None and view.visibility in OPENED]


def profile_view(viewer: Any, user_id: int) -> VisibleProfile | None:
    """What ``viewer`` may see of one person's opened profile; None when it is private (to
    anyone: staff and the owner use the pages), closed to them, or the account inactive."""
    user = db.session.get(User, user_id)
    if user is None or not user.active:
        return None
    if profile_rank(db.session.get(Profile, user_id)) is None:
        return None
    return visible_profile(viewer, user)


def profile_data(view: VisibleProfile) -> dict[str, Any]:
    """A profile as the caller may see it: a field they may not see is null."""
    shown = view.shown
    return {
        "id": view.user_id,
        "name": view.name,
        "visibility": view.visibility,
        "headline": view.headline if "headline" in shown else None,
        "bio": view.bio if "bio" in shown else None,
        "location": {"city": view.city, "country": view.country or None}
        if "location" in shown
        else None,
        "contact": {"email": view.contact_email or None, "website": view.website or None}
        if "contact" in shown
        else None,
        "orcid": (view.orcid or None) if "orcid" in shown else None,
        "expertise": {"themes": view.themes, "keywords": view.keywords}
        if "expertise" in shown
        else None,
        "languages": view.languages if "languages" in shown else None,
        "url": url_for("network.person", user_id=view.user_id, _external=True),
    }
