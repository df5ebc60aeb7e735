"""What completion adds to the pages of the features below it: the lesson page's mark button,
quiz and attendance; the workshop page's progress, certificate and survey; template helpers for
completion's own templates (which render inside those pages' requests)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_login import current_user

from learning.completion.messages import CERTIFICATE_LANGUAGE_LABELS
from learning.completion.models import ATTENDANCE, QUESTION_KINDS, QUIZ_ROLES
from learning.completion.services.attendance import attendance_marks
from learning.completion.services.certify import certificates_of
from learning.completion.services.common import recording_enrolment
from learning.completion.services.engine import statuses
from learning.completion.services.marks import completed_lesson_ids, lesson_completion
from learning.completion.services.progress import (
    latest_active_enrolment,
    module_progress,
    progress_for,
    progress_of,
)
from learning.completion.services.quizzes import attempts, attempts_left, questions, settings_for
from learning.completion.services.survey import survey_response
from learning.language.content import languages
from learning.language.i18n import current_language
from learning.platform.extensions import db
from learning.platform.slots import Panel
from learning.web.forms import ActionForm
from learning.workshops.models import Lesson, Workshop
from learning.workshops.services.permissions import can_edit


def _lesson_hook(workshop: Workshop, lesson: Lesson) -> dict[str, Any]:
    """What the lesson page shows about completion: the mark button, the quiz, attendance."""
    enrolment = recording_enrolment(current_user, workshop)
    context: dict[str, Any] = {
        "enrolment": enrolment,
        "preview": can_edit(current_user, workshop),
        "form": ActionForm(),
        "done": lesson_completion(enrolment, lesson) if enrolment else None,
    }
    if lesson.kind == "quiz":
        made = attempts(enrolment, lesson) if enrolment else []
        context.update(
            questions=questions(lesson),
            settings=settings_for(lesson),
            attempts=made,
            best=max((a.score for a in made), default=None),
            left=attempts_left(lesson, len(made)),
        )
    if lesson.kind == "live" and enrolment is not None:
        marks = attendance_marks(enrolment.edition, lesson)
        context["attendance"] = marks.get(enrolment.id)
    return context


def _workshop_hook(workshop: Workshop, modules: list[Any]) -> dict[str, Any]:
    """What the workshop page shows: progress, where to continue, certificate, survey."""
    enrolment = recording_enrolment(current_user, workshop)
    context: dict[str, Any] = {"enrolment": enrolment}
    context["certificates"] = certificates_of(current_user, workshop)
    if enrolment is None:
        return context
    current = statuses(workshop, [enrolment], lessons=[
        lesson for module in modules for lesson in module.lessons
    ])[enrolment.id]  # fmt: skip
    progress = progress_of(
        workshop, [lesson for module in modules for lesson in module.lessons], current
    )
    context.update(
        status=current,
        progress=progress,
        modules_progress=module_progress(modules, current),
        survey_open=bool(current.completion) and survey_response(enrolment) is None,
    )
    return context


@dataclass
class QuizText:
    """One text of a question or choice in the reader's language, or a fallback."""

    value: str
    language: str
    fallback: bool


def quiz_text(texts: dict[str, Any], key: str | None) -> QuizText:
    """Pick a quiz text (``texts[lang][key]``, or ``texts[lang]`` for choices) for the reader."""
    wanted = current_language()
    for language in [wanted, *languages(), *texts]:
        entry = texts.get(language)
        value = entry.get(key, "") if isinstance(entry, dict) and key else entry
        if value:
            return QuizText(str(value), language, language != wanted)
    return QuizText("", wanted, False)


def lesson_context(workshop: Workshop, lesson: Lesson) -> dict[str, Any]:
    """The lesson panel's context."""
    return {"workshop": workshop, "lesson": lesson, "c": _lesson_hook(workshop, lesson)}


def workshop_context(workshop: Workshop, modules: list[Any] | None) -> dict[str, Any]:
    """The workshop panel's context."""
    modules = modules or []
    return {"workshop": workshop, "modules": modules, "c": _workshop_hook(workshop, modules)}


def completed_in(workshop: Workshop) -> set[int]:
    """The lessons of ``workshop`` the reader has completed (LESSON_TICKS)."""
    enrolment = recording_enrolment(current_user, workshop)
    return completed_lesson_ids(enrolment) if enrolment is not None else set()


def home_context() -> dict[str, Any]:
    """The home page's "continue where you left off": the reader's active enrolment they
    worked in last, its progress and the lesson to open next."""
    enrolment = latest_active_enrolment(current_user.id)
    if enrolment is None:
        return {}
    progress = progress_for([enrolment])[enrolment.id]
    following = progress.continue_lesson_id
    return {
        "enrolment": enrolment,
        "workshop": enrolment.edition.workshop,
        "progress": progress,
        "lesson": db.session.get(Lesson, following) if following is not None else None,
    }


LESSON_PANEL = Panel("completion", "completion/_lesson.html", lesson_context)
WORKSHOP_PANEL = Panel("completion", "completion/_workshop.html", workshop_context)
HOME_PANEL = Panel("completion", "completion/_home.html", home_context)


def template_helpers() -> dict[str, Any]:
    """For completion's templates, wherever they render."""
    return {
        "quiz_text": quiz_text,
        "ATTENDANCE": ATTENDANCE,
        "QUESTION_KINDS": QUESTION_KINDS,
        "QUIZ_ROLES": QUIZ_ROLES,
        "CERTIFICATE_LANGUAGES": CERTIFICATE_LANGUAGE_LABELS,
    }
