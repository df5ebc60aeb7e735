"""Events: the custom questions organisers ask when people register (text, choice, yes/no,
consent), with their labels and options per language, and each person's answers.

Part of the events' models: learning/events/models.py imports this module; import the models
from there. A choice's answer is the option's number (0 first), the same in every language; a
yes/no or consent answer is "yes" or "no"; a text answer is the text. An answer also points at
its person, so the personal-data export finds it and account deletion can remove it.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Integer, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning.language.questions import KIND_NAMES, QuestionColumns, QuestionWording
from learning.platform import cache
from learning.platform.extensions import db

QUESTION_KINDS = {kind: KIND_NAMES[kind] for kind in ("text", "choice", "yesno", "consent")}
MAX_ANSWER = 2000


class EventQuestion(QuestionColumns, db.Model):
    """A question of an event's registration form, in the order given."""

    __tablename__ = "event_questions"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('text', 'choice', 'yesno', 'consent')", name="question_kind_known"
        ),
        CheckConstraint(
            f"max_length IS NULL OR (max_length > 0 AND max_length <= {MAX_ANSWER})",
            name="max_length_range",
        ),
    )
    longest = MAX_ANSWER

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)

    translations: Mapped[list[EventQuestionTranslation]] = relationship(
        back_populates="question", cascade="all, delete-orphan", lazy="selectin"
    )


class EventQuestionTranslation(QuestionWording, db.Model):
    """A question's label and (for a choice) its options, one a line, in one language."""

    __tablename__ = "event_question_translations"
    __table_args__ = (UniqueConstraint("question_id", "language"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("event_questions.id", ondelete="CASCADE"))

    question: Mapped[EventQuestion] = relationship(back_populates="translations")


class EventAnswer(db.Model):
    """One person's answer to one question, kept with their registration."""

    __tablename__ = "event_answers"
    __table_args__ = (UniqueConstraint("registration_id", "question_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("event_registrations.id", ondelete="CASCADE")
    )
    question_id: Mapped[int] = mapped_column(
        ForeignKey("event_questions.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    value: Mapped[str] = mapped_column(Text, default="")


# The questions are part of the event's pages; the answers are the person's own records.
cache.watch("events", EventQuestion, EventQuestionTranslation)
cache.watch_people(EventAnswer)
