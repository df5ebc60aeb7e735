"""A call's own application form: staff write its questions (text with a length limit,
choice, yes/no, date, file with its types and size) in each language while the call is a draft
or open; applicants answer them as a draft, step by step, and the checklist names each required
question still unanswered. What is shared with the events' registration questions is in
learning/language/questions.py."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import delete, func, select
from sqlalchemy.orm import selectinload

from learning.calls.models import (
    CALL_QUESTION_KINDS,
    Call,
    CallAnswer,
    CallApplication,
    CallQuestion,
    CallQuestionTranslation,
)
from learning.calls.question_models import FILE_TYPES, MAX_FILE_MB, MAX_TEXT
from learning.calls.services.common import CallError
from learning.language import questions as forms
from learning.language.questions import QuestionData
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.storage.models import StoredFile

# While a call takes no application yet or still takes them, its form may change.
EDITABLE = ("draft", "open")


@dataclass
class CallQuestionData(QuestionData):
    """A call question: the shared parts, and for a file its types and size."""

    file_types: list[str] = field(default_factory=list)
    max_megabytes: int | None = None


def questions_of(call: Call) -> list[CallQuestion]:
    """The call's questions in order (with their wordings: two queries)."""
    return list(
        db.session.scalars(
            select(CallQuestion)
            .where(CallQuestion.call_id == call.id)
            .order_by(CallQuestion.position, CallQuestion.id)
        )
    )


def save_question(
    call: Call, question: CallQuestion | None, data: CallQuestionData
) -> CallQuestion:
    """Add a question at the end of the call's form, or change one. Raises CallError:
    form_locked, bad_question_kind, question_label_missing, question_too_long,
    question_options, question_limit, bad_file_types, bad_megabytes, too_many_questions."""
    if call.status not in EDITABLE:
        raise CallError("form_locked")
    given = forms.check_question(data, CALL_QUESTION_KINDS, longest=MAX_TEXT, error=CallError)
    types: list[str] = []
    if data.kind == "file":
        types = [t for t in FILE_TYPES if t in set(data.file_types)]
        if not types or len(types) != len(set(data.file_types)):
            raise CallError("bad_file_types")
        if data.max_megabytes is not None and not 1 <= data.max_megabytes <= MAX_FILE_MB:
            raise CallError("bad_megabytes", limit=MAX_FILE_MB)
    if question is None:
        position = forms.next_position(CallQuestion, CallQuestion.call_id, call.id, error=CallError)
        question = CallQuestion(call_id=call.id, position=position)
        db.session.add(question)
    elif question.kind != data.kind:
        # Answers given to another kind of question would no longer mean anything.
        _delete_answers(CallAnswer.question_id == question.id)
    forms.write_question(question, data, given, CallQuestionTranslation)
    question.file_types = " ".join(types)
    question.max_megabytes = data.max_megabytes if data.kind == "file" else None
    db.session.flush()
    return question


def delete_question(call: Call, question: CallQuestion) -> None:
    """Remove a question and every answer to it (files included). Raises CallError:
    form_locked."""
    if call.status not in EDITABLE:
        raise CallError("form_locked")
    _delete_answers(CallAnswer.question_id == question.id)
    db.session.delete(question)
    db.session.flush()


def _delete_answers(condition: object) -> None:
    """Remove answers and the rows of their files (``flask storage gc`` removes the objects)."""
    file_ids = list(
        db.session.scalars(
            select(CallAnswer.file_id).where(condition, CallAnswer.file_id.is_not(None))
        )
    )
    db.session.execute(delete(CallAnswer).where(condition))
    if file_ids:
        db.session.execute(delete(StoredFile).where(StoredFile.id.in_(file_ids)))


def answers_of(application: CallApplication) -> dict[int, CallAnswer]:
    """The application's answers by question id, with their files (two queries at most)."""
    return {
        answer.question_id: answer
        for answer in db.session.scalars(
            select(CallAnswer)
            .where(CallAnswer.application_id == application.id)
            .options(selectinload(CallAnswer.file))
        )
    }


def check_draft(asked: list[CallQuestion], raw: Mapping[str, str]) -> dict[int, str]:
    """The answers to keep from what the form sent (question id as text -> value), checked
    before anything is stored; required ones may wait (the checklist asks for them). Raises
    CallError: answer_too_long, bad_choice, bad_date."""
    return forms.check_answers(asked, raw, error=CallError, drafting=True)


def check_file(question: CallQuestion, file: StoredFile) -> None:
    """Raises CallError("file_too_large") when the file is over the question's size."""
    if (file.size or 0) > question.megabytes * 1024 * 1024:
        raise CallError("file_too_large", label=forms.label_of(question), limit=question.megabytes)


def save_draft(
    application: CallApplication,
    values: dict[int, str],
    files: Mapping[int, StoredFile] | None = None,
) -> None:
    """Keep the answers ``check_draft`` gave (an empty one removes its row) and the files
    answering file questions (question id -> file; a replaced file's row goes, ``flask storage
    gc`` removes its object). The caller checked that the application may change."""
    found = answers_of(application)

    def answer(question_id: int) -> CallAnswer:
        if question_id not in found:
            found[question_id] = CallAnswer(
                application_id=application.id,
                question_id=question_id,
                user_id=application.user_id,
            )
            db.session.add(found[question_id])
        return found[question_id]

    for question_id, value in values.items():
        if value:
            answer(question_id).value = value
        elif question_id in found:
            db.session.delete(found.pop(question_id))
    for question_id, file in (files or {}).items():
        row = answer(question_id)
        old, row.file, row.value = row.file, file, file.original_name or ""
        if old is not None and old is not file:
            db.session.delete(old)
    application.updated_at = utcnow()
    db.session.flush()


def to_read(application: CallApplication) -> tuple[list[CallQuestion], dict[int, CallAnswer]]:
    """The call's questions and the application's answers, for a page that shows them (no
    query for the answers when the call asks nothing)."""
    asked = questions_of(application.call)
    return asked, answers_of(application) if asked else {}


def unanswered(
    application: CallApplication,
    read: tuple[list[CallQuestion], dict[int, CallAnswer]] | None = None,
) -> list[CallQuestion]:
    """The required questions of the call still without an answer, in order; ``read``: what
    ``to_read`` gave, when the caller has it already."""
    asked, given = read or to_read(application)
    return [
        q
        for q in asked
        if q.required
        and not (q.id in given and (given[q.id].value or given[q.id].file_id is not None))
    ]


def forget_answers(user_id: int) -> None:
    """A person deletes their account: their answers go, with their files."""
    _delete_answers(CallAnswer.user_id == user_id)


def answer_counts(call: Call) -> dict[int, int]:
    """How many applicants answered each of the call's questions."""
    rows = db.session.execute(
        select(CallAnswer.question_id, func.count(CallAnswer.id))
        .join(CallQuestion, CallQuestion.id == CallAnswer.question_id)
        .where(CallQuestion.call_id == call.id)
        .group_by(CallAnswer.question_id)
    )
    return dict(rows.all())
