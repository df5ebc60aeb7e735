"""What goes from the network's organisations and profiles when a person deletes their account
(the ``accounts.deleting`` slot): their profile with its keywords and languages, and their
memberships; organisations they proposed stay, without their name on them. The personal-data
export needs nothing here: every table points at the person's user id, which the schema walk of
accounts.privacy follows."""

from __future__ import annotations

from sqlalchemy import delete, update

from learning.accounts.models import User
from learning.network.models import Organisation, OrganisationMember, Profile, ProfileTag
from learning.platform.extensions import db


def forget_profile(user: User) -> None:
    """Remove ``user``'s profile, tags and memberships (in the request's transaction)."""
    db.session.execute(delete(ProfileTag).where(ProfileTag.user_id == user.id))
    db.session.execute(delete(Profile).where(Profile.user_id == user.id))
    db.session.execute(delete(OrganisationMember).where(OrganisationMember.user_id == user.id))
    db.session.execute(
        update(Organisation)
        .where(Organisation.proposed_by_id == user.id)
        .values(proposed_by_id=None)
    )
