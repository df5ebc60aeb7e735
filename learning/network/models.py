"""The network's organisations and people: organisations (type, place, bilingual description,
themes, logo, staff verification), who belongs to them and with which role, and each person's
opt-in profile with a visibility per field.

A profile is private until its owner opens it (``visibility``: private, network or public); each
field then has its own audience (public, network members, staff only), and the stricter of the
two wins. Staff and the owner see everything. The conversation's tables are in talk_models.py.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning.accounts.models import User
from learning.language.content import Localised, choose
from learning.platform import cache
from learning.platform.dbtypes import UTCDateTime, utcnow
from learning.platform.extensions import db
from learning.storage.models import StoredFile

ORGANISATION_KINDS = {
    "think-tank": _l("Think tank"),
    "university": _l("University"),
    "media": _l("Media"),
    "civil-society": _l("Civil-society organisation"),
    "public-body": _l("Public body"),
    "business-association": _l("Business association"),
    "international": _l("International organisation"),
}
ORGANISATION_STATES = {
    "proposed": lazy_pgettext("organisation state", "proposed"),
    "active": lazy_pgettext("organisation state", "active"),
}
MEMBERSHIP_STATES = {
    "pending": lazy_pgettext("membership state", "awaiting confirmation"),
    "confirmed": lazy_pgettext("membership state", "confirmed"),
}
# Who sees a whole profile: nobody but its owner and staff, members of the network, everyone.
PROFILE_VISIBILITY = {
    "private": _l("Private: only me (and programme staff)"),
    "network": _l("Network members (signed in)"),
    "public": _l("Everyone, including visitors"),
}
# Who sees one field of an opened profile.
FIELD_VISIBILITY = {
    "public": _l("Everyone"),
    "network": _l("Network members"),
    "staff": _l("Programme staff only"),
}
# The fields with their own audience (column ``<field>_visibility``).
PROFILE_FIELDS = ("headline", "bio", "location", "contact", "orcid", "expertise", "languages")
# Fields the "at risk" preset hides from everyone but staff.
AT_RISK_FIELDS = ("location", "contact")
PROFILE_FACETS = ("theme", "keyword", "language")


def _in(column: str, values: object) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"  # type: ignore[attr-defined]


class Organisation(db.Model):
    """A think tank, university, newsroom, CSO, public body, business association or
    international organisation taking part in the network."""

    __tablename__ = "network_organisations"
    __table_args__ = (
        CheckConstraint(_in("kind", ORGANISATION_KINDS), name="kind_known"),
        CheckConstraint(_in("status", ORGANISATION_STATES), name="status_known"),
        Index("ix_network_organisations_status_kind", "status", "kind"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(24))
    status: Mapped[str] = mapped_column(String(16), default="proposed")
    name: Mapped[str] = mapped_column(String(200))
    acronym: Mapped[str] = mapped_column(String(32), default="")
    country: Mapped[str] = mapped_column(String(2), index=True)
    city: Mapped[str] = mapped_column(String(120), default="")
    website: Mapped[str] = mapped_column(String(300), default="")
    logo_file_id: Mapped[int | None] = mapped_column(
        ForeignKey("stored_files.id", ondelete="SET NULL"), index=True
    )
    verified: Mapped[bool] = mapped_column(Boolean, default=False)
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    proposed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # Lower-cased, accent-free name, acronym, city and descriptions, for the search.
    search_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    translations: Mapped[list[OrganisationTranslation]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan", lazy="selectin"
    )
    themes_rows: Mapped[list[OrganisationTheme]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan", lazy="selectin"
    )
    logo: Mapped[StoredFile | None] = relationship(foreign_keys=[logo_file_id])

    def text(self, language: str | None = None) -> Localised[OrganisationTranslation] | None:
        """The description in the reader's language, or another one (``.fallback``)."""
        return choose(self.translations, language)

    @property
    def themes(self) -> list[str]:
        """Theme keys (taxonomy.THEMES)."""
        return sorted(row.theme for row in self.themes_rows)

    @property
    def label(self) -> str:
        """Name with its acronym."""
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.status}>"


class OrganisationTranslation(db.Model):
    """An organisation's description in one language."""

    __tablename__ = "network_organisation_translations"
    __table_args__ = (UniqueConstraint("organisation_id", "language"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("network_organisations.id", ondelete="CASCADE")
    )
    language: Mapped[str] = mapped_column(String(5))
    description: Mapped[str] = mapped_column(Text, default="")

    organisation: Mapped[Organisation] = relationship(back_populates="translations")


class OrganisationTheme(db.Model):
    """One theme of an organisation (taxonomy.THEMES)."""

    __tablename__ = "network_organisation_themes"
    __table_args__ = (
        UniqueConstraint("organisation_id", "theme"),
        Index("ix_network_organisation_themes_theme", "theme"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("network_organisations.id", ondelete="CASCADE")
    )
    theme: Mapped[str] = mapped_column(String(32))

    organisation: Mapped[Organisation] = relationship(back_populates="themes_rows")


class OrganisationMember(db.Model):
    """A person linked to an organisation with their role there; ``is_admin`` members confirm
    others. A request to join is ``pending`` until staff or an admin confirms it."""

    __tablename__ = "network_organisation_members"
    __table_args__ = (
        UniqueConstraint("organisation_id", "user_id"),
        CheckConstraint(_in("state", MEMBERSHIP_STATES), name="state_known"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("network_organisations.id", ondelete="CASCADE")
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(120), default="")
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[str] = mapped_column(String(16), default="pending")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    organisation: Mapped[Organisation] = relationship()
    user: Mapped[User] = relationship()


class Profile(db.Model):
    """A person's network profile: private by default, each field with its own audience."""

    __tablename__ = "network_profiles"
    __table_args__ = (
        CheckConstraint(_in("visibility", PROFILE_VISIBILITY), name="visibility_known"),
        *(
            CheckConstraint(_in(f"{f}_visibility", FIELD_VISIBILITY), name=f"{f}_vis_known")
            for f in PROFILE_FIELDS
        ),
        Index("ix_network_profiles_visibility", "visibility"),
    )

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    visibility: Mapped[str] = mapped_column(String(16), default="private")
    headline: Mapped[str] = mapped_column(String(200), default="")
    bio: Mapped[str] = mapped_column(Text, default="")
    # Links in the bio are shown as links once the account is older than
    # NETWORK_NEW_MEMBER_DAYS or staff approved them; plain text before.
    bio_links_approved: Mapped[bool] = mapped_column(Boolean, default=False)
    # Staff turned them down: plain text for good (until the bio changes and they look again).
    bio_links_rejected: Mapped[bool] = mapped_column(Boolean, default=False)
    city: Mapped[str] = mapped_column(String(120), default="")
    country: Mapped[str] = mapped_column(String(2), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    website: Mapped[str] = mapped_column(String(300), default="")
    orcid: Mapped[str] = mapped_column(String(19), default="")
    headline_visibility: Mapped[str] = mapped_column(String(8), default="network")
    bio_visibility: Mapped[str] = mapped_column(String(8), default="network")
    location_visibility: Mapped[str] = mapped_column(String(8), default="network")
    contact_visibility: Mapped[str] = mapped_column(String(8), default="staff")
    orcid_visibility: Mapped[str] = mapped_column(String(8), default="network")
    expertise_visibility: Mapped[str] = mapped_column(String(8), default="network")
    languages_visibility: Mapped[str] = mapped_column(String(8), default="network")
    # Lower-cased, accent-free name, headline and keywords, for the directory's search.
    search_text: Mapped[str] = mapped_column(Text, default="")
    # The same made only of what visitors may see (the directory searches it for them).
    public_search_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user: Mapped[User] = relationship()
    tags: Mapped[list[ProfileTag]] = relationship(
        back_populates="profile",
        cascade="all, delete-orphan",
        lazy="selectin",
        primaryjoin="Profile.user_id == foreign(ProfileTag.user_id)",
    )

    def values(self, facet: str) -> list[str]:
        """The profile's themes, keywords or languages."""
        return sorted(tag.value for tag in self.tags if tag.facet == facet)

    def __repr__(self) -> str:
        return f"<Profile {self.user_id} {self.visibility}>"


class ProfileTag(db.Model):
    """One expertise theme (taxonomy), free keyword or spoken language of a profile."""

    __tablename__ = "network_profile_tags"
    __table_args__ = (
        UniqueConstraint("user_id", "facet", "value"),
        CheckConstraint(_in("facet", PROFILE_FACETS), name="facet_known"),
        Index("ix_network_profile_tags_facet_value", "facet", "value"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The person (not the profile row), so the personal-data export finds their tags.
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    facet: Mapped[str] = mapped_column(String(16))
    value: Mapped[str] = mapped_column(String(64))

    profile: Mapped[Profile] = relationship(
        back_populates="tags", primaryjoin="Profile.user_id == foreign(ProfileTag.user_id)"
    )


# Cached pages made from these tables (learning/platform/cache.py).
cache.watch(
    "network",
    Organisation, OrganisationTranslation, OrganisationTheme, OrganisationMember, Profile,
    ProfileTag,
)  # fmt: skip
