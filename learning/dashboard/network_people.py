"""The network's organisations and people: active organisations (and how many are verified) and
members who opened their profile, by type of organisation and by country or region. Members
are counted once per row, through their confirmed memberships for the type table and by the
country of their account for the region table; counts of members below the dashboard's
threshold show as "<5". The dashboard's filters do not apply (the network has no period or
workshop). Four grouped queries, whatever the data size."""

from __future__ import annotations

from sqlalchemy import case, distinct, func, select

from learning.accounts.models import User
from learning.dashboard.services import region_expression, suppress
from learning.language.taxonomy import REGIONS
from learning.network.models import ORGANISATION_KINDS, Organisation, OrganisationMember, Profile
from learning.platform.extensions import db

OPENED = ("public", "network")


def by_type() -> list[tuple[str, int, int, str | int | float | None]]:
    """(type key, active organisations, verified, opted-in members suppressed) per type."""
    orgs = {
        kind: (n, verified or 0)
        for kind, n, verified in db.session.execute(
            select(
                Organisation.kind,
                func.count(Organisation.id),
                func.sum(case((Organisation.verified.is_(True), 1), else_=0)),
            )
            .where(Organisation.status == "active")
            .group_by(Organisation.kind)
        ).all()
    }
    members = dict(
        db.session.execute(
            select(Organisation.kind, func.count(distinct(OrganisationMember.user_id)))
            .join(Organisation, Organisation.id == OrganisationMember.organisation_id)
            .join(Profile, Profile.user_id == OrganisationMember.user_id)
            .where(
                Organisation.status == "active",
                OrganisationMember.state == "confirmed",
                Profile.visibility.in_(OPENED),
            )
            .group_by(Organisation.kind)
        ).all()
    )
    return [
        (kind, *orgs.get(kind, (0, 0)), suppress(members.get(kind, 0)))
        for kind in ORGANISATION_KINDS
    ]


def by_region() -> list[tuple[str, int, str | int | float | None]]:
    """(region key, active organisations, opted-in members suppressed) per country or region."""
    region = region_expression(Organisation.country)
    orgs = dict(
        db.session.execute(
            select(region, func.count(Organisation.id))
            .where(Organisation.status == "active")
            .group_by(region)
        ).all()
    )
    region = region_expression(User.country)
    members = dict(
        db.session.execute(
            select(region, func.count(Profile.user_id))
            .join(User, User.id == Profile.user_id)
            .where(Profile.visibility.in_(OPENED), User.active.is_(True))
            .group_by(region)
        ).all()
    )
    return [(key, orgs.get(key, 0), suppress(members.get(key, 0))) for key in REGIONS]
