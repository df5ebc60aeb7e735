"""People's network profiles: opt-in and private by default, each field with its audience.

``visible_profile(viewer, user)`` is the one door: it gives what ``viewer`` may see of
``user`` (None when the profile is private to them), so the directory, organisation pages and
the conversation's mentions and contact all decide alike. The owner and programme staff see
everything; others see an opened profile's fields whose audience includes them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import nh3
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import select

from learning.accounts.models import User
from learning.language.taxonomy import THEMES, is_country
from learning.language.text import normalise, plain_text
from learning.network.models import (
    AT_RISK_FIELDS,
    FIELD_VISIBILITY,
    PROFILE_FIELDS,
    PROFILE_VISIBILITY,
    OrganisationMember,
    Profile,
    ProfileTag,
)
from learning.network.services.common import (
    RANK,
    NetworkError,
    check_email,
    check_orcid,
    check_url,
    is_staff,
    signed_in,
    viewer_rank,
)
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.workshops.markdown import ALLOWED_TAGS, render_markdown

HEADLINE_MAX, BIO_MAX, CITY_MAX = 200, 4000, 120
KEYWORDS_MAX, KEYWORD_MAX = 15, 64
# Languages people say they speak: the programme's, the EU's most used, and the region's
# indigenous languages with most speakers (Babel has no names for most of these).
SPOKEN = {
    "es": _l("Spanish"),
    "en": _l("English"),
    "fr": _l("French"),
    "pt": _l("Portuguese"),
    "de": _l("German"),
    "it": _l("Italian"),
    "nah": _l("Nahuatl"),
    "yua": _l("Yucatec Maya"),
    "quc": _l("K'iche'"),
    "mam": _l("Mam"),
    "kek": _l("Q'eqchi'"),
    "cab": _l("Garifuna"),
    "miq": _l("Miskito"),
}
LANGUAGE_CODES = tuple(SPOKEN)


@dataclass
class VisibleProfile:
    """What one viewer may see of one person: fields they may not see are empty."""

    user_id: int
    name: str
    visibility: str
    shown: set[str] = field(default_factory=set)
    headline: str = ""
    bio: str = ""
    bio_links: bool = False
    city: str = ""
    country: str = ""
    contact_email: str = ""
    website: str = ""
    orcid: str = ""
    themes: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    complete: bool = False  # the owner's or staff's view: every field


@dataclass
class ProfileData:
    """Everything the profile form gives."""

    visibility: str = "private"
    headline: str = ""
    bio: str = ""
    city: str = ""
    country: str = ""
    contact_email: str = ""
    website: str = ""
    orcid: str = ""
    themes: list[str] = field(default_factory=list)
    keywords: str = ""
    languages: list[str] = field(default_factory=list)
    field_visibility: dict[str, str] = field(default_factory=dict)
    at_risk: bool = False


def profile_of(user_id: int) -> Profile | None:
    """The person's profile row, if they ever made one."""
    return db.session.get(Profile, user_id)


def profile_rank(profile: Profile | None) -> int | None:
    """The widest audience of an opened profile (0 public, 1 network); None when private."""
    return _rank(profile.visibility if profile is not None else None)


def _rank(visibility: str | None) -> int | None:
    return None if visibility is None or visibility == "private" else RANK[visibility]


def links_allowed(profile: Profile) -> bool:
    """Whether the bio's links are shown as links: staff approved them, or the account is
    older than NETWORK_NEW_MEMBER_DAYS (before, they are plain text, not clickable); never
    when staff turned them down."""
    if profile.bio_links_rejected:
        return False
    if profile.bio_links_approved:
        return True
    days = current_app.config["NETWORK_NEW_MEMBER_DAYS"]
    created = profile.user.created_at
    return created is not None and created <= utcnow() - timedelta(days=days)


def visible_profile(viewer: Any, user: User | None) -> VisibleProfile | None:
    """What ``viewer`` (a user, a visitor or None) may see of ``user``'s profile, or None when
    the profile is private to them (no profile, not opened, or opened to members only and the
    viewer is a visitor). The owner and staff get every field."""
    if user is None:
        return None
    profile = profile_of(user.id)
    complete = _complete(viewer, user)
    if not complete and not _opened_to(viewer, user, profile_rank(profile)):
        return None
    return _view(profile, user, viewer, complete)


def listed_profile(viewer: Any, user: User, visibility: str | None) -> VisibleProfile | None:
    """``user`` as a name in a list (an organisation's people), under the same rule as
    visible_profile, from the profile's ``visibility`` alone: none of its fields is loaded
    or shown; None when the profile is private to ``viewer``."""
    complete = _complete(viewer, user)
    if not complete and not _opened_to(viewer, user, _rank(visibility)):
        return None
    view = VisibleProfile(user.id, user.name, visibility or "private")
    view.complete = complete
    return view


def _complete(viewer: Any, user: User) -> bool:
    """The owner and staff see every field."""
    return (signed_in(viewer) and viewer.id == user.id) or is_staff(viewer)


def _opened_to(viewer: Any, user: User, opened: int | None) -> bool:
    return opened is not None and user.active and viewer_rank(viewer) >= opened


def _view(profile: Profile | None, user: User, viewer: Any, complete: bool) -> VisibleProfile:
    view = VisibleProfile(user.id, user.name, profile.visibility if profile else "private")
    view.complete = complete
    if profile is None:
        return view
    rank, opened = viewer_rank(viewer), profile_rank(profile) or 0
    for name in PROFILE_FIELDS:
        if complete or rank >= max(opened, RANK[getattr(profile, f"{name}_visibility")]):
            view.shown.add(name)
    if "headline" in view.shown:
        view.headline = profile.headline
    if "bio" in view.shown:
        view.bio, view.bio_links = profile.bio, links_allowed(profile)
    if "location" in view.shown:
        view.city, view.country = profile.city, profile.country
    if "contact" in view.shown:
        view.contact_email, view.website = profile.contact_email, profile.website
    if "orcid" in view.shown:
        view.orcid = profile.orcid
    if "expertise" in view.shown:
        view.themes, view.keywords = profile.values("theme"), profile.values("keyword")
    if "languages" in view.shown:
        view.languages = profile.values("language")
    return view


def render_bio(view: VisibleProfile) -> Markup:
    """The bio as safe HTML (sanitised Markdown); links held (a new member's, not approved by
    staff) come out as their plain text, not clickable."""
    html = render_markdown(view.bio)
    if view.bio_links:
        return html
    # Our own sanitised HTML with the <a> tags unwrapped: safe to mark.
    return Markup(nh3.clean(str(html), tags=set(ALLOWED_TAGS) - {"a"}))  # noqa: S704


def display_name(viewer: Any, user: User | None) -> str:
    """How ``user`` is named to ``viewer``: their name when their profile is visible to the
    viewer, else "a network member" (a private profile names nobody)."""
    if user is not None and visible_profile(viewer, user) is not None:
        return user.name
    return _("a network member")


def _keywords(text: str) -> list[str]:
    words = []
    for part in plain_text(text or "").replace(";", ",").split(","):
        word = " ".join(part.split())
        if word and word.casefold() not in {w.casefold() for w in words}:
            if len(word) > KEYWORD_MAX:
                raise NetworkError("keyword_too_long")
            words.append(word)
    if len(words) > KEYWORDS_MAX:
        raise NetworkError("too_many_keywords")
    return words


def check_profile(data: ProfileData) -> dict[str, Any]:
    """Check ``data`` without writing; the column values and tags. Raises NetworkError:
    bad_visibility, headline_too_long, bio_too_long, city_too_long, bad_country, bad_email,
    bad_url, bad_orcid, bad_theme, bad_language, keyword_too_long, too_many_keywords."""
    if data.visibility not in PROFILE_VISIBILITY:
        raise NetworkError("bad_visibility")
    fields = {}
    for name in PROFILE_FIELDS:
        value = data.field_visibility.get(name) or ("staff" if name == "contact" else "network")
        if value not in FIELD_VISIBILITY:
            raise NetworkError("bad_visibility")
        fields[f"{name}_visibility"] = "staff" if data.at_risk and name in AT_RISK_FIELDS else value
    headline = " ".join(plain_text(data.headline or "").split())
    bio = plain_text(data.bio or "", multiline=True).strip()
    city = " ".join(plain_text(data.city or "").split())
    for value, limit, code in (
        (headline, HEADLINE_MAX, "headline_too_long"),
        (bio, BIO_MAX, "bio_too_long"),
        (city, CITY_MAX, "city_too_long"),
    ):
        if len(value) > limit:
            raise NetworkError(code)
    if data.country and not is_country(data.country):
        raise NetworkError("bad_country")
    if not set(data.themes) <= set(THEMES):
        raise NetworkError("bad_theme")
    if not set(data.languages) <= set(LANGUAGE_CODES):
        raise NetworkError("bad_language")
    return {
        "columns": {
            "visibility": data.visibility,
            "headline": headline,
            "bio": bio,
            "city": city,
            "country": data.country or "",
            "contact_email": check_email(data.contact_email),
            "website": check_url(data.website),
            "orcid": check_orcid(data.orcid),
            **fields,
        },
        "tags": {
            "theme": sorted(set(data.themes)),
            "keyword": _keywords(data.keywords),
            "language": sorted(set(data.languages)),
        },
    }


def save_profile(user: User, data: ProfileData) -> Profile:
    """Create or update ``user``'s own profile (nothing is written when a check fails)."""
    checked = check_profile(data)
    profile = profile_of(user.id)
    if profile is None:
        profile = Profile(user_id=user.id)
        profile.user = user
        db.session.add(profile)
    columns = checked["columns"]
    if (columns["bio"], columns["website"]) != (profile.bio, profile.website):
        # New wording, new look: links staff turned down go back to their queue.
        profile.bio_links_rejected = False
    for name, value in columns.items():
        setattr(profile, name, value)
    wanted = {(facet, value) for facet, values in checked["tags"].items() for value in values}
    for tag in list(profile.tags):
        if (tag.facet, tag.value) not in wanted:
            profile.tags.remove(tag)
    have = {(tag.facet, tag.value) for tag in profile.tags}
    for facet, value in sorted(wanted - have):
        profile.tags.append(ProfileTag(facet=facet, value=value))
    profile.updated_at = utcnow()
    refresh_search(profile)
    db.session.flush()
    return profile


def refresh_search(profile: Profile) -> None:
    """The folded texts the directory searches: the name, with the headline and keywords when
    members (``search_text``) or visitors (``public_search_text``) may see them, so a hidden
    field cannot be found by searching."""

    def text(audiences: tuple[str, ...]) -> str:
        parts = [profile.user.name]
        if profile.headline_visibility in audiences:
            parts.append(profile.headline)
        if profile.expertise_visibility in audiences:
            parts.extend(profile.values("keyword"))
        return normalise(" ".join(parts))

    profile.search_text = text(("public", "network"))
    profile.public_search_text = text(("public",))


def close_profile(user: User) -> None:
    """Make the profile private again (it stays for its owner)."""
    profile = profile_of(user.id)
    if profile is not None:
        profile.visibility = "private"
        profile.updated_at = utcnow()


def approve_links(profile: Profile) -> None:
    """Staff let a new member's bio show its links."""
    profile.bio_links_approved, profile.bio_links_rejected = True, False


def memberships_of(user_id: int) -> list[OrganisationMember]:
    """A person's confirmed organisations."""
    return list(
        db.session.scalars(
            select(OrganisationMember)
            .where(OrganisationMember.user_id == user_id, OrganisationMember.state == "confirmed")
            .order_by(OrganisationMember.id)
        )
    )


def open_for_tests(user: User, visibility: str = "network") -> Profile:
    """Open ``user``'s profile to ``visibility`` with the default field audiences, committed
    (for the tests and demo data of the network's other modules)."""
    profile = save_profile(user, ProfileData(visibility=visibility))
    db.session.commit()
    return profile
