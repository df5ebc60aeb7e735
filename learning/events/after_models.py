"""Events, after the event: the rule that earns a certificate of attendance, the
certificates issued by it (an unguessable public code, revocable with a reason), and the
satisfaction survey's answers.

Part of the events' models: learning/events/models.py imports this module; import the models
from there or from here.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning.accounts.models import User
from learning.platform import cache
from learning.platform.dbtypes import UTCDateTime, utcnow
from learning.platform.extensions import db
from learning.storage.models import StoredFile

if TYPE_CHECKING:
    from learning.events.models import Event

# What the rule counts: days present, sessions present, or a share (percent) of the sessions.
MEASURES = ("days", "sessions", "share")
# Which attendance counts: any, in person only, online only.
RULE_MODES = ("any", "in-person", "online")
CERTIFICATE_LANGUAGES = ("es", "en", "bilingual")


class EventCertificateRule(db.Model):
    """Per event: who earns a certificate of attendance (at least ``minimum`` days, sessions,
    or percent of the sessions, counting attendance in ``mode``)."""

    __tablename__ = "event_certificate_rules"
    __table_args__ = (
        CheckConstraint("measure IN ('days', 'sessions', 'share')", name="measure_known"),
        CheckConstraint("mode IN ('any', 'in-person', 'online')", name="mode_known"),
        CheckConstraint("minimum >= 1", name="minimum_positive"),
    )

    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    measure: Mapped[str] = mapped_column(String(16), default="days")
    minimum: Mapped[int] = mapped_column(Integer, default=1)
    mode: Mapped[str] = mapped_column(String(16), default="any")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class EventCertificate(db.Model):
    """A person's certificate of attendance at an event."""

    __tablename__ = "event_certificates"
    __table_args__ = (
        UniqueConstraint("event_id", "user_id"),
        CheckConstraint("language IN ('es', 'en', 'bilingual')", name="language_known"),
        CheckConstraint(
            "revoked_at IS NULL OR revoked_reason IS NOT NULL", name="revocation_has_reason"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    language: Mapped[str] = mapped_column(String(16), default="es")
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    revoked_reason: Mapped[str | None] = mapped_column(Text)

    event: Mapped[Event] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])

    @property
    def is_revoked(self) -> bool:
        """Whether an organiser revoked the certificate."""
        return self.revoked_at is not None


class EventSurveyResponse(db.Model):
    """The satisfaction survey after an event, answered once by someone who attended: a
    rating from 1 to 5 and a comment (the shape of the workshops' survey)."""

    __tablename__ = "event_survey_responses"
    __table_args__ = (
        UniqueConstraint("event_id", "user_id"),
        CheckConstraint("rating >= 1 AND rating <= 5", name="rating_range"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    rating: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


MATERIAL_KINDS = ("slides", "recording", "report")
MATERIAL_ACCESS = ("public", "registered")


class EventMaterial(db.Model):
    """What stays after an event: slides, a recording or a report, attached to the event or
    one of its sessions, as a link or a stored file; public, or for registered people only."""

    __tablename__ = "event_materials"
    __table_args__ = (
        CheckConstraint("kind IN ('slides', 'recording', 'report')", name="kind_known"),
        CheckConstraint("access IN ('public', 'registered')", name="access_known"),
        CheckConstraint("(url IS NULL) <> (file_id IS NULL)", name="link_or_file"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("event_sessions.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(String(500))
    file_id: Mapped[int | None] = mapped_column(
        ForeignKey("stored_files.id", ondelete="CASCADE"), index=True
    )
    access: Mapped[str] = mapped_column(String(16), default="public")
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # The research output it was deposited as (services/deposits.py), linked back to the event.
    output_id: Mapped[int | None] = mapped_column(
        ForeignKey("research_outputs.id", ondelete="SET NULL"), index=True
    )

    file: Mapped[StoredFile | None] = relationship()


# The rule shows on the event's pages; a certificate and an answer on their person's pages.
cache.watch("events", EventCertificateRule, EventMaterial)
cache.watch_people(EventCertificate, EventSurveyResponse)
