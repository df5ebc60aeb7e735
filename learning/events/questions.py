"""Events: the custom questions organisers ask when people register (text, choice, yes/no,
consent), with their labels and options per language, and each person's answers.

Part of the events' models: learning/events/models.py imports this module; import the models
from there. A choice's answer is the option's number (0 first), the same in every language; a
yes/no or consent answer is "yes" or "no"; a text answer is the text. An answer also points at
its person, so the personal-data export finds it and account deletion can remove it.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning.language.content import Localised, choose
from learning.platform import cache
from learning.platform.dbtypes import UTCDateTime, utcnow
from learning.platform.extensions import db

QUESTION_KINDS = {
    "text": _l("Text"),
    "choice": _l("Choice among options"),
    "yesno": _l("Yes or no"),
    "consent": _l("Consent"),
}
MAX_ANSWER = 2000


class EventQuestion(db.Model):
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

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(16))
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    # Text questions: the longest answer accepted (MAX_ANSWER when not set).
    max_length: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    translations: Mapped[list[EventQuestionTranslation]] = relationship(
        back_populates="question", cascade="all, delete-orphan", lazy="selectin"
    )

    def text(self, language: str | None = None) -> Localised[EventQuestionTranslation] | None:
        """The label and options in the reader's language, or another one."""
        return choose(self.translations, language)

    @property
    def limit(self) -> int:
        """The longest text answer accepted."""
        return self.max_length or MAX_ANSWER


class EventQuestionTranslation(db.Model):
    """A question's label and (for a choice) its options, one a line, in one language."""

    __tablename__ = "event_question_translations"
    __table_args__ = (UniqueConstraint("question_id", "language"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("event_questions.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(5))
    label: Mapped[str] = mapped_column(String(300))
    options: Mapped[str] = mapped_column(Text, default="")

    question: Mapped[EventQuestion] = relationship(back_populates="translations")

    @property
    def option_list(self) -> list[str]:
        """The options in order."""
        return [line for line in self.options.splitlines() if line.strip()]


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
