"""Organisations: staff create, edit and verify them; members propose one (staff make it active)
and ask to join one (staff or the organisation's admins confirm); the logo; and what an
organisation's page gathers (its people the reader may see, their research outputs, and how
many workshops and events they took part in)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import joinedload

from learning.accounts.models import User
from learning.events.models import Event, EventRegistration
from learning.language.content import languages
from learning.language.taxonomy import THEMES, is_country
from learning.language.text import normalise, plain_text
from learning.network.models import (
    ORGANISATION_KINDS,
    Organisation,
    OrganisationMember,
    OrganisationTheme,
    OrganisationTranslation,
    Profile,
)
from learning.network.services.common import NetworkError, check_url, is_staff, signed_in
from learning.network.services.profiles import VisibleProfile, listed_profile
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.research.models import ResearchOutput
from learning.storage import services as storage
from learning.storage.models import StoredFile
from learning.workshops.editions import Enrolment

NAME_MAX, ACRONYM_MAX, CITY_MAX, ROLE_MAX, DESCRIPTION_MAX = 200, 32, 120, 120, 5000
LOGO_KIND = "network-logo"
PEOPLE_SHOWN = 200


@dataclass
class OrganisationData:
    """Everything the organisation form gives; ``descriptions`` by language."""

    kind: str = ""
    name: str = ""
    acronym: str = ""
    country: str = ""
    city: str = ""
    website: str = ""
    descriptions: dict[str, str] = field(default_factory=dict)
    themes: list[str] = field(default_factory=list)


def _line(value: str) -> str:
    return " ".join(plain_text(value or "").split())


def check_organisation(data: OrganisationData) -> dict[str, Any]:
    """The checked column values and texts. Raises NetworkError: bad_kind, name_missing,
    name_too_long, acronym_too_long, bad_country, city_too_long, bad_url, bad_theme,
    description_too_long."""
    if data.kind not in ORGANISATION_KINDS:
        raise NetworkError("bad_kind")
    name, acronym, city = _line(data.name), _line(data.acronym), _line(data.city)
    if not name:
        raise NetworkError("name_missing")
    for value, limit, code in (
        (name, NAME_MAX, "name_too_long"),
        (acronym, ACRONYM_MAX, "acronym_too_long"),
        (city, CITY_MAX, "city_too_long"),
    ):
        if len(value) > limit:
            raise NetworkError(code)
    if not data.country or not is_country(data.country):
        raise NetworkError("bad_country")
    if not set(data.themes) <= set(THEMES):
        raise NetworkError("bad_theme")
    texts = {}
    for language in languages():
        text = plain_text(data.descriptions.get(language) or "", multiline=True).strip()
        if len(text) > DESCRIPTION_MAX:
            raise NetworkError("description_too_long")
        if text:
            texts[language] = text
    return {
        "columns": {
            "kind": data.kind,
            "name": name,
            "acronym": acronym,
            "country": data.country,
            "city": city,
            "website": check_url(data.website),
        },
        "texts": texts,
        "themes": sorted(set(data.themes)),
    }


def _apply(organisation: Organisation, checked: dict[str, Any]) -> None:
    for name, value in checked["columns"].items():
        setattr(organisation, name, value)
    texts = checked["texts"]
    for row in list(organisation.translations):
        if row.language not in texts:
            organisation.translations.remove(row)
    have = {row.language: row for row in organisation.translations}
    for language, text in texts.items():
        if language in have:
            have[language].description = text
        else:
            organisation.translations.append(
                OrganisationTranslation(language=language, description=text)
            )
    for row in list(organisation.themes_rows):
        if row.theme not in checked["themes"]:
            organisation.themes_rows.remove(row)
    present = {row.theme for row in organisation.themes_rows}
    for theme in checked["themes"]:
        if theme not in present:
            organisation.themes_rows.append(OrganisationTheme(theme=theme))
    organisation.search_text = normalise(
        " ".join([organisation.name, organisation.acronym, organisation.city, *texts.values()])
    )
    organisation.updated_at = utcnow()


def create_organisation(data: OrganisationData, by: User) -> Organisation:
    """Staff create an active organisation; anyone else proposes one (``proposed`` until staff
    accept it) and becomes its first member and admin, awaiting confirmation with it."""
    checked = check_organisation(data)
    organisation = Organisation(proposed_by_id=by.id)
    organisation.status = "active" if is_staff(by) else "proposed"
    _apply(organisation, checked)
    db.session.add(organisation)
    db.session.flush()
    if not is_staff(by):
        db.session.add(
            OrganisationMember(
                organisation_id=organisation.id, user_id=by.id, is_admin=True, state="pending"
            )
        )
        db.session.flush()
    return organisation


def update_organisation(organisation: Organisation, data: OrganisationData) -> None:
    """Change an organisation (nothing is written when a check fails)."""
    _apply(organisation, check_organisation(data))
    db.session.flush()


def verify(organisation: Organisation, verified: bool = True) -> None:
    """Staff give (or take back) the verified badge; verifying a proposal accepts it."""
    organisation.verified = verified
    organisation.verified_at = utcnow() if verified else None
    if verified:
        accept(organisation)
    db.session.flush()


def accept(organisation: Organisation) -> None:
    """Staff accept a proposed organisation: it becomes active, and its proposer's membership
    is confirmed."""
    organisation.status = "active"
    for member in members_of(organisation, state="pending"):
        if member.user_id == organisation.proposed_by_id:
            _confirm(member)
    db.session.flush()


def can_see(user: Any, organisation: Organisation) -> bool:
    """Active organisations are public; a proposal only for staff and its proposer."""
    if organisation.status == "active" or is_staff(user):
        return True
    return signed_in(user) and user.id == organisation.proposed_by_id


def can_admin(user: Any, organisation: Organisation) -> bool:
    """Staff, and the organisation's confirmed admins, confirm members and edit it."""
    if is_staff(user):
        return True
    if not signed_in(user):
        return False
    member = membership(organisation, user)
    return bool(member and member.state == "confirmed" and member.is_admin)


def membership(organisation: Organisation, user: Any) -> OrganisationMember | None:
    """``user``'s membership row of ``organisation`` (any state), if any."""
    if not signed_in(user):
        return None
    return db.session.scalar(
        select(OrganisationMember).where(
            OrganisationMember.organisation_id == organisation.id,
            OrganisationMember.user_id == user.id,
        )
    )


def members_of(organisation: Organisation, state: str = "confirmed") -> list[OrganisationMember]:
    """The organisation's members in ``state``, oldest first."""
    return list(
        db.session.scalars(
            select(OrganisationMember)
            .where(
                OrganisationMember.organisation_id == organisation.id,
                OrganisationMember.state == state,
            )
            .options(joinedload(OrganisationMember.user))
            .order_by(OrganisationMember.id)
        )
    )


def request_join(organisation: Organisation, user: User, role: str) -> OrganisationMember:
    """Ask to join with ``role`` (confirmed later). Raises NetworkError: not_active,
    already_member, role_too_long."""
    if organisation.status != "active":
        raise NetworkError("not_active")
    role = _line(role)
    if len(role) > ROLE_MAX:
        raise NetworkError("role_too_long")
    if membership(organisation, user) is not None:
        raise NetworkError("already_member")
    member = OrganisationMember(organisation_id=organisation.id, user_id=user.id, role=role)
    db.session.add(member)
    db.session.flush()
    return member


def _confirm(member: OrganisationMember) -> None:
    member.state = "confirmed"
    member.confirmed_at = utcnow()


def confirm(member: OrganisationMember) -> None:
    """Confirm a request to join. Raises NetworkError("not_pending")."""
    if member.state != "pending":
        raise NetworkError("not_pending")
    _confirm(member)
    db.session.flush()


def remove(member: OrganisationMember) -> None:
    """Refuse a request or take a member off the organisation (a member may leave)."""
    db.session.delete(member)
    db.session.flush()


def set_admin(member: OrganisationMember, is_admin: bool) -> None:
    """Make a confirmed member an admin of the organisation, or not."""
    if member.state != "confirmed":
        raise NetworkError("not_confirmed")
    member.is_admin = is_admin
    db.session.flush()


def set_logo(organisation: Organisation, file: StoredFile | None) -> None:
    """Set or remove the logo; the previous image's row goes (``flask storage gc`` removes its
    object)."""
    old = organisation.logo
    organisation.logo = file
    if old is not None and old is not file:
        db.session.delete(old)
    db.session.flush()


def logo_access(user: Any, file: StoredFile) -> str:
    """Who may download a logo (the storage FILE_ACCESS rule): whoever sees the organisation;
    a logo no organisation uses is hidden from all but staff."""
    organisation = db.session.scalar(
        select(Organisation).where(Organisation.logo_file_id == file.id)
    )
    if organisation is None:
        return storage.ALLOW if is_staff(user) else storage.HIDE
    return storage.ALLOW if can_see(user, organisation) else storage.HIDE


@dataclass
class Person:
    """A member shown on an organisation's page."""

    member: OrganisationMember
    profile: VisibleProfile


@dataclass
class OrganisationPage:
    """What an organisation's page shows to one reader."""

    people: list[Person]
    outputs: list[ResearchOutput]
    workshops: int
    events: int
    hidden: int  # confirmed members whose profile the reader may not see


def page_for(viewer: Any, organisation: Organisation) -> OrganisationPage:
    """The people ``viewer`` may see, their published research outputs, and the number of
    workshop editions and events they took part in (only theirs: hidden people count nowhere,
    not even in these numbers — ``hidden`` says how many there are)."""
    rows = db.session.execute(
        select(OrganisationMember, User, Profile.visibility)
        .join(User, User.id == OrganisationMember.user_id)
        .outerjoin(Profile, Profile.user_id == User.id)
        .where(
            OrganisationMember.organisation_id == organisation.id,
            OrganisationMember.state == "confirmed",
        )
        .order_by(User.name, User.id)
        .limit(PEOPLE_SHOWN)
    ).all()
    people, hidden = [], 0
    for member, user, visibility in rows:
        seen = listed_profile(viewer, user, visibility)
        if seen is None:
            hidden += 1
        else:
            people.append(Person(member, seen))
    ids = [person.member.user_id for person in people]
    return OrganisationPage(people, *_activity(ids), hidden)


def _activity(ids: list[int]) -> tuple[list[ResearchOutput], int, int]:
    if not ids:
        return [], 0, 0
    outputs = list(
        db.session.scalars(
            select(ResearchOutput)
            .where(ResearchOutput.owner_id.in_(ids), ResearchOutput.state == "published")
            .order_by(ResearchOutput.publication_date.desc(), ResearchOutput.id.desc())
            .limit(20)
        )
    )
    workshops = db.session.scalar(
        select(func.count(distinct(Enrolment.edition_id))).where(
            Enrolment.user_id.in_(ids), Enrolment.state.in_(("active", "completed"))
        )
    )
    events = db.session.scalar(
        select(func.count(distinct(EventRegistration.event_id)))
        .join(Event, Event.id == EventRegistration.event_id)
        .where(
            EventRegistration.user_id.in_(ids),
            EventRegistration.state == "registered",
            Event.status != "draft",
        )
    )
    return outputs, int(workshops or 0), int(events or 0)
