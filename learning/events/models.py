"""Events: the event with its texts per language and taxonomy tags, its agenda (sessions with
speakers), registrations and the sessions people star for their personal agenda.

Translatable texts live in ``*_translations`` tables (one row per language), as for workshops,
so a third language is a configuration change, not a schema change. Times are stored in UTC and
shown in the event's own time zone (``Event.timezone``) and the reader's.
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
from learning.events.after_models import (  # noqa: F401 - part of the events' models
    EventCertificate,
    EventCertificateRule,
    EventMaterial,
    EventSurveyResponse,
)
from learning.events.attendance import (  # noqa: F401 - part of the events' models
    EventAttendance,
    EventSessionAttendance,
)
from learning.events.places import EventSessionPlace  # noqa: F401 - part of the events' models
from learning.events.questions import (  # noqa: F401 - part of the events' models
    QUESTION_KINDS,
    EventAnswer,
    EventQuestion,
    EventQuestionTranslation,
)
from learning.language.content import Localised, choose
from learning.platform import cache
from learning.platform.dbtypes import UTCDateTime, utcnow
from learning.platform.extensions import db
from learning.storage.models import StoredFile

KINDS = {
    "forum": _l("Forum"),
    "film": _l("Film screening"),
    "book": _l("Book presentation"),
    "exhibition": _l("Exhibition"),
    "concert": _l("Concert"),
    "other": _l("Other cultural event"),
}
FORMATS = {"in-person": _l("In person"), "online": _l("Online"), "hybrid": _l("Hybrid")}
# Contexts: in Spanish the implied noun is "evento" (masculine) or "inscripción" (feminine).
STATUSES = {
    "draft": lazy_pgettext("event state", "draft"),
    "published": lazy_pgettext("event state", "published"),
    "cancelled": lazy_pgettext("event state", "cancelled"),
    "archived": lazy_pgettext("event state", "archived"),
}
REGISTRATION_STATES = {
    "registered": lazy_pgettext("registration state", "registered"),
    "waitlisted": lazy_pgettext("registration state", "waitlisted"),
    "pending": lazy_pgettext("registration state", "pending approval"),
    "withdrawn": lazy_pgettext("registration state", "withdrawn"),
}
# States in which a person is "in" an event: registering again is refused.
HOLDING = ("registered", "waitlisted", "pending")
FACETS = ("theme", "country")


def _in(column: str, values: object) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"  # type: ignore[attr-defined]


class Event(db.Model):
    """A forum or cultural event: texts per language, taxonomy, format, place and time zone,
    registration window and capacity."""

    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint(_in("kind", KINDS), name="kind_known"),
        CheckConstraint(_in("format", FORMATS), name="format_known"),
        CheckConstraint(_in("status", STATUSES), name="status_known"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),
        CheckConstraint("offer_hours BETWEEN 1 AND 336", name="offer_hours_range"),
        CheckConstraint(
            "registration_opens_at IS NULL OR registration_closes_at IS NULL "
            "OR registration_closes_at > registration_opens_at",
            name="window_order",
        ),
        Index("ix_events_status_starts", "status", "starts_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), default="forum")
    format: Mapped[str] = mapped_column(String(16), default="in-person")
    status: Mapped[str] = mapped_column(String(16), default="draft")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    timezone: Mapped[str] = mapped_column(String(64))
    venue: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(300))
    online_url: Mapped[str | None] = mapped_column(String(500))
    cover_file_id: Mapped[int | None] = mapped_column(
        ForeignKey("stored_files.id", ondelete="SET NULL"), index=True
    )
    registration_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    registration_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    capacity: Mapped[int | None] = mapped_column(Integer)
    requires_approval: Mapped[bool] = mapped_column(Boolean, default=False)
    # How long the first person on the waitlist has to accept a place that became free.
    offer_hours: Mapped[int] = mapped_column(Integer, default=48, server_default="48")
    # On SQLite, bumped by every change to the event's registrations: the UPDATE that takes
    # the database's write lock before places are counted (services.common.lock_event).
    registrations_serial: Mapped[int] = mapped_column(Integer, default=0)
    # Lower-cased, accent-free texts in every language, for the accent-insensitive search.
    search_text: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    translations: Mapped[list[EventTranslation]] = relationship(
        back_populates="event", cascade="all, delete-orphan", lazy="selectin"
    )
    tags: Mapped[list[EventTag]] = relationship(
        back_populates="event", cascade="all, delete-orphan", lazy="selectin"
    )
    sessions: Mapped[list[EventSession]] = relationship(
        back_populates="event",
        cascade="all, delete-orphan",
        order_by="(EventSession.starts_at, EventSession.id)",
    )
    cover: Mapped[StoredFile | None] = relationship(foreign_keys=[cover_file_id])

    def text(self, language: str | None = None) -> Localised[EventTranslation] | None:
        """The texts in the reader's language, or another one (``.fallback`` says so)."""
        return choose(self.translations, language)

    def _facet(self, facet: str) -> list[str]:
        return sorted(tag.value for tag in self.tags if tag.facet == facet)

    @property
    def themes(self) -> list[str]:
        """Theme keys (taxonomy.THEMES)."""
        return self._facet("theme")

    @property
    def countries(self) -> list[str]:
        """Country codes the event is about or takes place in."""
        return self._facet("country")

    @property
    def is_public(self) -> bool:
        """Whether visitors see the event (published, cancelled or archived; not a draft)."""
        return self.status != "draft"

    def __repr__(self) -> str:
        return f"<Event {self.id} {self.status}>"


class EventTranslation(db.Model):
    """An event's title, summary and description in one language."""

    __tablename__ = "event_translations"
    __table_args__ = (UniqueConstraint("event_id", "language"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(5))
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(500), default="")
    description: Mapped[str] = mapped_column(Text, default="")

    event: Mapped[Event] = relationship(back_populates="translations")


class EventTag(db.Model):
    """One theme or country of an event (values from the programme taxonomy)."""

    __tablename__ = "event_tags"
    __table_args__ = (
        UniqueConstraint("event_id", "facet", "value"),
        CheckConstraint(_in("facet", FACETS), name="facet_known"),
        Index("ix_event_tags_facet_value", "facet", "value"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    facet: Mapped[str] = mapped_column(String(16))
    value: Mapped[str] = mapped_column(String(32))

    event: Mapped[Event] = relationship(back_populates="tags")


class EventSession(db.Model):
    """One item of an event's agenda: its times, room or track, speakers and the languages
    it is interpreted into (space-separated codes)."""

    __tablename__ = "event_sessions"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),
        Index("ix_event_sessions_event_starts", "event_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    room: Mapped[str | None] = mapped_column(String(120))
    interpretation: Mapped[str] = mapped_column(String(64), default="")
    # Places of its own (people choose the session); None: anyone at the event may come.
    capacity: Mapped[int | None] = mapped_column(Integer)

    event: Mapped[Event] = relationship(back_populates="sessions")
    translations: Mapped[list[EventSessionTranslation]] = relationship(
        back_populates="session", cascade="all, delete-orphan", lazy="selectin"
    )
    speakers: Mapped[list[EventSpeaker]] = relationship(
        back_populates="session",
        cascade="all, delete-orphan",
        order_by="EventSpeaker.position",
        lazy="selectin",
    )

    def text(self, language: str | None = None) -> Localised[EventSessionTranslation] | None:
        """The session's title in the reader's language or a fallback."""
        return choose(self.translations, language)

    @property
    def interpretation_languages(self) -> list[str]:
        """The codes of the languages the session is interpreted into."""
        return self.interpretation.split()


class EventSessionTranslation(db.Model):
    """A session's title in one language."""

    __tablename__ = "event_session_translations"
    __table_args__ = (UniqueConstraint("session_id", "language"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("event_sessions.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(5))
    title: Mapped[str] = mapped_column(String(200))

    session: Mapped[EventSession] = relationship(back_populates="translations")


class EventSpeaker(db.Model):
    """A speaker of a session, in the order given: a member (``user_id``: named from their
    account, ``name`` left empty) or a name; an affiliation, and a bio per language."""

    __tablename__ = "event_speakers"
    __table_args__ = (CheckConstraint("position >= 0", name="position_positive"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("event_sessions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(200))
    affiliation: Mapped[str] = mapped_column(String(200), default="")
    # A member of the platform: the name comes from the account (it goes with the account).
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )

    session: Mapped[EventSession] = relationship(back_populates="speakers")
    # Loaded by the pages that show them (the event page asks for them with its agenda).
    user: Mapped[User | None] = relationship()
    translations: Mapped[list[EventSpeakerTranslation]] = relationship(
        back_populates="speaker", cascade="all, delete-orphan"
    )

    @property
    def shown_name(self) -> str:
        """The name on the agenda: the member's account name, else the name given."""
        return self.user.name if self.user is not None else self.name

    def text(self, language: str | None = None) -> Localised[EventSpeakerTranslation] | None:
        """The bio in the reader's language, or another one (``.fallback`` says so)."""
        return choose([t for t in self.translations if t.bio], language)


class EventSpeakerTranslation(db.Model):
    """A speaker's short bio in one language."""

    __tablename__ = "event_speaker_translations"
    __table_args__ = (UniqueConstraint("speaker_id", "language"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    speaker_id: Mapped[int] = mapped_column(ForeignKey("event_speakers.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(5))
    bio: Mapped[str] = mapped_column(Text, default="")

    speaker: Mapped[EventSpeaker] = relationship(back_populates="translations")


class EventRegistration(db.Model):
    """A person's registration: its state, place on the waitlist, consents and needs."""

    __tablename__ = "event_registrations"
    __table_args__ = (
        UniqueConstraint("event_id", "user_id"),
        CheckConstraint(_in("state", REGISTRATION_STATES), name="state_known"),
        CheckConstraint(
            "(state = 'waitlisted') = (position IS NOT NULL)", name="position_when_waitlisted"
        ),
        CheckConstraint(
            "offer_expires_at IS NULL OR state = 'waitlisted'", name="offer_when_waitlisted"
        ),
        Index("ix_event_registrations_event_state", "event_id", "state"),
        Index("ix_event_registrations_offer_expires", "offer_expires_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(16))
    # Order on the waitlist (1 comes first); set only while waitlisted.
    position: Mapped[int | None] = mapped_column(Integer)
    consent_list: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_photos: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_news: Mapped[bool] = mapped_column(Boolean, default=False)
    accessibility: Mapped[str] = mapped_column(String(1000), default="")
    # A waitlisted person offered a freed place holds it until then (services/offers.py).
    offer_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    event: Mapped[Event] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])


class EventStar(db.Model):
    """A session a registered person put on their personal agenda."""

    __tablename__ = "event_stars"
    __table_args__ = (UniqueConstraint("user_id", "session_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    session_id: Mapped[int] = mapped_column(
        ForeignKey("event_sessions.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    session: Mapped[EventSession] = relationship()


# Cached pages made from these tables (learning/platform/cache.py).
cache.watch(
    "events",
    Event, EventTranslation, EventTag, EventSession, EventSessionTranslation, EventSpeaker,
    EventSpeakerTranslation,
)  # fmt: skip
# A person's registrations and stars renew their own kept pages.
cache.watch_people(EventRegistration, EventStar)
