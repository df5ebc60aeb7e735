"""Custom registration questions: organisers define them per event (labels and options per
language); people answer them when registering and may change their answers later; the server
checks every answer (required, one of the options, length) before anything is written."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, func, select

from learning.events.models import (
    QUESTION_KINDS,
    Event,
    EventAnswer,
    EventQuestion,
    EventQuestionTranslation,
    EventRegistration,
)
from learning.events.questions import MAX_ANSWER
from learning.events.services.common import EventError
from learning.platform.extensions import db

MAX_LABEL = 300
MAX_OPTIONS = 30
MAX_QUESTIONS = 30
YES, NO = "yes", "no"


@dataclass
class QuestionData:
    """What an organiser gives for a question: per language, a label and options (one a line)."""

    kind: str = "text"
    required: bool = False
    max_length: int | None = None
    labels: dict[str, str] = field(default_factory=dict)
    options: dict[str, str] = field(default_factory=dict)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _check(data: QuestionData) -> dict[str, tuple[str, list[str]]]:
    if data.kind not in QUESTION_KINDS:
        raise EventError("bad_question_kind")
    given = {}
    for language in current_app.config["LANGUAGES"]:
        label = (data.labels.get(language) or "").strip()
        options = _lines(data.options.get(language, "")) if data.kind == "choice" else []
        if not label and not options:
            continue
        if not label:
            raise EventError("question_label_missing")
        if len(label) > MAX_LABEL or any(len(option) > MAX_LABEL for option in options):
            raise EventError("question_too_long", limit=MAX_LABEL)
        given[language] = (label, options)
    if not given:
        raise EventError("question_label_missing")
    if data.kind == "choice":
        counts = {len(options) for _, options in given.values()}
        if len(counts) != 1 or counts.pop() < 2:
            raise EventError("question_options")
        if any(len(options) > MAX_OPTIONS for _, options in given.values()):
            raise EventError("question_options")
    if data.max_length is not None and (
        data.kind != "text" or not 1 <= data.max_length <= MAX_ANSWER
    ):
        raise EventError("question_limit", limit=MAX_ANSWER)
    return given


def questions_of(event_id: int) -> list[EventQuestion]:
    """The event's questions in order."""
    return list(
        db.session.scalars(
            select(EventQuestion)
            .where(EventQuestion.event_id == event_id)
            .order_by(EventQuestion.position, EventQuestion.id)
        )
    )


def save_question(
    event: Event, question: EventQuestion | None, data: QuestionData
) -> EventQuestion:
    """Add a question at the end of the event's form, or change one. Raises EventError:
    bad_question_kind, question_label_missing, question_too_long, question_options,
    question_limit, too_many_questions."""
    given = _check(data)
    if question is None:
        count = db.session.scalar(
            select(func.count(EventQuestion.id)).where(EventQuestion.event_id == event.id)
        )
        if (count or 0) >= MAX_QUESTIONS:
            raise EventError("too_many_questions", limit=MAX_QUESTIONS)
        last = db.session.scalar(
            select(func.max(EventQuestion.position)).where(EventQuestion.event_id == event.id)
        )
        question = EventQuestion(event_id=event.id, position=(last or 0) + 1)
        db.session.add(question)
    elif question.kind != data.kind:
        # Answers given to another kind of question would no longer mean anything.
        db.session.execute(delete(EventAnswer).where(EventAnswer.question_id == question.id))
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
            translation = EventQuestionTranslation(language=language)
            question.translations.append(translation)
        translation.label, translation.options = label, "\n".join(options)
    db.session.flush()
    return question


def delete_question(question: EventQuestion) -> None:
    """Remove a question and every answer to it."""
    db.session.delete(question)
    db.session.flush()


def label_of(question: EventQuestion) -> str:
    """The question's label in the reader's language (or another one)."""
    text = question.text()
    return text.label if text else f"#{question.id}"


def _options(question: EventQuestion, language: str | None = None) -> list[str]:
    text = question.text(language)
    return text.option_list if text else []


def check_answers(questions: list[EventQuestion], raw: Mapping[str, str]) -> dict[int, str]:
    """The answers to store, from what the form sent (``raw``: question id as text -> value).

    Raises EventError: answer_required, answer_too_long, bad_choice (naming the question)."""
    values = {}
    for question in questions:
        value = (raw.get(str(question.id)) or "").strip()
        if question.kind == "text":
            if len(value) > question.limit:
                raise EventError("answer_too_long", label=label_of(question), limit=question.limit)
        elif question.kind == "choice":
            if value and not (value.isdigit() and int(value) < len(_options(question))):
                raise EventError("bad_choice", label=label_of(question))
        elif question.kind == "consent":
            value = YES if value else ""
        elif value not in ("", YES, NO):
            raise EventError("bad_choice", label=label_of(question))
        if question.required and not value:
            raise EventError("answer_required", label=label_of(question))
        values[question.id] = value
    return values


def save_answers(registration: EventRegistration, values: dict[int, str]) -> None:
    """Keep the answers checked by ``check_answers`` (an empty answer removes the row)."""
    existing = {
        a.question_id: a
        for a in db.session.scalars(
            select(EventAnswer).where(EventAnswer.registration_id == registration.id)
        )
    }
    for question_id, value in values.items():
        answer = existing.get(question_id)
        if not value:
            if answer is not None:
                db.session.delete(answer)
            continue
        if answer is None:
            answer = EventAnswer(
                registration_id=registration.id,
                question_id=question_id,
                user_id=registration.user_id,
            )
            db.session.add(answer)
        answer.value = value
    db.session.flush()


def answers_of(registration_id: int) -> dict[int, str]:
    """One registration's answers by question id."""
    rows = db.session.execute(
        select(EventAnswer.question_id, EventAnswer.value).where(
            EventAnswer.registration_id == registration_id
        )
    )
    return dict(rows.all())


def answers_for_event(event_id: int) -> dict[int, dict[int, str]]:
    """Every answer to the event's questions: registration id -> question id -> value."""
    found: dict[int, dict[int, str]] = {}
    rows = db.session.execute(
        select(EventAnswer.registration_id, EventAnswer.question_id, EventAnswer.value)
        .join(EventQuestion, EventQuestion.id == EventAnswer.question_id)
        .where(EventQuestion.event_id == event_id)
    )
    for registration_id, question_id, value in rows:
        found.setdefault(registration_id, {})[question_id] = value
    return found


def answer_counts(event_id: int) -> dict[int, int]:
    """How many people answered each of the event's questions."""
    rows = db.session.execute(
        select(EventAnswer.question_id, func.count(EventAnswer.id))
        .join(EventQuestion, EventQuestion.id == EventAnswer.question_id)
        .where(EventQuestion.event_id == event_id)
        .group_by(EventAnswer.question_id)
    )
    return dict(rows.all())


def shown(question: EventQuestion, value: str | None, language: str | None = None) -> str:
    """An answer as people read it, in ``language``: the option's words, yes or no."""
    if not value:
        return ""
    if question.kind == "choice":
        options = _options(question, language)
        return options[int(value)] if value.isdigit() and int(value) < len(options) else ""
    if question.kind in ("yesno", "consent"):
        return _("yes") if value == YES else _("no")
    return value


def forget_answers(user_id: int) -> None:
    """A person deletes their account: their answers go."""
    db.session.execute(
        delete(EventAnswer)
        .where(EventAnswer.user_id == user_id)
        .execution_options(synchronize_session=False, owner=user_id)
    )
