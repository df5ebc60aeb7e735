"""Completion plugged into the app: its pages, its panels on workshop and lesson pages, the
authors' way to quizzes, attendance and reports, the ticks in a lesson's outline, where to
continue on the home page, and progress and certificates on My learning."""

from __future__ import annotations

from flask import Flask, url_for
from flask_babel import gettext as _

from learning.completion import jobs, panels
from learning.completion.blueprint import bp
from learning.completion.routes import (  # noqa: F401 - each adds its views to bp
    attendance,
    certificates,
    marks,
    overview,
    quizzes,
    report,
    survey,
)
from learning.completion.services.certify import certificates_for
from learning.completion.services.progress import progress_for
from learning.platform.slots import (
    HOME_PANELS,
    JOB_KINDS,
    LESSON_LINKS,
    LESSON_PANELS,
    LESSON_TICKS,
    MY_LEARNING_CERTIFICATES,
    MY_LEARNING_PROGRESS,
    WORKSHOP_EDITOR_LINKS,
    WORKSHOP_PANELS,
)
from learning.workshops.models import Lesson, Workshop


def overview_link(workshop: Workshop) -> tuple[str, str]:
    """The authors' button to the workshop's quizzes, attendance sheets and reports."""
    return _("Quizzes, attendance and completion report"), url_for(
        "completion.manage", slug=workshop.slug
    )


def questions_link(workshop: Workshop, lesson: Lesson) -> tuple[str, str]:
    """Where the authors write a quiz lesson's questions."""
    return _("Questions"), url_for("completion.quiz_edit", slug=workshop.slug, lesson_id=lesson.id)


def init_app(app: Flask) -> None:
    """Register the pages and fill the slots of workshops and enrolment."""
    app.register_blueprint(bp)
    app.context_processor(panels.template_helpers)
    LESSON_PANELS.fill(app, panels.LESSON_PANEL)
    LESSON_TICKS.fill(app, panels.completed_in)
    HOME_PANELS.fill(app, panels.HOME_PANEL)
    WORKSHOP_PANELS.fill(app, panels.WORKSHOP_PANEL)
    WORKSHOP_EDITOR_LINKS.fill(app, overview_link)
    LESSON_LINKS.fill(app, questions_link, key="quiz")
    MY_LEARNING_PROGRESS.fill(app, progress_for)
    MY_LEARNING_CERTIFICATES.fill(app, certificates_for)
    for name, kind in jobs.KINDS.items():
        JOB_KINDS.fill(app, kind, key=name)
