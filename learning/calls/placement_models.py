"""Calls after the application: the referees an applicant names (each with a letter they
upload through a signed link, never shown to the applicant), and the placement of each
selected person (host institution, dates, agreement, milestones, interim and final report, and
the research outputs the fellow links to it)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_pgettext
from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning.accounts.models import User
from learning.platform.dbtypes import UTCDateTime, utcnow
from learning.platform.extensions import db
from learning.research.models import ResearchOutput
from learning.storage.models import StoredFile

if TYPE_CHECKING:
    from learning.calls.models import CallApplication

REFEREE_LANGUAGES = ("es", "en")
PLACEMENT_STATES = {
    "planned": lazy_pgettext("placement state", "planned"),
    "active": lazy_pgettext("placement state", "under way"),
    "completed": lazy_pgettext("placement state", "completed"),
    "cancelled": lazy_pgettext("placement state", "cancelled"),
}


class CallReferee(db.Model):
    """A referee named in an application: who, how they know the applicant, the language of
    the request, when it was sent, and their letter once uploaded. ``nonce`` goes into the
    signed link, so a referee removed and named again gets a link of their own."""

    __tablename__ = "call_referees"
    __table_args__ = (
        UniqueConstraint("application_id", "email"),
        CheckConstraint("language IN ('es', 'en')", name="language_known"),
        CheckConstraint(
            "(letter_file_id IS NULL) OR (received_at IS NOT NULL)", name="received_when_letter"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("call_applications.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    relation: Mapped[str] = mapped_column(String(200), default="")
    language: Mapped[str] = mapped_column(String(5), default="es")
    nonce: Mapped[str] = mapped_column(String(32))
    requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    letter_file_id: Mapped[int | None] = mapped_column(
        ForeignKey("stored_files.id", ondelete="SET NULL"), index=True
    )
    received_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    letter: Mapped[StoredFile | None] = relationship(foreign_keys=[letter_file_id])


class CallPlacement(db.Model):
    """The placement of a person selected in a call: where, when, its agreement, milestones
    and reports, and where it stands."""

    __tablename__ = "call_placements"
    __table_args__ = (
        UniqueConstraint("application_id"),
        CheckConstraint("ends_on > starts_on", name="ends_after_start"),
        CheckConstraint(
            "status IN ('planned', 'active', 'completed', 'cancelled')", name="status_known"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("call_applications.id", ondelete="CASCADE")
    )
    # The fellow (a copy of the application's person: their pages and data export find it).
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    host: Mapped[str] = mapped_column(String(200))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="planned")
    agreement_file_id: Mapped[int | None] = mapped_column(
        ForeignKey("stored_files.id", ondelete="SET NULL"), index=True
    )
    interim_text: Mapped[str] = mapped_column(Text, default="")
    interim_file_id: Mapped[int | None] = mapped_column(
        ForeignKey("stored_files.id", ondelete="SET NULL"), index=True
    )
    final_text: Mapped[str] = mapped_column(Text, default="")
    final_file_id: Mapped[int | None] = mapped_column(
        ForeignKey("stored_files.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    application: Mapped[CallApplication] = relationship()
    user: Mapped[User] = relationship()
    agreement: Mapped[StoredFile | None] = relationship(foreign_keys=[agreement_file_id])
    interim_file: Mapped[StoredFile | None] = relationship(foreign_keys=[interim_file_id])
    final_file: Mapped[StoredFile | None] = relationship(foreign_keys=[final_file_id])
    milestones: Mapped[list[CallMilestone]] = relationship(
        cascade="all, delete-orphan",
        lazy="selectin",
        order_by="(CallMilestone.due_on, CallMilestone.id)",
    )
    output_links: Mapped[list[CallPlacementOutput]] = relationship(
        cascade="all, delete-orphan", order_by="CallPlacementOutput.id"
    )


class CallMilestone(db.Model):
    """A milestone of a placement: what, by when, and when it was done."""

    __tablename__ = "call_milestones"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    placement_id: Mapped[int] = mapped_column(
        ForeignKey("call_placements.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[date] = mapped_column(Date)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class CallPlacementOutput(db.Model):
    """A research output the fellow deposited, linked to their placement."""

    __tablename__ = "call_placement_outputs"
    __table_args__ = (UniqueConstraint("placement_id", "output_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    placement_id: Mapped[int] = mapped_column(
        ForeignKey("call_placements.id", ondelete="CASCADE"), index=True
    )
    output_id: Mapped[int] = mapped_column(
        ForeignKey("research_outputs.id", ondelete="CASCADE"), index=True
    )

    output: Mapped[ResearchOutput] = relationship()
