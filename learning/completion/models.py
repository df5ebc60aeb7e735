"""Completion: lesson completions, quizzes and their attempts, attendance at live sessions, the
workshop's completion rule, completions, certificates and the satisfaction survey.

Quiz texts are kept per language in JSON objects keyed by language code ({"es": …, "en": …}), so
a third language is a configuration change, not a schema change.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
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
from learning.platform import cache
from learning.platform.dbtypes import UTCDateTime, utcnow
from learning.platform.extensions import db
from learning.workshops.models import Enrolment, Lesson

SOURCES = ("manual", "quiz", "attendance")
QUESTION_KINDS = {
    "single": _l("Single choice"),
    "multiple": _l("Multiple choice"),
    "truefalse": _l("True or false"),
    "short": _l("Short answer"),
}
QUIZ_ROLES = {"pre": _l("Pre-test"), "post": _l("Post-test")}
ATTENDANCE = {
    "present": _l("Present"),
    "late": _l("Late"),
    "absent": _l("Absent"),
    "excused": _l("Excused"),
}
ATTENDED = ("present", "late")
CERTIFICATE_LANGUAGES = ("es", "en", "bilingual")


def _in(column: str, values: Any) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class LessonCompletion(db.Model):
    """A lesson done by an enrolment: marked, passed (quiz) or attended (live)."""

    __tablename__ = "lesson_completions"
    __table_args__ = (
        UniqueConstraint("enrolment_id", "lesson_id"),
        CheckConstraint(_in("source", SOURCES), name="source_known"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolments.id", ondelete="CASCADE"))
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id", ondelete="CASCADE"), index=True)
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    source: Mapped[str] = mapped_column(String(16))


class QuizSettings(db.Model):
    """A quiz lesson's pass mark, attempt limit, role (pre-test, post-test or none) and when its
    right answers are shown.

    ``workshop_id`` repeats the lesson's workshop so the database holds at most one pre-test
    and one post-test per workshop (NULL roles do not collide).
    """

    __tablename__ = "quiz_settings"
    __table_args__ = (
        UniqueConstraint("workshop_id", "role"),
        CheckConstraint("pass_mark >= 0 AND pass_mark <= 100", name="pass_mark_range"),
        CheckConstraint("max_attempts IS NULL OR max_attempts >= 1", name="attempts_positive"),
        CheckConstraint("role IS NULL OR role IN ('pre', 'post')", name="role_known"),
        CheckConstraint("reveal IN ('never', 'after_pass', 'always')", name="reveal_known"),
    )

    lesson_id: Mapped[int] = mapped_column(
        ForeignKey("lessons.id", ondelete="CASCADE"), primary_key=True
    )
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshops.id", ondelete="CASCADE"), index=True
    )
    pass_mark: Mapped[int] = mapped_column(Integer, default=70)
    max_attempts: Mapped[int | None] = mapped_column(Integer)
    role: Mapped[str | None] = mapped_column(String(8))
    # When participants see the right answers on their results: never, once they pass, always.
    reveal: Mapped[str] = mapped_column(
        String(16), default="after_pass", server_default="after_pass"
    )

    lesson: Mapped[Lesson] = relationship()


class QuizQuestion(db.Model):
    """One question of a quiz lesson; ``texts`` maps a language to its prompt and feedback."""

    __tablename__ = "quiz_questions"
    __table_args__ = (
        CheckConstraint(_in("kind", QUESTION_KINDS), name="kind_known"),
        Index("ix_quiz_questions_lesson_position", "lesson_id", "position"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(16))
    texts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    choices: Mapped[list[QuizChoice]] = relationship(
        back_populates="question", cascade="all, delete-orphan", order_by="QuizChoice.position"
    )
    accepted: Mapped[list[AcceptedAnswer]] = relationship(
        back_populates="question", cascade="all, delete-orphan", order_by="AcceptedAnswer.id"
    )


class QuizChoice(db.Model):
    """One option of a choice question; ``texts`` maps a language to its label."""

    __tablename__ = "quiz_choices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("quiz_questions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    texts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    correct: Mapped[bool] = mapped_column(Boolean, default=False)

    question: Mapped[QuizQuestion] = relationship(back_populates="choices")


class AcceptedAnswer(db.Model):
    """One accepted answer of a short-answer question (compared without case or accents)."""

    __tablename__ = "quiz_accepted_answers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("quiz_questions.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(String(200))

    question: Mapped[QuizQuestion] = relationship(back_populates="accepted")


class QuizAttempt(db.Model):
    """One submitted attempt; every attempt is kept, the best score counts."""

    __tablename__ = "quiz_attempts"
    __table_args__ = (
        # Numbered per person and quiz: two concurrent submissions cannot pass the limit.
        UniqueConstraint("enrolment_id", "lesson_id", "number"),
        CheckConstraint("score >= 0 AND score <= 100", name="score_range"),
        CheckConstraint("number >= 1", name="number_positive"),
        Index("ix_quiz_attempts_lesson", "lesson_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolments.id", ondelete="CASCADE"))
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    score: Mapped[int] = mapped_column(Integer)
    passed: Mapped[bool] = mapped_column(Boolean)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Attendance(db.Model):
    """Whether an enrolment attended one live session of its edition."""

    __tablename__ = "attendance"
    __table_args__ = (
        UniqueConstraint("edition_id", "lesson_id", "enrolment_id"),
        CheckConstraint(_in("status", ATTENDANCE), name="status_known"),
        Index("ix_attendance_enrolment", "enrolment_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"))
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id", ondelete="CASCADE"), index=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolments.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16))
    marked_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    marked_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class CompletionRule(db.Model):
    """What completing a workshop takes beyond its required lessons (set by its trainers)."""

    __tablename__ = "completion_rules"
    __table_args__ = (
        CheckConstraint(
            "min_quiz_average IS NULL OR (min_quiz_average >= 0 AND min_quiz_average <= 100)",
            name="quiz_average_range",
        ),
        CheckConstraint(
            "min_attendance_share IS NULL OR "
            "(min_attendance_share >= 0 AND min_attendance_share <= 100)",
            name="attendance_share_range",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshops.id", ondelete="CASCADE"), unique=True
    )
    min_quiz_average: Mapped[int | None] = mapped_column(Integer)
    min_attendance_share: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )


class Completion(db.Model):
    """A workshop completed by an enrolment, with the rule it met (never taken away)."""

    __tablename__ = "completions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(
        ForeignKey("enrolments.id", ondelete="CASCADE"), unique=True
    )
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    rule: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    enrolment: Mapped[Enrolment] = relationship()


class Certificate(db.Model):
    """The certificate of a completion: an unguessable public code; admins may revoke it."""

    __tablename__ = "certificates"
    __table_args__ = (
        CheckConstraint(_in("language", CERTIFICATE_LANGUAGES), name="language_known"),
        CheckConstraint(
            "revoked_at IS NULL OR revoked_reason IS NOT NULL", name="revocation_has_reason"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(
        ForeignKey("enrolments.id", ondelete="CASCADE"), unique=True
    )
    code: Mapped[str] = mapped_column(String(32), unique=True)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    language: Mapped[str] = mapped_column(String(16), default="es")
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    revoked_reason: Mapped[str | None] = mapped_column(Text)

    enrolment: Mapped[Enrolment] = relationship()
    revoked_by: Mapped[User | None] = relationship()

    @property
    def is_revoked(self) -> bool:
        """Whether an administrator revoked the certificate."""
        return self.revoked_at is not None


class SurveyResponse(db.Model):
    """The satisfaction survey after completion: a rating from 1 to 5 and a comment."""

    __tablename__ = "survey_responses"
    __table_args__ = (CheckConstraint("rating >= 1 AND rating <= 5", name="rating_range"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(
        ForeignKey("enrolments.id", ondelete="CASCADE"), unique=True
    )
    rating: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


# Cached pages made from these tables (learning/platform/cache.py): quizzes and rules are part
# of the workshop pages; a person's records renew their own pages and their edition's.
cache.watch("workshops", QuizSettings, QuizQuestion, QuizChoice, AcceptedAnswer, CompletionRule)
cache.watch_people(
    LessonCompletion, QuizAttempt, Attendance, Completion, Certificate, SurveyResponse,
    column="enrolment_id", owners=Enrolment, group="edition_id",
)  # fmt: skip
