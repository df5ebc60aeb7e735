"""Quizzes: their settings (pass mark, attempts, pre/post-test role), their questions, and
judging and keeping the participants' attempts."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from learning.completion.models import (
    QUESTION_KINDS,
    AcceptedAnswer,
    QuizAttempt,
    QuizChoice,
    QuizQuestion,
    QuizSettings,
)
from learning.completion.services.common import (
    CompletionError,
    complete_lesson,
    insert_ignoring_duplicates,
)
from learning.completion.services.engine import evaluate
from learning.language.text import normalise
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.workshops.models import Enrolment, Lesson


def settings_for(lesson: Lesson) -> QuizSettings:
    """The quiz's settings (defaults, not yet saved, when the trainer has not set them)."""
    found = db.session.get(QuizSettings, lesson.id)
    if found is None:
        found = QuizSettings(
            lesson_id=lesson.id,
            workshop_id=lesson.module.workshop_id,
            pass_mark=70,
            max_attempts=None,
            role=None,
            reveal="after_pass",
        )
    return found


REVEALS = ("never", "after_pass", "always")


def shows_answers(settings: QuizSettings, *, passed: bool) -> bool:
    """Whether a participant's results show the right answers."""
    return settings.reveal == "always" or (settings.reveal == "after_pass" and passed)


def save_settings(
    lesson: Lesson,
    *,
    pass_mark: int,
    max_attempts: int | None,
    role: str | None,
    reveal: str = "after_pass",
) -> QuizSettings:
    """Set a quiz's pass mark, attempt limit, role and when its answers are shown.

    Raises CompletionError: not_quiz, bad_pass_mark, bad_attempts, bad_role, role_taken,
    bad_reveal.
    """
    if lesson.kind != "quiz":
        raise CompletionError("not_quiz")
    if not 0 <= pass_mark <= 100:
        raise CompletionError("bad_pass_mark")
    if max_attempts is not None and not 1 <= max_attempts <= 100:
        raise CompletionError("bad_attempts")
    if role not in (None, "pre", "post"):
        raise CompletionError("bad_role")
    if reveal not in REVEALS:
        raise CompletionError("bad_reveal")
    workshop_id = lesson.module.workshop_id
    if role is not None:
        other = db.session.scalar(
            select(QuizSettings).where(
                QuizSettings.workshop_id == workshop_id,
                QuizSettings.role == role,
                QuizSettings.lesson_id != lesson.id,
            )
        )
        if other is not None:
            raise CompletionError("role_taken")
    row = db.session.get(QuizSettings, lesson.id)
    if row is None:
        row = QuizSettings(lesson_id=lesson.id, workshop_id=workshop_id)
        db.session.add(row)
    row.pass_mark, row.max_attempts, row.role = pass_mark, max_attempts, role
    row.reveal = reveal
    db.session.flush()
    return row


def questions(lesson: Lesson) -> list[QuizQuestion]:
    """The questions of a quiz lesson with their choices and accepted answers."""
    return list(
        db.session.scalars(
            select(QuizQuestion)
            .where(QuizQuestion.lesson_id == lesson.id)
            .options(selectinload(QuizQuestion.choices), selectinload(QuizQuestion.accepted))
            .order_by(QuizQuestion.position, QuizQuestion.id)
        )
    )


TRUE_FALSE = {"es": ("Verdadero", "Falso"), "en": ("True", "False")}


@dataclass
class QuestionData:
    """A question as the trainer writes it: prompts per language, choices, accepted answers."""

    kind: str
    prompts: dict[str, str]
    feedback: dict[str, str] = field(default_factory=dict)
    # (labels per language, correct) for single and multiple choice.
    choices: list[tuple[dict[str, str], bool]] = field(default_factory=list)
    true_answer: bool = True
    accepted: list[str] = field(default_factory=list)


def add_question(lesson: Lesson, data: QuestionData) -> QuizQuestion:
    """Append a question to a quiz.

    Raises CompletionError: not_quiz, bad_question_kind, prompt_missing, choices_missing,
    correct_missing, single_one_correct, accepted_missing.
    """
    if lesson.kind != "quiz":
        raise CompletionError("not_quiz")
    if data.kind not in QUESTION_KINDS:
        raise CompletionError("bad_question_kind")
    prompts = {k: v.strip() for k, v in data.prompts.items() if v and v.strip()}
    if not prompts:
        raise CompletionError("prompt_missing")
    texts = {
        language: {"prompt": prompt, "feedback": (data.feedback.get(language) or "").strip()}
        for language, prompt in prompts.items()
    }
    position = (
        db.session.scalar(
            select(func.max(QuizQuestion.position)).where(QuizQuestion.lesson_id == lesson.id)
        )
        or 0
    ) + 1
    question = QuizQuestion(lesson_id=lesson.id, kind=data.kind, position=position, texts=texts)
    if data.kind in ("single", "multiple"):
        choices = [(labels, correct) for labels, correct in data.choices if any(labels.values())]
        if len(choices) < 2:
            raise CompletionError("choices_missing")
        correct = sum(1 for _labels, ok in choices if ok)
        if correct == 0:
            raise CompletionError("correct_missing")
        if data.kind == "single" and correct != 1:
            raise CompletionError("single_one_correct")
        for index, (labels, ok) in enumerate(choices):
            question.choices.append(QuizChoice(position=index, texts=labels, correct=ok))
    elif data.kind == "truefalse":
        for index, truth in enumerate((True, False)):
            labels = {language: pair[index] for language, pair in TRUE_FALSE.items()}
            question.choices.append(
                QuizChoice(position=index, texts=labels, correct=truth == data.true_answer)
            )
    else:
        accepted = [a.strip()[:200] for a in data.accepted if a and a.strip()]
        if not accepted:
            raise CompletionError("accepted_missing")
        question.accepted = [AcceptedAnswer(text=a) for a in dict.fromkeys(accepted)]
    db.session.add(question)
    db.session.flush()
    return question


def delete_question(question: QuizQuestion) -> None:
    """Remove a question (attempts already made keep their answers and scores)."""
    db.session.delete(question)
    db.session.flush()


def attempts(enrolment: Enrolment, lesson: Lesson) -> list[QuizAttempt]:
    """Every attempt of this enrolment at this quiz, first first."""
    return list(
        db.session.scalars(
            select(QuizAttempt)
            .where(QuizAttempt.enrolment_id == enrolment.id, QuizAttempt.lesson_id == lesson.id)
            .order_by(QuizAttempt.number)
        )
    )


@dataclass
class Judged:
    """One question's verdict, for the feedback after submitting."""

    question: QuizQuestion
    given: list[str]
    correct: bool


def judge(qs: list[QuizQuestion], answers: dict[str, list[str]]) -> list[Judged]:
    """Judge ``answers`` (``q<id>`` -> values) against exactly these questions.

    Raises CompletionError("foreign_question") for an answer to a question not in ``qs``,
    ("bad_choice") for a choice that is not one of its question's.
    """
    by_key = {f"q{q.id}": q for q in qs}
    for key in answers:
        if key not in by_key:
            raise CompletionError("foreign_question")
    verdicts = []
    for key, question in by_key.items():
        given = [value.strip() for value in answers.get(key, []) if value.strip()]
        if question.kind == "short":
            accepted = {normalise(a.text) for a in question.accepted}
            answer = normalise(given[0]) if given else ""
            verdicts.append(Judged(question, given[:1], bool(answer) and answer in accepted))
            continue
        known = {str(c.id): c for c in question.choices}
        if any(value not in known for value in given):
            raise CompletionError("bad_choice")
        if question.kind != "multiple" and len(given) > 1:
            raise CompletionError("bad_choice")
        right = {str(c.id) for c in question.choices if c.correct}
        verdicts.append(Judged(question, given, bool(given) and set(given) == right))
    return verdicts


def submit_attempt(
    enrolment: Enrolment, lesson: Lesson, answers: dict[str, list[str]]
) -> tuple[QuizAttempt, list[Judged]]:
    """Judge and keep an attempt; passing completes the lesson (a pre-test: submitting it).

    Raises CompletionError: not_quiz, no_questions, foreign_question, bad_choice,
    no_attempts_left.
    """
    if lesson.kind != "quiz":
        raise CompletionError("not_quiz")
    qs = questions(lesson)
    if not qs:
        raise CompletionError("no_questions")
    verdicts = judge(qs, answers)
    settings = settings_for(lesson)
    count = (
        db.session.scalar(
            select(func.count(QuizAttempt.id)).where(
                QuizAttempt.enrolment_id == enrolment.id, QuizAttempt.lesson_id == lesson.id
            )
        )
        or 0
    )
    if settings.max_attempts is not None and count >= settings.max_attempts:
        raise CompletionError("no_attempts_left")
    score = round(100 * sum(v.correct for v in verdicts) / len(verdicts))
    passed = score >= settings.pass_mark
    inserted = insert_ignoring_duplicates(
        QuizAttempt,
        ("enrolment_id", "lesson_id", "number"),
        {
            "enrolment_id": enrolment.id,
            "lesson_id": lesson.id,
            "number": count + 1,
            "score": score,
            "passed": passed,
            "submitted_at": utcnow(),
            "answers": {f"q{v.question.id}": v.given for v in verdicts},
        },
    )
    if not inserted:  # another submission took this number at the same moment
        raise CompletionError("no_attempts_left")
    attempt = db.session.scalar(
        select(QuizAttempt).where(
            QuizAttempt.enrolment_id == enrolment.id,
            QuizAttempt.lesson_id == lesson.id,
            QuizAttempt.number == count + 1,
        )
    )
    if passed or settings.role == "pre":
        complete_lesson(enrolment, lesson, "quiz")
    evaluate(enrolment)
    return attempt, verdicts  # type: ignore[return-value]


def attempts_left(lesson: Lesson, made: int) -> int | None:
    """How many attempts remain (None: no limit)."""
    limit = settings_for(lesson).max_attempts
    return None if limit is None else max(0, limit - made)
