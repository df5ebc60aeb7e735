"""Questions that staff write into a form for people to answer, in every language the
programme uses: an event's registration questions, a call's application questions.

What is the same wherever a form is defined lives here, so each feature keeps only what is its
own (the table its questions belong to, the kinds it offers, the limits it sets):

- ``QuestionColumns`` and ``QuestionWording``: the columns of a question (kind, required, the
  longest text answer, its place in the form) and of its wording in one language (label and,
  for a choice, one option a line), as mixins for the feature's own tables;
- ``check_question`` and ``write_question``: what an editor sent, checked, then written with
  one wording per language given;
- ``check_answers``: what a person sent, checked against each question (a choice's answer is
  the option's number, the same in every language; yes/no and consent are "yes" or "no"; a
  date is ISO 8601; a text its words);
- ``shown``: an answer as a reader sees it, in their language;
- ``question_message``: the words for each refusal above, in the reader's language.

Errors are raised as the feature's own error class (``error``), so its routes catch one type.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, ClassVar

from flask import current_app
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, Integer, String, Text, func, select
from sqlalchemy.orm import Mapped, mapped_column

from learning.language.content import Localised, choose
from learning.platform.dbtypes import UTCDateTime, utcnow
from learning.platform.extensions import db

KIND_NAMES = {
    "text": _l("Text"),
    "choice": _l("Choice among options"),
    "yesno": _l("Yes or no"),
    "consent": _l("Consent"),
    "date": _l("Date"),
    "file": _l("File"),
}
MAX_LABEL = 300
MAX_OPTIONS = 30
MAX_QUESTIONS = 30
YES, NO = "yes", "no"

Raise = Callable[..., Exception]


class QuestionColumns:
    """The columns every form question has; ``longest`` is the feature's cap on text answers
    (``max_length`` narrows it per question). The class needs a ``translations`` relationship
    to its ``QuestionWording`` rows."""

    longest: ClassVar[int] = 2000
    translations: Any

    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(16))
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    # Text questions: the longest answer accepted (``longest`` when not set).
    max_length: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    def text(self, language: str | None = None) -> Localised[Any] | None:
        """The label and options in the reader's language, or another one."""
        return choose(self.translations, language)

    @property
    def limit(self) -> int:
        """The longest text answer accepted."""
        return self.max_length or self.longest


class QuestionWording:
    """A question's label and (for a choice) its options, one a line, in one language."""

    language: Mapped[str] = mapped_column(String(5))
    label: Mapped[str] = mapped_column(String(MAX_LABEL))
    options: Mapped[str] = mapped_column(Text, default="")

    @property
    def option_list(self) -> list[str]:
        """The options in order."""
        return [line for line in self.options.splitlines() if line.strip()]


@dataclass
class QuestionData:
    """What an editor gives for a question: per language, a label and options (one a line)."""

    kind: str = "text"
    required: bool = False
    max_length: int | None = None
    labels: dict[str, str] = field(default_factory=dict)
    options: dict[str, str] = field(default_factory=dict)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def check_question(
    data: QuestionData, kinds: Iterable[str], *, longest: int, error: Raise
) -> dict[str, tuple[str, list[str]]]:
    """The wording per language (label, options) from what the editor sent. Raises ``error``:
    bad_question_kind, question_label_missing, question_too_long, question_options,
    question_limit."""
    if data.kind not in set(kinds):
        raise error("bad_question_kind")
    given = {}
    for language in current_app.config["LANGUAGES"]:
        label = (data.labels.get(language) or "").strip()
        options = _lines(data.options.get(language, "")) if data.kind == "choice" else []
        if not label and not options:
            continue
        if not label:
            raise error("question_label_missing")
        if len(label) > MAX_LABEL or any(len(option) > MAX_LABEL for option in options):
            raise error("question_too_long", limit=MAX_LABEL)
        given[language] = (label, options)
    if not given:
        raise error("question_label_missing")
    if data.kind == "choice":
        counts = {len(options) for _, options in given.values()}
        if len(counts) != 1 or counts.pop() < 2:
            raise error("question_options")
        if any(len(options) > MAX_OPTIONS for _, options in given.values()):
            raise error("question_options")
    if data.max_length is not None and (data.kind != "text" or not 1 <= data.max_length <= longest):
        raise error("question_limit", limit=longest)
    return given


def next_position(model: Any, owner: Any, owner_id: int, *, error: Raise) -> int:
    """Where a new question goes: after the last of its form (``owner`` the column naming the
    form, e.g. ``EventQuestion.event_id``). Raises ``error("too_many_questions")`` when the form
    has MAX_QUESTIONS already."""
    count = db.session.scalar(select(func.count(model.id)).where(owner == owner_id))
    if (count or 0) >= MAX_QUESTIONS:
        raise error("too_many_questions", limit=MAX_QUESTIONS)
    last = db.session.scalar(select(func.max(model.position)).where(owner == owner_id))
    return (last or 0) + 1


def write_question(
    question: Any,
    data: QuestionData,
    given: dict[str, tuple[str, list[str]]],
    wording: Callable[..., Any],
) -> None:
    """Set a question's kind, requirement, limit and wordings (``given`` by check_question);
    ``wording`` makes the feature's wording row for a language."""
    question.kind = data.kind
    question.required = bool(data.required)
    question.max_length = data.max_length if data.kind == "text" else None
    existing = {t.language: t for t in question.translations}
    for language, translation in existing.items():
        if language not in given:
            question.translations.remove(translation)
    for language, (label, options) in given.items():
        translation = existing.get(language)
        if translation is None:
            translation = wording(language=language)
            question.translations.append(translation)
        translation.label, translation.options = label, "\n".join(options)


def label_of(question: Any, language: str | None = None) -> str:
    """The question's label in ``language`` (the reader's by default, or another one)."""
    text = question.text(language)
    return text.label if text else f"#{question.id}"


def options_of(question: Any, language: str | None = None) -> list[str]:
    """A choice's options in ``language`` (or another one)."""
    text = question.text(language)
    return text.option_list if text else []


def _parse_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def check_answer(question: Any, raw: str | None, *, error: Raise, drafting: bool = False) -> str:
    """The answer to keep for one question (not a file: the feature stores those). Raises
    ``error``: answer_too_long, bad_choice, bad_date, answer_required (unless ``drafting``:
    a draft may leave required questions for later)."""
    value = (raw or "").strip()
    if question.kind == "text":
        value = value.replace("\r\n", "\n")
        if len(value) > question.limit:
            raise error("answer_too_long", label=label_of(question), limit=question.limit)
    elif question.kind == "choice":
        # Every language has as many options (check_question), so any wording counts them.
        count = len(question.translations[0].option_list) if question.translations else 0
        if value and not (value.isdigit() and int(value) < count):
            raise error("bad_choice", label=label_of(question))
    elif question.kind == "consent":
        value = YES if value else ""
    elif question.kind == "date":
        if value and (len(value) != 10 or _parse_date(value) is None):
            raise error("bad_date", label=label_of(question))
    elif value not in ("", YES, NO):
        raise error("bad_choice", label=label_of(question))
    if question.required and not value and not drafting:
        raise error("answer_required", label=label_of(question))
    return value


def check_answers(
    questions: Iterable[Any], raw: Mapping[str, str], *, error: Raise, drafting: bool = False
) -> dict[int, str]:
    """The answers to keep, from what the form sent (``raw``: question id as text -> value)."""
    return {
        q.id: check_answer(q, raw.get(str(q.id)), error=error, drafting=drafting)
        for q in questions
        if q.kind != "file"
    }


def shown(question: Any, value: str | None, language: str | None = None) -> str:
    """An answer as people read it, in ``language``: the option's words, yes or no, a date."""
    if not value:
        return ""
    if question.kind == "choice":
        options = options_of(question, language)
        return options[int(value)] if value.isdigit() and int(value) < len(options) else ""
    if question.kind in ("yesno", "consent"):
        return _("yes") if value == YES else _("no")
    if question.kind == "date":
        day = _parse_date(value)
        return format_date(day, "long") if day else ""
    return value


def question_message(code: str, detail: Mapping[str, Any]) -> str | None:
    """The words for a refusal raised above (None for another code), in the reader's language."""
    label = detail.get("label")
    if code == "bad_question_kind":
        return _("Choose a kind of question from the list.")
    if code == "question_label_missing":
        return _(
            "Write the question in at least one language (and a question for each language you "
            "give options in)."
        )
    if code == "question_options":
        return _(
            "A choice needs from 2 to 30 options, one a line, and the same number in each language."
        )
    if code in ("question_too_long", "question_limit"):
        return _("Use at most %(limit)s characters.", limit=detail.get("limit"))
    if code == "too_many_questions":
        return _("A form may ask at most %(limit)s questions.", limit=detail.get("limit"))
    if code == "answer_required":
        return _("Answer the question “%(label)s”.", label=label)
    if code == "answer_too_long":
        return _(
            "Your answer to “%(label)s” is too long: write at most %(limit)s characters.",
            label=label,
            limit=detail.get("limit"),
        )
    if code == "bad_choice":
        return _("For “%(label)s”, choose one of the options offered.", label=label)
    if code == "bad_date":
        return _("For “%(label)s”, enter a date such as 2027-03-31.", label=label)
    return None
