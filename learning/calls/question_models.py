"""Calls: the application form each call defines — staff's own questions (text with a length
limit, choice, yes/no, date, file with its types and size), worded in each language — and each
applicant's answers to them.

Part of the calls' models: learning/calls/models.py imports this module; import the models from
there. The shared parts (columns, checks, how an answer reads) are in
learning/language/questions.py, as for the events' registration questions. A file answer keeps
its stored file; every answer points at its person, so the personal-data export finds it and
account deletion removes it.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning.language.questions import KIND_NAMES, QuestionColumns, QuestionWording
from learning.platform import cache
from learning.platform.extensions import db
from learning.storage.models import StoredFile

CALL_QUESTION_KINDS = {k: KIND_NAMES[k] for k in ("text", "choice", "yesno", "date", "file")}
# A text answer may be an essay: up to the longest statement a call allows.
MAX_TEXT = 20000
# The file types a file question may accept (its editor picks among them), and its size cap.
FILE_TYPES = {
    "pdf": "PDF",
    "odt": "OpenDocument (.odt)",
    "docx": "Word (.docx)",
    "ods": "OpenDocument (.ods)",
    "xlsx": "Excel (.xlsx)",
    "jpg": "JPEG",
    "png": "PNG",
}
MAX_FILE_MB = 10


class CallQuestion(QuestionColumns, db.Model):
    """A question of a call's application form, in the order given."""

    __tablename__ = "call_questions"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('text', 'choice', 'yesno', 'date', 'file')", name="question_kind_known"
        ),
        CheckConstraint(
            f"max_length IS NULL OR (max_length > 0 AND max_length <= {MAX_TEXT})",
            name="max_length_range",
        ),
        CheckConstraint(
            f"max_megabytes IS NULL OR (max_megabytes > 0 AND max_megabytes <= {MAX_FILE_MB})",
            name="max_megabytes_range",
        ),
    )
    longest = MAX_TEXT

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), index=True)
    # File questions: the accepted types (keys of FILE_TYPES, space-separated) and size.
    file_types: Mapped[str] = mapped_column(String(100), default="")
    max_megabytes: Mapped[int | None] = mapped_column(Integer)

    translations: Mapped[list[CallQuestionTranslation]] = relationship(
        back_populates="question", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def types(self) -> list[str]:
        """The file types accepted, in the order of FILE_TYPES."""
        chosen = set(self.file_types.split())
        return [key for key in FILE_TYPES if key in chosen] or ["pdf"]

    @property
    def megabytes(self) -> int:
        """The largest file accepted, in MB."""
        return self.max_megabytes or MAX_FILE_MB


class CallQuestionTranslation(QuestionWording, db.Model):
    """A question's label and (for a choice) its options, one a line, in one language."""

    __tablename__ = "call_question_translations"
    __table_args__ = (UniqueConstraint("question_id", "language"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("call_questions.id", ondelete="CASCADE"))

    question: Mapped[CallQuestion] = relationship(back_populates="translations")


class CallAnswer(db.Model):
    """One applicant's answer to one question of the call's form: a value, or a file."""

    __tablename__ = "call_answers"
    __table_args__ = (UniqueConstraint("application_id", "question_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("call_applications.id", ondelete="CASCADE")
    )
    question_id: Mapped[int] = mapped_column(
        ForeignKey("call_questions.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    value: Mapped[str] = mapped_column(Text, default="")
    file_id: Mapped[int | None] = mapped_column(
        ForeignKey("stored_files.id", ondelete="SET NULL"), index=True
    )

    file: Mapped[StoredFile | None] = relationship()


# The questions are part of the call's pages; the answers are the applicant's own records.
cache.watch("calls", CallQuestion, CallQuestionTranslation)
cache.watch_people(CallAnswer)
