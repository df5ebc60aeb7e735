"""Custom registration questions: organisers define them per event (labels and options per
language); people answer them when registering and may change their answers later; the server
checks every answer (required, one of the options, length) before anything is written."""

from __future__ import annotations

from collections.abc import Mapping

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
from learning.language import questions as forms
from learning.language.questions import QuestionData, label_of, shown
from learning.platform.extensions import db

__all__ = ["QuestionData", "label_of", "shown"]


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
    given = forms.check_question(data, QUESTION_KINDS, longest=MAX_ANSWER, error=EventError)
    if question is None:
        position = forms.next_position(
            EventQuestion, EventQuestion.event_id, event.id, error=EventError
        )
        question = EventQuestion(event_id=event.id, position=position)
        db.session.add(question)
    elif question.kind != data.kind:
        # Answers given to another kind of question would no longer mean anything.
        db.session.execute(delete(EventAnswer).where(EventAnswer.question_id == question.id))
    forms.write_question(question, data, given, EventQuestionTranslation)
    db.session.flush()
    return question


def delete_question(question: EventQuestion) -> None:
    """Remove a question and every answer to it."""
    db.session.delete(question)
    db.session.flush()


def check_answers(questions: list[EventQuestion], raw: Mapping[str, str]) -> dict[int, str]:
    """The answers to store, from what the form sent (``raw``: question id as text -> value).

    Raises EventError: answer_required, answer_too_long, bad_choice (naming the question)."""
    return forms.check_answers(questions, raw, error=EventError)


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


def forget_answers(user_id: int) -> None:
    """A person deletes their account: their answers go."""
    db.session.execute(
        delete(EventAnswer)
        .where(EventAnswer.user_id == user_id)
        .execution_options(synchronize_session=False, owner=user_id)
    )
