"""Enrolment tables beyond Edition and Enrolment (which live in learning/workshops/models.py):
each edition's own live-session times, invitations, CSV imports, reminders sent, and the
private calendar feed tokens."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning.accounts.models import User
from learning.platform import cache
from learning.platform.dbtypes import UTCDateTime, utcnow
from learning.platform.extensions import db
from learning.storage.models import StoredFile
from learning.workshops.models import Edition, Lesson


class EditionSession(db.Model):
    """A live-session lesson as it happens in one edition: its own times, place and link.

    Made from the lesson's own times when the edition is created; trainers may move it.
    The completion feature keys attendance on (edition_id, lesson_id).
    """

    __tablename__ = "edition_sessions"
    __table_args__ = (
        UniqueConstraint("edition_id", "lesson_id"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"))
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    place: Mapped[str | None] = mapped_column(String(300))
    meeting_url: Mapped[str | None] = mapped_column(String(500))

    edition: Mapped[Edition] = relationship()
    lesson: Mapped[Lesson] = relationship()


class EnrolmentInvitation(db.Model):
    """An e-mail invited to an edition; it becomes an enrolment when that person has an account
    with a confirmed address."""

    __tablename__ = "enrolment_invitations"
    __table_args__ = (
        UniqueConstraint("edition_id", "email"),
        CheckConstraint("email = lower(email)", name="email_lowercase"),
        CheckConstraint("language IN ('es', 'en')", name="language_known"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(254), index=True)
    name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(String(2))
    organisation: Mapped[str | None] = mapped_column(String(200))
    sector: Mapped[str | None] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(5), default="es")
    invited_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    edition: Mapped[Edition] = relationship()


class EnrolmentImport(db.Model):
    """An uploaded CSV of people for an edition: previewed first, written when confirmed."""

    __tablename__ = "enrolment_imports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    edition_id: Mapped[int] = mapped_column(
        ForeignKey("editions.id", ondelete="CASCADE"), index=True
    )
    file_id: Mapped[int] = mapped_column(
        ForeignKey("stored_files.id", ondelete="CASCADE"), unique=True
    )
    uploaded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    accepted_count: Mapped[int | None] = mapped_column(Integer)
    refused_count: Mapped[int | None] = mapped_column(Integer)

    edition: Mapped[Edition] = relationship()
    file: Mapped[StoredFile] = relationship()


class SessionReminder(db.Model):
    """A "tomorrow" reminder already sent: one per session and person, so reruns send none."""

    __tablename__ = "session_reminders"
    __table_args__ = (UniqueConstraint("edition_session_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    edition_session_id: Mapped[int] = mapped_column(
        ForeignKey("edition_sessions.id", ondelete="CASCADE")
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class CalendarToken(db.Model):
    """A person's private calendar feed: only the SHA-256 of the secret is kept."""

    __tablename__ = "user_calendar_tokens"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user: Mapped[User] = relationship()


# Cached pages made from these tables (learning/platform/cache.py).
cache.watch("workshops", EditionSession, EnrolmentInvitation)
cache.watch_people(CalendarToken)
