"""Calls: the call with its texts per language, its eligibility rules and the applications
people write to it.

Translatable texts live in ``call_translations`` (one row per language), as for workshops and
events, so a third language is a configuration change. Times are stored in UTC and shown in the
call's own time zone (``Call.timezone``) and the reader's.
"""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning.accounts.models import User
from learning.calls.placement_models import (  # part of the calls models
    CallMilestone,
    CallPlacement,
    CallPlacementOutput,
    CallReferee,
)
from learning.calls.question_models import (  # part of the calls models
    CALL_QUESTION_KINDS,  # noqa: F401
    CallAnswer,
    CallQuestion,
    CallQuestionTranslation,  # noqa: F401
)
from learning.calls.review_models import (  # part of the calls models
    CallCriterion,
    CallCriterionTranslation,
    CallReview,
    CallReviewer,
    CallScore,  # noqa: F401 - unwatched: review pages read scores live, never kept
)
from learning.language.content import Localised, choose
from learning.platform import cache
from learning.platform.dbtypes import UTCDateTime, utcnow
from learning.platform.extensions import db
from learning.storage.models import StoredFile

KINDS = {
    "fellowship": _l("Fellowship"),
    "stay": _l("Research stay"),
    "project": _l("Joint think-tank project"),
}
# Contexts: in Spanish the implied noun is "convocatoria" or "solicitud" (both feminine).
STATUSES = {
    "draft": lazy_pgettext("call state", "draft"),
    "open": lazy_pgettext("call state", "open"),
    "closed": lazy_pgettext("call state", "closed"),
    "reviewing": lazy_pgettext("call state", "under review"),
    "decided": lazy_pgettext("call state", "decided"),
    "archived": lazy_pgettext("call state", "archived"),
}
APPLICATION_STATES = {
    "draft": lazy_pgettext("application state", "draft"),
    "submitted": lazy_pgettext("application state", "submitted"),
    "withdrawn": lazy_pgettext("application state", "withdrawn"),
}
CAREER_STAGES = {
    "early": _l("Early career (up to 5 years of experience)"),
    "mid": _l("Mid career (5 to 15 years)"),
    "senior": _l("Senior (more than 15 years)"),
}
# The eligibility rules staff choose from (services/eligibility.py checks them).
DECISIONS = {
    "selected": lazy_pgettext("decision", "selected"),
    "waitlisted": lazy_pgettext("decision", "on the waiting list"),
    "declined": lazy_pgettext("decision", "not selected"),
}
RULES = {
    "country": _l("Lives in one of the chosen countries"),
    "sector": _l("Works in one of the chosen sectors"),
    "career_stage": _l("Is at one of the chosen career stages"),
    "document": _l("Attaches the supporting document"),
    "no_award": _l("Has not held an award from the programme before"),
}


def _in(column: str, values: object) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"  # type: ignore[attr-defined]


class Call(db.Model):
    """A call for applications: kind, texts per language, window in a named time zone,
    places, the length allowed for the statement, and its state."""

    __tablename__ = "calls"
    __table_args__ = (
        CheckConstraint(_in("kind", KINDS), name="kind_known"),
        CheckConstraint(_in("status", STATUSES), name="status_known"),
        CheckConstraint("closes_at > opens_at", name="closes_after_opening"),
        CheckConstraint("places > 0", name="places_positive"),
        CheckConstraint("statement_limit BETWEEN 100 AND 20000", name="statement_limit_range"),
        CheckConstraint("reviews_each BETWEEN 1 AND 10", name="reviews_each_range"),
        CheckConstraint("referees BETWEEN 0 AND 5", name="referees_range"),
        Index("ix_calls_status_closes", "status", "closes_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), default="fellowship")
    status: Mapped[str] = mapped_column(String(16), default="draft")
    timezone: Mapped[str] = mapped_column(String(64))
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime())
    places: Mapped[int] = mapped_column(Integer, default=1)
    statement_limit: Mapped[int] = mapped_column(Integer, default=3000)
    # Reviewers see no applicant's name or organisation.
    blind: Mapped[bool] = mapped_column(Boolean, default=False)
    # How many reviewers without conflict each application gets when assigned automatically.
    reviews_each: Mapped[int] = mapped_column(Integer, default=2)
    # How many referees each applicant names (0: none), each asked for a letter.
    referees: Mapped[int] = mapped_column(Integer, default=0)
    # On SQLite, bumped by every submission: the UPDATE that takes the database's write lock
    # before the close is checked (services.common.lock_call).
    submissions_serial: Mapped[int] = mapped_column(Integer, default=0)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    translations: Mapped[list[CallTranslation]] = relationship(
        back_populates="call", cascade="all, delete-orphan", lazy="selectin"
    )
    questions: Mapped[list[CallQuestion]] = relationship(
        cascade="all, delete-orphan",
        order_by="(CallQuestion.position, CallQuestion.id)",
    )
    rules: Mapped[list[CallRule]] = relationship(
        back_populates="call", cascade="all, delete-orphan", lazy="selectin", order_by="CallRule.id"
    )

    def text(self, language: str | None = None) -> Localised[CallTranslation] | None:
        """The texts in the reader's language, or another one (``.fallback`` says so)."""
        return choose(self.translations, language)

    @property
    def is_public(self) -> bool:
        """Whether visitors see the call (anything but a draft)."""
        return self.status != "draft"

    def rule(self, name: str) -> CallRule | None:
        """The call's rule ``name``, or None when it does not apply it."""
        return next((r for r in self.rules if r.rule == name), None)

    def __repr__(self) -> str:
        return f"<Call {self.id} {self.status}>"


class CallTranslation(db.Model):
    """A call's title, summary, description and required documents in one language."""

    __tablename__ = "call_translations"
    __table_args__ = (UniqueConstraint("call_id", "language"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(5))
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(500), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    # What the supporting document must be (a CV, a letter of the host…), for applicants.
    body: Mapped[str] = mapped_column(Text, default="")

    call: Mapped[Call] = relationship(back_populates="translations")


class CallRule(db.Model):
    """One eligibility rule of a call; ``value`` holds the accepted keys, space-separated
    (countries, sectors or career stages), empty for the rules that take none."""

    __tablename__ = "call_rules"
    __table_args__ = (
        UniqueConstraint("call_id", "rule"),
        CheckConstraint(_in("rule", RULES), name="rule_known"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"))
    rule: Mapped[str] = mapped_column(String(16))
    value: Mapped[str] = mapped_column(String(500), default="")

    call: Mapped[Call] = relationship(back_populates="rules")

    @property
    def values(self) -> list[str]:
        """The accepted keys."""
        return self.value.split()


class CallApplication(db.Model):
    """A person's application to a call: their answers, written step by step as a draft,
    then submitted (changes allowed until the close) or withdrawn."""

    __tablename__ = "call_applications"
    __table_args__ = (
        UniqueConstraint("call_id", "user_id"),
        CheckConstraint(_in("state", APPLICATION_STATES), name="state_known"),
        CheckConstraint(
            "career_stage IS NULL OR " + _in("career_stage", CAREER_STAGES),
            name="career_stage_known",
        ),
        CheckConstraint(
            "(state = 'submitted') = (submitted_at IS NOT NULL)", name="submitted_when_submitted"
        ),
        CheckConstraint("decision IS NULL OR " + _in("decision", DECISIONS), name="decision_known"),
        Index("ix_call_applications_call_state", "call_id", "state"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(16), default="draft")
    country: Mapped[str | None] = mapped_column(String(2))
    sector: Mapped[str | None] = mapped_column(String(32))
    career_stage: Mapped[str | None] = mapped_column(String(16))
    previous_award: Mapped[bool | None] = mapped_column(Boolean)
    project_title: Mapped[str] = mapped_column(String(200), default="")
    statement: Mapped[str] = mapped_column(Text, default="")
    start_on: Mapped[date | None] = mapped_column(Date)
    document_file_id: Mapped[int | None] = mapped_column(
        ForeignKey("stored_files.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The panel's decision with its reason, and the place on the waiting list (1 first).
    decision: Mapped[str | None] = mapped_column(String(16))
    decision_reason: Mapped[str] = mapped_column(String(1000), default="")
    waitlist_position: Mapped[int | None] = mapped_column(Integer)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    call: Mapped[Call] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    document: Mapped[StoredFile | None] = relationship(foreign_keys=[document_file_id])
    # The answers to the call's own questions (loaded when asked for).
    answers: Mapped[list[CallAnswer]] = relationship(cascade="all, delete-orphan")
    # Loaded when asked for: the pages that list applications never show referees.
    referees: Mapped[list[CallReferee]] = relationship(
        cascade="all, delete-orphan", order_by="CallReferee.id"
    )


# Cached pages made from these tables (learning/platform/cache.py).
cache.watch("calls", Call, CallTranslation, CallRule, CallCriterion, CallCriterionTranslation)
# A person's applications renew their own kept pages.
cache.watch_people(CallApplication)
cache.watch_people(CallReviewer)
cache.watch_people(CallReview, column="reviewer_id")
cache.watch_people(CallPlacement)
cache.watch_people(CallMilestone, CallPlacementOutput, column="placement_id", owners=CallPlacement)
cache.watch_people(CallReferee, column="application_id", owners=CallApplication)
