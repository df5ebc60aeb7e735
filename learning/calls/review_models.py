"""Calls' review: the panel (people holding the ``reviewer`` role for one call), the rubric's
weighted criteria (titles per language), each reviewer's review of an application (assigned,
declared in conflict, or submitted, with confidence and comment) and its scores.

Conflicts of interest come in three layers: declared by the reviewer (a review in state
``conflict`` with their note), detected from what Puente knows (services/review.py: same
organisation, same e-mail domain, co-authors in the research exchange; never stored, always
computed afresh) and waived by staff with a reason (kept on the review and in the audit log).
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_pgettext
from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning.accounts.models import User
from learning.language.content import Localised, choose
from learning.platform.dbtypes import UTCDateTime, utcnow
from learning.platform.extensions import db

REVIEW_STATES = {
    "assigned": lazy_pgettext("review state", "to review"),
    "conflict": lazy_pgettext("review state", "conflict declared"),
    "submitted": lazy_pgettext("review state", "submitted"),
}
MAX_SCORE = 5


class CallReviewer(db.Model):
    """A member of a call's review panel."""

    __tablename__ = "call_reviewers"
    __table_args__ = (UniqueConstraint("call_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user: Mapped[User] = relationship()


class CallCriterion(db.Model):
    """A criterion of the call's rubric with its weight (its titles per language)."""

    __tablename__ = "call_criteria"
    __table_args__ = (CheckConstraint("weight BETWEEN 1 AND 100", name="weight_range"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    weight: Mapped[int] = mapped_column(Integer, default=1)

    translations: Mapped[list[CallCriterionTranslation]] = relationship(
        back_populates="criterion", cascade="all, delete-orphan", lazy="selectin"
    )

    def text(self, language: str | None = None) -> Localised[CallCriterionTranslation] | None:
        """The criterion's title in the reader's language or a fallback."""
        return choose(self.translations, language)


class CallCriterionTranslation(db.Model):
    """A criterion's title in one language."""

    __tablename__ = "call_criterion_translations"
    __table_args__ = (UniqueConstraint("criterion_id", "language"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("call_criteria.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(5))
    title: Mapped[str] = mapped_column(String(200))

    criterion: Mapped[CallCriterion] = relationship(back_populates="translations")


class CallReview(db.Model):
    """One reviewer's review of one application."""

    __tablename__ = "call_reviews"
    __table_args__ = (
        UniqueConstraint("application_id", "reviewer_id"),
        CheckConstraint("state IN ('assigned', 'conflict', 'submitted')", name="state_known"),
        CheckConstraint("confidence IS NULL OR confidence BETWEEN 1 AND 3", name="confidence"),
        CheckConstraint(
            "(state = 'submitted') = (submitted_at IS NOT NULL)", name="submitted_when_submitted"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("call_applications.id", ondelete="CASCADE"), index=True
    )
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(16), default="assigned")
    # The reviewer's own words when they declare a conflict.
    conflict_note: Mapped[str] = mapped_column(String(500), default="")
    # Staff who assigned despite a detected conflict, and why (also in the audit log).
    waived_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    waiver_reason: Mapped[str] = mapped_column(String(500), default="")
    confidence: Mapped[int | None] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    reviewer: Mapped[User] = relationship(foreign_keys=[reviewer_id])
    scores: Mapped[list[CallScore]] = relationship(
        back_populates="review", cascade="all, delete-orphan", lazy="selectin"
    )


class CallScore(db.Model):
    """A reviewer's score on one criterion (0 to MAX_SCORE)."""

    __tablename__ = "call_scores"
    __table_args__ = (
        UniqueConstraint("review_id", "criterion_id"),
        CheckConstraint(f"score BETWEEN 0 AND {MAX_SCORE}", name="score_range"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("call_reviews.id", ondelete="CASCADE"))
    criterion_id: Mapped[int] = mapped_column(
        ForeignKey("call_criteria.id", ondelete="CASCADE"), index=True
    )
    score: Mapped[int] = mapped_column(Integer)

    review: Mapped[CallReview] = relationship(back_populates="scores")
