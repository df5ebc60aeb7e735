"""Lessons for the workshop's authors: add one of a kind (a new quiz leads on to its questions),
change, move and delete it."""

from __future__ import annotations

from typing import Any

from flask import current_app, flash, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from learning.language.content import languages
from learning.language.timezones import from_wall_clock, timezone_choices, to_wall_clock
from learning.platform.extensions import db
from learning.platform.slots import LESSON_LINKS
from learning.storage import kept
from learning.storage.routes import accepts_upload, commit_with_files, save_file
from learning.web.views import done, load_or_404, require_action_form
from learning.workshops import access
from learning.workshops.blueprint import bp
from learning.workshops.forms import LessonForm
from learning.workshops.messages import message
from learning.workshops.models import LESSON_KINDS, Lesson, Module, Workshop
from learning.workshops.routes.common import bad_request, discard, url_for
from learning.workshops.services import lessons
from learning.workshops.services.common import WorkshopError
from learning.workshops.services.materials import add_material


def _lesson_form(workshop: Workshop, module: Module, lesson: Lesson | None) -> Any:
    form = LessonForm()
    form.module.choices = [
        (str(m.id), m.text().title if m.text() else str(m.id)) for m in workshop.modules
    ]
    form.timezone.choices = timezone_choices()
    if request.method == "GET":
        form.module.data = str(module.id)
        form.timezone.data = current_app.config["DEFAULT_TIMEZONE"]
        if lesson is not None:
            form.fill_texts(lesson.translations)
            form.estimated_minutes.data = lesson.estimated_minutes
            form.required.data = lesson.required
            form.url.data = lesson.url or ""
            form.timezone.data = lesson.timezone or form.timezone.data
            form.starts_at.data = to_wall_clock(lesson.starts_at, lesson.timezone)
            form.ends_at.data = to_wall_clock(lesson.ends_at, lesson.timezone)
            form.place.data = lesson.place or ""
            form.meeting_url.data = lesson.meeting_url or ""
    return form


def _save_lesson_form(workshop: Workshop, module: Module, lesson: Lesson | None, kind: str) -> Any:
    if kind not in LESSON_KINDS:
        return bad_request(message(WorkshopError("bad_kind")))
    form = _lesson_form(workshop, module, lesson)
    error = None
    status = 200
    if form.validate_on_submit():
        timezone = form.timezone.data or ""
        upload = request.files.get("file") if kind in ("video", "reading") else None
        has_file = kind in ("video", "reading") and kept.chosen("file")
        data = lessons.LessonData(
            kind=kind,
            texts=form.texts(),
            estimated_minutes=form.estimated_minutes.data or 0,
            required=bool(form.required.data),
            url=form.url.data or "",
            starts_at=from_wall_clock(form.starts_at.data, timezone),
            ends_at=from_wall_clock(form.ends_at.data, timezone),
            timezone=timezone,
            place=form.place.data or "",
            meeting_url=form.meeting_url.data or "",
            has_file=has_file,
        )
        target = module
        raw_module = form.module.data or str(module.id)
        file = None
        try:
            if lesson is not None and raw_module != str(module.id):
                found = db.session.get(Module, int(raw_module)) if raw_module.isdigit() else None
                if found is None:
                    raise WorkshopError("bad_module")
                if found.workshop_id != workshop.id:
                    raise WorkshopError("other_workshop")
                target = found
            lessons.check_lesson(module, lesson, data)
        except WorkshopError as exc:
            error = message(exc)
        else:
            if has_file:
                file, error, status = save_file(upload, kind="material", field="file")
            if error is None:
                try:
                    saved = lessons.save_lesson(module, lesson, data)
                    if file is not None:
                        text = saved.text()
                        add_material(
                            workshop,
                            file,
                            title=text.title if text else file.original_name,
                            language=text.language if text else languages()[0],
                            lesson=saved,
                            uploader=current_user,
                        )
                    if target is not module:
                        lessons.move_lesson_to_module(saved, target)
                except WorkshopError as exc:
                    discard(file)
                    error = message(exc)
                else:
                    commit_with_files(*([file] if file else []))
                    flash(_("The lesson has been saved."), "success")
                    return done(_after_saving(workshop, saved, new=lesson is None))
    if error or form.errors:
        status = status if status != 200 else 400
    return render_template(
        "workshops/lesson_form.html",
        form=form,
        workshop=workshop,
        module=module,
        lesson=lesson,
        kind=kind,
        error=error,
    ), status


def _after_saving(workshop: Workshop, lesson: Lesson, *, new: bool) -> str:
    """Where the author goes next: a new lesson of a kind another feature completes (a
    quiz's questions) to that page, else back to the lesson in the curriculum."""
    link = LESSON_LINKS.get(lesson.kind) if new else None
    if link is not None:
        return link(workshop, lesson)[1]
    return url_for("workshops.curriculum", workshop=workshop) + f"#lesson-{lesson.id}"


@bp.route("/<slug>/modules/<int:module_id>/lessons/new", methods=["GET", "POST"])
@accepts_upload("material", keep=True)
def lesson_new(slug: str, module_id: int):
    """The workshop's authors: add a lesson of a kind (``?kind=``) at the end of a module."""
    workshop = access.editable(slug)
    module = load_or_404(Module, module_id, workshop_id=workshop.id)
    return _save_lesson_form(workshop, module, None, request.args.get("kind", "text"))


@bp.route("/<slug>/lessons/<int:lesson_id>/edit", methods=["GET", "POST"])
@accepts_upload("material", keep=True)
def lesson_edit(slug: str, lesson_id: int):
    """The workshop's authors: change a lesson, or move it to another module."""
    workshop = access.editable(slug)
    lesson = access.lesson(workshop, lesson_id)
    return _save_lesson_form(workshop, lesson.module, lesson, lesson.kind)


@bp.route("/<slug>/lessons/<int:lesson_id>/move", methods=["POST"])
def lesson_move(slug: str, lesson_id: int):
    """The workshop's authors: move a lesson up or down within its module."""
    workshop = access.editable(slug)
    lesson = access.lesson(workshop, lesson_id)
    require_action_form()
    try:
        lessons.move_lesson(lesson, request.form.get("direction", ""))
    except WorkshopError as exc:
        return bad_request(message(exc))
    db.session.commit()
    return done(url_for("workshops.curriculum", workshop=workshop) + f"#lesson-{lesson.id}")


@bp.route("/<slug>/lessons/<int:lesson_id>/delete", methods=["POST"])
def lesson_delete(slug: str, lesson_id: int):
    """The workshop's authors: delete a lesson (and the files attached to it)."""
    workshop = access.editable(slug)
    lesson = access.lesson(workshop, lesson_id)
    require_action_form()
    lessons.delete_lesson(lesson)
    db.session.commit()
    flash(_("The lesson has been deleted."), "success")
    return done(url_for("workshops.curriculum", workshop=workshop))
