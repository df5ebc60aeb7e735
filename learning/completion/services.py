"""Completion operations: lesson marks, quizzes, attendance, the completion rule and engine,
progress, reports, certificates and the survey.

Functions add and flush; the route commits. Refusals raise CompletionError with a ``code`` the
web layer words for people. ``evaluate`` is called after every event that may complete a
workshop; it never takes a completion away.
"""

from __future__ import annotations

import re
import secrets
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import selectinload

from learning.accounts.models import User
from learning.audit import services as audit
from learning.completion.models import (
    ATTENDANCE,
    ATTENDED,
    CERTIFICATE_LANGUAGES,
    QUESTION_KINDS,
    AcceptedAnswer,
    Attendance,
    Certificate,
    Completion,
    CompletionRule,
    LessonCompletion,
    QuizAttempt,
    QuizChoice,
    QuizQuestion,
    QuizSettings,
    SurveyResponse,
)
from learning.enrolment.models import EditionSession
from learning.enrolment.services.mylearning import Progress
from learning.language.text import normalise
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.workshops.models import (
    Edition,
    Enrolment,
    Lesson,
    LessonTranslation,
    Module,
    Workshop,
)
from learning.workshops.services.curriculum import load_curriculum
from learning.workshops.services.permissions import can_edit

ACCESS_STATES = ("active", "completed")
MARKABLE_KINDS = ("text", "video", "reading")
CODE = re.compile(r"[A-Za-z0-9_-]{22}")
COMMENT_MAX = 2000


class CompletionError(Exception):
    """A rule refused the operation; ``code`` names which."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


# Who follows a workshop ---------------------------------------------------------------------


def participant_enrolment(user: Any, workshop: Workshop) -> Enrolment | None:
    """The active or completed enrolment of ``user`` in the workshop's most recent edition."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(
        select(Enrolment)
        .join(Edition, Enrolment.edition_id == Edition.id)
        .where(
            Edition.workshop_id == workshop.id,
            Enrolment.user_id == user.id,
            Enrolment.state.in_(ACCESS_STATES),
        )
        .options(selectinload(Enrolment.edition))
        .order_by(Edition.starts_on.desc(), Enrolment.id.desc())
        .limit(1)
    )


def recording_enrolment(user: Any, workshop: Workshop) -> Enrolment | None:
    """The enrolment whose progress ``user``'s actions record: None for the workshop's trainers
    and admins (they preview) and for people not enrolled."""
    if can_edit(user, workshop):
        return None
    return participant_enrolment(user, workshop)


def workshop_of(lesson: Lesson) -> Workshop:
    """The workshop a lesson belongs to."""
    return lesson.module.workshop


def curriculum_lessons(workshop: Workshop) -> list[Lesson]:
    """Every lesson of the workshop in curriculum order (two queries)."""
    return [lesson for module in load_curriculum(workshop) for lesson in module.lessons]


# Session dates -------------------------------------------------------------------------------


def session_starts(
    edition_ids: Iterable[int], lessons: Iterable[Lesson]
) -> dict[tuple[int, int], datetime | None]:
    """When each live lesson starts in each edition (one query): the edition's own date when
    the enrolment feature gives one, else the lesson's start time."""
    live = [lesson for lesson in lessons if lesson.kind == "live"]
    editions = list(dict.fromkeys(edition_ids))
    starts = {(e, lesson.id): lesson.starts_at for e in editions for lesson in live}
    if live and editions:
        rows = db.session.execute(
            select(
                EditionSession.edition_id, EditionSession.lesson_id, EditionSession.starts_at
            ).where(
                EditionSession.edition_id.in_(editions),
                EditionSession.lesson_id.in_([lesson.id for lesson in live]),
            )
        )
        for edition_id, lesson_id, start in rows:
            if start is not None:
                starts[(edition_id, lesson_id)] = start
    return starts


def session_start(edition: Edition, lesson: Lesson) -> datetime | None:
    """When ``lesson`` (live) takes place in ``edition``."""
    return session_starts([edition.id], [lesson]).get((edition.id, lesson.id))


# Idempotent inserts ----------------------------------------------------------------------------


def _insert_ignoring_duplicates(model: Any, keys: Sequence[str], values: dict[str, Any]) -> bool:
    """Insert a row unless one with the same ``keys`` exists; True when this call inserted it.

    ON CONFLICT DO NOTHING: two concurrent requests never raise, exactly one row results.
    """
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(model).values(**values).on_conflict_do_nothing(index_elements=list(keys))
    # Whose records these are: that person's kept pages are renewed (learning/platform/cache.py).
    result = db.session.execute(statement.execution_options(owner=values["enrolment_id"]))
    return bool(result.rowcount)


def _complete_lesson(enrolment: Enrolment, lesson: Lesson, source: str) -> bool:
    return _insert_ignoring_duplicates(
        LessonCompletion,
        ("enrolment_id", "lesson_id"),
        {
            "enrolment_id": enrolment.id,
            "lesson_id": lesson.id,
            "source": source,
            "completed_at": utcnow(),
        },
    )


# Marking lessons ---------------------------------------------------------------------------


def completed_lesson_ids(enrolment: Enrolment) -> set[int]:
    """The lessons this enrolment has completed."""
    return set(
        db.session.scalars(
            select(LessonCompletion.lesson_id).where(LessonCompletion.enrolment_id == enrolment.id)
        )
    )


def lesson_completion(enrolment: Enrolment, lesson: Lesson) -> LessonCompletion | None:
    """The completion of ``lesson`` by ``enrolment``, if any."""
    return db.session.scalar(
        select(LessonCompletion).where(
            LessonCompletion.enrolment_id == enrolment.id,
            LessonCompletion.lesson_id == lesson.id,
        )
    )


def mark_complete(enrolment: Enrolment, lesson: Lesson) -> bool:
    """Mark a text, video or reading lesson as done (again is harmless); evaluates the workshop.

    Returns whether the workshop is completed. Raises CompletionError("not_markable") for
    quizzes and live sessions.
    """
    if lesson.kind not in MARKABLE_KINDS:
        raise CompletionError("not_markable")
    _complete_lesson(enrolment, lesson, "manual")
    return evaluate(enrolment)


def undo_complete(enrolment: Enrolment, lesson: Lesson) -> None:
    """Take back a manual mark. A workshop completion already granted stays.

    Raises CompletionError("not_markable") for quizzes and live sessions.
    """
    if lesson.kind not in MARKABLE_KINDS:
        raise CompletionError("not_markable")
    _delete_completion(enrolment, lesson, "manual")


def _delete_completion(enrolment: Enrolment, lesson: Lesson, source: str) -> None:
    """Remove a lesson completion that came from ``source``; a single DELETE statement, so
    two concurrent undos are both harmless."""
    db.session.execute(
        delete(LessonCompletion)
        .where(
            LessonCompletion.enrolment_id == enrolment.id,
            LessonCompletion.lesson_id == lesson.id,
            LessonCompletion.source == source,
        )
        .execution_options(synchronize_session="fetch", owner=enrolment.id)
    )


# The completion engine ------------------------------------------------------------------------


@dataclass
class Status:
    """Where one enrolment stands against its workshop's rule, with the reasons."""

    required: list[int]
    done: set[int]
    quiz_average: int | None
    attendance_share: int | None
    min_quiz_average: int | None
    min_attendance_share: int | None
    completion: Completion | None = None

    @property
    def lessons_met(self) -> bool:
        """Every required lesson done."""
        return all(lesson_id in self.done for lesson_id in self.required)

    @property
    def quiz_met(self) -> bool:
        """The quiz average reaches the minimum (or there is no minimum, or no quiz)."""
        if self.min_quiz_average is None or self.quiz_average is None:
            return True
        return self.quiz_average >= self.min_quiz_average

    @property
    def attendance_met(self) -> bool:
        """The attendance share reaches the minimum (or none is set, or nothing was marked)."""
        if self.min_attendance_share is None or self.attendance_share is None:
            return True
        return self.attendance_share >= self.min_attendance_share

    @property
    def met(self) -> bool:
        """The rule is met."""
        return self.lessons_met and self.quiz_met and self.attendance_met

    @property
    def required_done(self) -> int:
        """How many required lessons are done."""
        return sum(1 for lesson_id in self.required if lesson_id in self.done)


@dataclass
class RuleValues:
    """A completion rule's thresholds (percentages; None = not required)."""

    min_quiz_average: int | None = None
    min_attendance_share: int | None = None

    def snapshot(self) -> dict[str, Any]:
        """What a completion records about the rule it met."""
        return {
            "required_lessons": True,
            "min_quiz_average": self.min_quiz_average,
            "min_attendance_share": self.min_attendance_share,
        }


def rule_for(workshop: Workshop) -> CompletionRule | None:
    """The workshop's completion rule row (None: required lessons only)."""
    return db.session.scalar(
        select(CompletionRule).where(CompletionRule.workshop_id == workshop.id)
    )


def _values(rule: CompletionRule | None) -> RuleValues:
    if rule is None:
        return RuleValues()
    return RuleValues(rule.min_quiz_average, rule.min_attendance_share)


def quiz_roles(workshop: Workshop) -> dict[int, QuizSettings]:
    """The quiz settings of the workshop, by lesson id."""
    rows = db.session.scalars(select(QuizSettings).where(QuizSettings.workshop_id == workshop.id))
    return {row.lesson_id: row for row in rows}


@dataclass
class _Facts:
    """What statuses() reads about a set of enrolments, fetched once for all of them."""

    done: dict[int, set[int]]
    best: dict[tuple[int, int], int]
    marks: dict[tuple[int, int], str]
    completions: dict[int, Completion]
    roles: dict[int, QuizSettings]
    starts: dict[tuple[int, int], datetime | None]


def _facts(
    enrolments: Sequence[Enrolment], workshop_ids: Iterable[int], lessons: Iterable[Lesson]
) -> _Facts:
    """Completions, best quiz scores, attendance, workshop completions, quiz roles and session
    dates of ``enrolments`` (in any workshops) in a fixed number of queries."""
    ids = [e.id for e in enrolments]
    done: dict[int, set[int]] = defaultdict(set)
    for enrolment_id, lesson_id in db.session.execute(
        select(LessonCompletion.enrolment_id, LessonCompletion.lesson_id).where(
            LessonCompletion.enrolment_id.in_(ids)
        )
    ):
        done[enrolment_id].add(lesson_id)
    best: dict[tuple[int, int], int] = {
        (e, lesson): score
        for e, lesson, score in db.session.execute(
            select(QuizAttempt.enrolment_id, QuizAttempt.lesson_id, func.max(QuizAttempt.score))
            .where(QuizAttempt.enrolment_id.in_(ids))
            .group_by(QuizAttempt.enrolment_id, QuizAttempt.lesson_id)
        )
    }
    marks: dict[tuple[int, int], str] = {
        (e, lesson): status
        for e, lesson, status in db.session.execute(
            select(Attendance.enrolment_id, Attendance.lesson_id, Attendance.status).where(
                Attendance.enrolment_id.in_(ids)
            )
        )
    }
    completions = {
        c.enrolment_id: c
        for c in db.session.scalars(select(Completion).where(Completion.enrolment_id.in_(ids)))
    }
    roles = {
        row.lesson_id: row
        for row in db.session.scalars(
            select(QuizSettings).where(QuizSettings.workshop_id.in_(set(workshop_ids)))
        )
    }
    live = [lesson for lesson in lessons if lesson.kind == "live"]
    starts = session_starts([e.edition_id for e in enrolments], live)
    return _Facts(done, best, marks, completions, roles, starts)


def statuses(
    workshop: Workshop,
    enrolments: Sequence[Enrolment],
    *,
    values: RuleValues | None = None,
    lessons: list[Lesson] | None = None,
    facts: _Facts | None = None,
) -> dict[int, Status]:
    """Where each enrolment stands (a fixed number of queries whatever their number)."""
    if lessons is None:
        lessons = curriculum_lessons(workshop)
    if values is None:
        values = _values(rule_for(workshop))
    if not enrolments:
        return {}
    if facts is None:
        facts = _facts(enrolments, [workshop.id], lessons)
    return _statuses(enrolments, values, lessons, facts)


def _statuses(
    enrolments: Sequence[Enrolment], values: RuleValues, lessons: Sequence[Any], facts: _Facts
) -> dict[int, Status]:
    """``statuses`` once everything is loaded; ``lessons`` need ``id``, ``kind`` and
    ``required`` only (lessons or rows)."""
    done, best, marks = facts.done, facts.best, facts.marks
    completions, roles, starts = facts.completions, facts.roles, facts.starts
    # The pre-test measures what people knew before: it does not count towards the average.
    counted_quizzes = [
        lesson
        for lesson in lessons
        if lesson.kind == "quiz" and getattr(roles.get(lesson.id), "role", None) != "pre"
    ]
    live = [lesson for lesson in lessons if lesson.kind == "live"]
    result = {}
    for enrolment in enrolments:
        before_enrolment = set()
        attended = marked = 0
        for lesson in live:
            start = starts.get((enrolment.edition_id, lesson.id))
            mark = marks.get((enrolment.id, lesson.id))
            if start is not None and start < enrolment.created_at and mark is None:
                before_enrolment.add(lesson.id)  # held before they enrolled: not theirs to miss
                continue
            if mark == "excused":
                before_enrolment.add(lesson.id)
                continue
            if mark is not None:
                marked += 1
                attended += mark in ATTENDED
        required = [
            lesson.id for lesson in lessons if lesson.required and lesson.id not in before_enrolment
        ]
        quiz_average = None
        if counted_quizzes:
            scores = [best.get((enrolment.id, lesson.id), 0) for lesson in counted_quizzes]
            quiz_average = round(sum(scores) / len(scores))
        result[enrolment.id] = Status(
            required=required,
            done=done[enrolment.id],
            quiz_average=quiz_average,
            attendance_share=round(100 * attended / marked) if marked else None,
            min_quiz_average=values.min_quiz_average,
            min_attendance_share=values.min_attendance_share,
            completion=completions.get(enrolment.id),
        )
    return result


def status(enrolment: Enrolment) -> Status:
    """Where one enrolment stands."""
    workshop = enrolment.edition.workshop
    return statuses(workshop, [enrolment])[enrolment.id]


def _grant(enrolment: Enrolment, values: RuleValues) -> None:
    _insert_ignoring_duplicates(
        Completion,
        ("enrolment_id",),
        {"enrolment_id": enrolment.id, "completed_at": utcnow(), "rule": values.snapshot()},
    )
    enrolment.state = "completed"
    issue_certificate(enrolment)
    db.session.flush()


def evaluate(enrolment: Enrolment, *, current: Status | None = None) -> bool:
    """Grant the workshop's completion (and its certificate) when the rule is met; True when
    the enrolment is completed. Never takes a completion away; idempotent."""
    if enrolment.state not in ACCESS_STATES:
        return False
    workshop = enrolment.edition.workshop
    values = _values(rule_for(workshop))
    current = current or statuses(workshop, [enrolment], values=values)[enrolment.id]
    if current.completion is not None:
        if enrolment.state != "completed":
            enrolment.state = "completed"
            db.session.flush()
        return True
    if not current.met:
        return False
    _grant(enrolment, values)
    return True


def workshop_enrolments(workshop: Workshop, *, edition: Edition | None = None) -> list[Enrolment]:
    """Active and completed enrolments of the workshop (or one edition), people loaded."""
    query = (
        select(Enrolment)
        .join(Edition, Enrolment.edition_id == Edition.id)
        .where(Edition.workshop_id == workshop.id, Enrolment.state.in_(ACCESS_STATES))
        .options(selectinload(Enrolment.user), selectinload(Enrolment.edition))
        .order_by(Enrolment.id)
    )
    if edition is not None:
        query = query.where(Enrolment.edition_id == edition.id)
    return list(db.session.scalars(query))


def evaluate_all(workshop: Workshop) -> int:
    """Evaluate every enrolment of the workshop; returns how many were newly completed."""
    enrolments = workshop_enrolments(workshop)
    values = _values(rule_for(workshop))
    found = statuses(workshop, enrolments, values=values)
    granted = 0
    for enrolment in enrolments:
        current = found[enrolment.id]
        if current.completion is None and current.met:
            _grant(enrolment, values)
            granted += 1
    return granted


# The completion rule -------------------------------------------------------------------------


def check_rule(min_quiz_average: int | None, min_attendance_share: int | None) -> RuleValues:
    """Raises CompletionError("bad_threshold") unless both are None or 0..100."""
    for value in (min_quiz_average, min_attendance_share):
        if value is not None and not 0 <= value <= 100:
            raise CompletionError("bad_threshold")
    return RuleValues(min_quiz_average, min_attendance_share)


def would_lose(workshop: Workshop, values: RuleValues) -> list[Enrolment]:
    """People already completed who would not meet ``values`` (they keep their completion)."""
    enrolments = workshop_enrolments(workshop)
    found = statuses(workshop, enrolments, values=values)
    return [e for e in enrolments if found[e.id].completion is not None and not found[e.id].met]


def save_rule(workshop: Workshop, values: RuleValues, *, by: User) -> int:
    """Set the workshop's rule and evaluate everyone; returns how many were newly completed.

    Raises CompletionError("bad_threshold").
    """
    check_rule(values.min_quiz_average, values.min_attendance_share)
    rule = rule_for(workshop)
    if rule is None:
        rule = CompletionRule(workshop_id=workshop.id)
        db.session.add(rule)
    rule.min_quiz_average = values.min_quiz_average
    rule.min_attendance_share = values.min_attendance_share
    rule.updated_at = utcnow()
    rule.updated_by_id = by.id
    db.session.flush()
    return evaluate_all(workshop)


# Quizzes ----------------------------------------------------------------------------------------


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
        )
    return found


def save_settings(
    lesson: Lesson, *, pass_mark: int, max_attempts: int | None, role: str | None
) -> QuizSettings:
    """Set a quiz's pass mark, attempt limit and role.

    Raises CompletionError: not_quiz, bad_pass_mark, bad_attempts, bad_role, role_taken.
    """
    if lesson.kind != "quiz":
        raise CompletionError("not_quiz")
    if not 0 <= pass_mark <= 100:
        raise CompletionError("bad_pass_mark")
    if max_attempts is not None and not 1 <= max_attempts <= 100:
        raise CompletionError("bad_attempts")
    if role not in (None, "pre", "post"):
        raise CompletionError("bad_role")
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
    inserted = _insert_ignoring_duplicates(
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
        _complete_lesson(enrolment, lesson, "quiz")
    evaluate(enrolment)
    return attempt, verdicts  # type: ignore[return-value]


def attempts_left(lesson: Lesson, made: int) -> int | None:
    """How many attempts remain (None: no limit)."""
    limit = settings_for(lesson).max_attempts
    return None if limit is None else max(0, limit - made)


# Attendance -----------------------------------------------------------------------------------


def roster(edition: Edition, lesson: Lesson) -> list[Enrolment]:
    """Who the session is for: active or completed enrolments that existed when it started."""
    start = session_start(edition, lesson)
    people = [e for e in workshop_enrolments(edition.workshop, edition=edition)]
    if start is not None:
        people = [e for e in people if e.created_at <= start]
    return sorted(people, key=lambda e: (e.user.name.casefold(), e.id))


def attendance_marks(edition: Edition, lesson: Lesson) -> dict[int, Attendance]:
    """The marks of one session, by enrolment id."""
    rows = db.session.scalars(
        select(Attendance).where(
            Attendance.edition_id == edition.id, Attendance.lesson_id == lesson.id
        )
    )
    return {row.enrolment_id: row for row in rows}


def mark_attendance(edition: Edition, lesson: Lesson, marks: dict[int, str], *, by: User) -> int:
    """Record present/late/absent/excused for people of the roster; returns how many changed.

    Present or late completes the session lesson; absent or excused takes back a completion
    that came from attendance (a corrected mark). Raises CompletionError: not_live,
    other_edition, not_enrolled, bad_status. Nothing is written when one mark is wrong.
    """
    if lesson.kind != "live":
        raise CompletionError("not_live")
    if lesson.module.workshop_id != edition.workshop_id:
        raise CompletionError("other_edition")
    people = {e.id: e for e in roster(edition, lesson)}
    for enrolment_id, value in marks.items():
        if enrolment_id not in people:
            raise CompletionError("not_enrolled")
        if value not in ATTENDANCE:
            raise CompletionError("bad_status")
    existing = attendance_marks(edition, lesson)
    changed = 0
    now = utcnow()
    for enrolment_id, value in marks.items():
        row = existing.get(enrolment_id)
        if row is not None and row.status == value:
            continue
        if row is None:
            row = Attendance(
                edition_id=edition.id,
                lesson_id=lesson.id,
                enrolment_id=enrolment_id,
                status=value,
                marked_by_id=by.id,
                marked_at=now,
            )
            db.session.add(row)
        row.status, row.marked_by_id, row.marked_at = value, by.id, now
        changed += 1
        enrolment = people[enrolment_id]
        db.session.flush()
        if value in ATTENDED:
            _complete_lesson(enrolment, lesson, "attendance")
        else:
            _delete_completion(enrolment, lesson, "attendance")
        evaluate(enrolment)
    return changed


# Progress ----------------------------------------------------------------------------------------


def _progress_url(slug: str, lesson_id: int | None) -> str | None:
    if lesson_id is None:
        return None
    from flask import url_for

    return url_for("workshops.lesson", slug=slug, lesson_id=lesson_id)


def progress_for(enrolments: Sequence[Enrolment]) -> dict[int, Progress]:
    """Progress of each enrolment (any workshops) in a fixed number of queries."""
    if not enrolments:
        return {}
    # Columns, not objects: progress needs the workshops' slugs and the lessons' ids, kinds
    # and order only.
    editions = {
        edition_id: (workshop_id, slug)
        for edition_id, workshop_id, slug in db.session.execute(
            select(Edition.id, Edition.workshop_id, Workshop.slug)
            .join(Workshop, Edition.workshop_id == Workshop.id)
            .where(Edition.id.in_({en.edition_id for en in enrolments}))
        )
    }
    workshop_ids = {workshop_id for workshop_id, _slug in editions.values()}
    lessons_by_workshop: dict[int, list[Any]] = defaultdict(list)
    for row in db.session.execute(
        select(Lesson.id, Lesson.kind, Lesson.required, Lesson.starts_at, Module.workshop_id)
        .join(Module, Lesson.module_id == Module.id)
        .where(Module.workshop_id.in_(workshop_ids))
        .order_by(Module.workshop_id, Module.position, Module.id, Lesson.position, Lesson.id)
    ):
        lessons_by_workshop[row.workshop_id].append(row)
    result: dict[int, Progress] = {}
    by_workshop: dict[int, list[Enrolment]] = defaultdict(list)
    for enrolment in enrolments:
        by_workshop[editions[enrolment.edition_id][0]].append(enrolment)
    facts = _facts(
        enrolments,
        by_workshop,
        [lesson for group in lessons_by_workshop.values() for lesson in group],
    )
    for workshop_id, group in by_workshop.items():
        slug = editions[group[0].edition_id][1]
        lessons = lessons_by_workshop[workshop_id]
        found = _statuses(group, RuleValues(), lessons, facts)
        for enrolment in group:
            result[enrolment.id] = _progress(slug, lessons, found[enrolment.id])
    return result


def progress_of(workshop: Workshop, lessons: list[Lesson], current: Status) -> Progress:
    """Progress from a Status already computed (lessons in curriculum order)."""
    return _progress(workshop.slug, lessons, current)


def _progress(slug: str, lessons: Sequence[Any], current: Status) -> Progress:
    total = len(current.required)
    done = current.required_done
    percent = 100 if total == 0 else (100 * done) // total
    required = set(current.required)
    following = next(
        (lesson for lesson in lessons if lesson.id in required and lesson.id not in current.done),
        None,
    ) or next((lesson for lesson in lessons if lesson.id not in current.done), None)
    return Progress(done, total, percent, _progress_url(slug, following.id if following else None))


@dataclass
class ModuleProgress:
    """Required lessons done in one module."""

    done: int
    total: int

    @property
    def percent(self) -> int:
        """Whole percent, 100 only when everything is done."""
        return 100 if self.total == 0 else (100 * self.done) // self.total


def module_progress(modules: Sequence[Module], current: Status) -> dict[int, ModuleProgress]:
    """Progress per module, from a Status already computed."""
    required = set(current.required)
    out = {}
    for module in modules:
        mine = [lesson.id for lesson in module.lessons if lesson.id in required]
        out[module.id] = ModuleProgress(sum(1 for i in mine if i in current.done), len(mine))
    return out


# The completion report -----------------------------------------------------------------------


@dataclass
class ReportRow:
    """One participant of the report."""

    enrolment_id: int
    name: str
    email: str
    status: Status
    percent: int


@dataclass
class Report:
    """An edition's completion report: the funnel, survey and knowledge gain of everyone, the
    rows of one page (or of everyone)."""

    lessons: list[Lesson]
    rows: list[ReportRow]
    total: int
    funnel: list[tuple[str, int]]
    survey: SurveySummary
    knowledge: tuple[int | None, int | None, int]


def edition_report(edition: Edition, *, page: int | None = None, per_page: int = 50) -> Report:
    """Participants × lessons, the funnel, survey results and knowledge gain for an edition.

    Participants are sorted by name; ``page`` (from 1) keeps the rows of that page only, and
    only those rows are worked out. The funnel counts everyone, in SQL where it can.
    """
    workshop = edition.workshop
    lessons = _report_lessons(workshop)
    # Columns, not objects: everyone is needed for the order and the counts.
    people = db.session.execute(
        select(Enrolment.id, Enrolment.edition_id, Enrolment.created_at, User.name, User.email)
        .join(User, Enrolment.user_id == User.id)
        .join(Edition, Enrolment.edition_id == Edition.id)
        .where(
            Edition.workshop_id == workshop.id,
            Enrolment.edition_id == edition.id,
            Enrolment.state.in_(ACCESS_STATES),
        )
    ).all()
    people.sort(key=lambda p: (p.name.casefold(), p.id))
    shown = people if page is None else people[(page - 1) * per_page : page * per_page]
    values = _values(rule_for(workshop))
    found = (
        _statuses(shown, values, lessons, _facts(shown, [workshop.id], lessons)) if shown else {}
    )
    rows = []
    for person in shown:
        current = found[person.id]
        total = len(current.required)
        percent = 100 if total == 0 else (100 * current.required_done) // total
        rows.append(ReportRow(person.id, person.name, person.email, current, percent))
    return Report(
        lessons,
        rows,
        len(people),
        _funnel(edition, lessons, people),
        survey_summary(edition=edition),
        knowledge_gain(workshop, [p.id for p in people]),
    )


def _report_lessons(workshop: Workshop) -> list[Lesson]:
    """The workshop's lessons in curriculum order with their titles (not their bodies, modules
    or materials): two queries."""
    return list(
        db.session.scalars(
            select(Lesson)
            .join(Module, Lesson.module_id == Module.id)
            .where(Module.workshop_id == workshop.id)
            .options(
                selectinload(Lesson.translations).load_only(
                    LessonTranslation.language, LessonTranslation.title
                )
            )
            .order_by(Module.position, Module.id, Lesson.position, Lesson.id)
        )
    )


def _funnel(
    edition: Edition, lessons: list[Lesson], people: Sequence[Any]
) -> list[tuple[str, int]]:
    """Enrolled, started (a lesson done), halfway (half the required lessons done, or
    completed) and completed, for everyone in ``people`` (active and completed enrolments of
    ``edition``)."""
    in_scope = (Enrolment.edition_id == edition.id) & Enrolment.state.in_(ACCESS_STATES)
    started = db.session.scalar(
        select(func.count(func.distinct(LessonCompletion.enrolment_id)))
        .join(Enrolment, LessonCompletion.enrolment_id == Enrolment.id)
        .where(in_scope)
    )
    completed = db.session.scalar(
        select(func.count(Completion.id))
        .join(Enrolment, Completion.enrolment_id == Enrolment.id)
        .where(in_scope)
    )
    required = [lesson.id for lesson in lessons if lesson.required]
    if any(lesson.required and lesson.kind == "live" for lesson in lessons):
        # Which live sessions count differs per person (held before they enrolled, excused):
        # work each status out.
        found = statuses(edition.workshop, people, values=RuleValues(), lessons=lessons)
        halfway = 0
        for current in found.values():
            total = len(current.required)
            if current.completion is not None or total == 0:
                halfway += 1
            elif (100 * current.required_done) // total >= 50:
                halfway += 1
    elif not required:
        halfway = len(people)
    else:
        done = (
            select(func.count(LessonCompletion.id))
            .where(
                LessonCompletion.enrolment_id == Enrolment.id,
                LessonCompletion.lesson_id.in_(required),
            )
            .scalar_subquery()
        )
        has_completion = (
            select(Completion.id).where(Completion.enrolment_id == Enrolment.id).exists()
        )
        # (100 * done) // total >= 50, in whole numbers: 2 * done >= total.
        halfway = db.session.scalar(
            select(func.count(Enrolment.id)).where(
                in_scope, has_completion | (2 * done >= len(required))
            )
        )
    return [
        ("enrolled", len(people)),
        ("started", started or 0),
        ("halfway", halfway or 0),
        ("completed", completed or 0),
    ]


def knowledge_gain(
    workshop: Workshop, enrolment_ids: list[int]
) -> tuple[int | None, int | None, int]:
    """(average pre-test score, average post-test score, people who took both): the first
    pre-test attempt against the best post-test attempt."""
    roles = {s.role: s.lesson_id for s in quiz_roles(workshop).values() if s.role}
    if "pre" not in roles or "post" not in roles or not enrolment_ids:
        return None, None, 0
    pre = {
        e: score
        for e, score, number in db.session.execute(
            select(QuizAttempt.enrolment_id, QuizAttempt.score, QuizAttempt.number).where(
                QuizAttempt.lesson_id == roles["pre"],
                QuizAttempt.enrolment_id.in_(enrolment_ids),
                QuizAttempt.number == 1,
            )
        )
    }
    post = dict(
        db.session.execute(
            select(QuizAttempt.enrolment_id, func.max(QuizAttempt.score))
            .where(
                QuizAttempt.lesson_id == roles["post"],
                QuizAttempt.enrolment_id.in_(enrolment_ids),
            )
            .group_by(QuizAttempt.enrolment_id)
        ).all()
    )
    both = [e for e in pre if e in post]
    if not both:
        return None, None, 0
    return (
        round(sum(pre[e] for e in both) / len(both)),
        round(sum(post[e] for e in both) / len(both)),
        len(both),
    )


# Certificates --------------------------------------------------------------------------------


def new_code() -> str:
    """An unguessable public code (128 random bits, 22 URL-safe characters)."""
    return secrets.token_urlsafe(16)


def issue_certificate(enrolment: Enrolment) -> None:
    """Issue the enrolment's certificate once, in the participant's language."""
    language = getattr(enrolment.user, "preferred_language", "es")
    _insert_ignoring_duplicates(
        Certificate,
        ("enrolment_id",),
        {
            "enrolment_id": enrolment.id,
            "code": new_code(),
            "issued_at": utcnow(),
            "language": language if language in CERTIFICATE_LANGUAGES else "es",
        },
    )


def certificate_for(enrolment: Enrolment) -> Certificate | None:
    """The enrolment's certificate, if one was issued."""
    return db.session.scalar(select(Certificate).where(Certificate.enrolment_id == enrolment.id))


def certificates_of(user: Any, workshop: Workshop) -> list[Certificate]:
    """The certificates ``user`` holds for ``workshop`` (any edition), newest first."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    return list(
        db.session.scalars(
            select(Certificate)
            .join(Enrolment, Certificate.enrolment_id == Enrolment.id)
            .join(Edition, Enrolment.edition_id == Edition.id)
            .where(Enrolment.user_id == user.id, Edition.workshop_id == workshop.id)
            .options(selectinload(Certificate.enrolment).selectinload(Enrolment.edition))
            .order_by(Certificate.issued_at.desc())
        )
    )


def certificates_for(enrolments: Sequence[Enrolment]) -> dict[int, Certificate]:
    """Certificates by enrolment id, in one query (for "My learning")."""
    ids = [e.id for e in enrolments]
    if not ids:
        return {}
    rows = db.session.scalars(select(Certificate).where(Certificate.enrolment_id.in_(ids)))
    return {row.enrolment_id: row for row in rows}


def find_certificate(code: str) -> Certificate | None:
    """The certificate with ``code``; a malformed code is not looked up at all."""
    if not CODE.fullmatch(code or ""):
        return None
    return db.session.scalar(
        select(Certificate)
        .where(Certificate.code == code)
        .options(
            selectinload(Certificate.enrolment)
            .selectinload(Enrolment.edition)
            .selectinload(Edition.workshop)
            .selectinload(Workshop.trainers),
            selectinload(Certificate.enrolment).selectinload(Enrolment.user),
        )
    )


def revoke(certificate: Certificate, *, by: User, reason: str) -> None:
    """Revoke a certificate, keeping who, when and why.

    Raises CompletionError: reason_missing, already_revoked.
    """
    reason = (reason or "").strip()
    if not reason:
        raise CompletionError("reason_missing")
    if certificate.revoked_at is not None:
        raise CompletionError("already_revoked")
    by_id = by.id
    with db.session.no_autoflush:
        certificate.revoked_reason = reason[:2000]
        certificate.revoked_by_id = by_id
        certificate.revoked_at = utcnow()
    db.session.flush()
    audit.record(
        "certificate.revoked", target_type="certificate", target_id=certificate.id, actor_id=by_id
    )


def set_certificate_language(certificate: Certificate, language: str) -> None:
    """Choose the certificate's language (or both). Raises CompletionError("bad_language")."""
    if language not in CERTIFICATE_LANGUAGES:
        raise CompletionError("bad_language")
    certificate.language = language
    db.session.flush()


# The satisfaction survey ------------------------------------------------------------------------


def survey_response(enrolment: Enrolment) -> SurveyResponse | None:
    """The enrolment's survey answer, if given."""
    return db.session.scalar(
        select(SurveyResponse).where(SurveyResponse.enrolment_id == enrolment.id)
    )


def submit_survey(enrolment: Enrolment, rating: int | None, comment: str) -> SurveyResponse:
    """Keep the survey answer, once, after completion.

    Raises CompletionError: not_completed, already_answered, bad_rating, comment_too_long.
    """
    if (
        db.session.scalar(select(Completion.id).where(Completion.enrolment_id == enrolment.id))
        is None
    ):
        raise CompletionError("not_completed")
    if survey_response(enrolment) is not None:
        raise CompletionError("already_answered")
    if rating is None or not 1 <= rating <= 5:
        raise CompletionError("bad_rating")
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise CompletionError("comment_too_long")
    inserted = _insert_ignoring_duplicates(
        SurveyResponse,
        ("enrolment_id",),
        {
            "enrolment_id": enrolment.id,
            "rating": rating,
            "comment": comment,
            "submitted_at": utcnow(),
        },
    )
    if not inserted:
        raise CompletionError("already_answered")
    return survey_response(enrolment)  # type: ignore[return-value]


@dataclass
class SurveySummary:
    """Survey results: how many answered, the average rating, answers per rating."""

    count: int
    average: float | None
    ratings: dict[int, int]


def survey_summary(
    workshop: Workshop | None = None, edition: Edition | None = None
) -> SurveySummary:
    """Survey results for programme reporting: everything, one workshop or one edition."""
    query = (
        select(SurveyResponse.rating, func.count(SurveyResponse.id))
        .join(Enrolment, SurveyResponse.enrolment_id == Enrolment.id)
        .group_by(SurveyResponse.rating)
    )
    if edition is not None:
        query = query.where(Enrolment.edition_id == edition.id)
    elif workshop is not None:
        query = query.join(Edition, Enrolment.edition_id == Edition.id).where(
            Edition.workshop_id == workshop.id
        )
    ratings = {rating: 0 for rating in range(1, 6)}
    for rating, count in db.session.execute(query):
        ratings[rating] = count
    count = sum(ratings.values())
    average = round(sum(r * n for r, n in ratings.items()) / count, 1) if count else None
    return SurveySummary(count, average, ratings)
