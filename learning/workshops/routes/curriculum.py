"""The curriculum for the workshop's authors: its modules, added, changed, moved, deleted."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, render_template, request
from flask_babel import gettext as _

from learning.platform.extensions import db
from learning.platform.slots import LESSON_LINKS, WORKSHOP_EDITOR_LINKS
from learning.web.forms import ActionForm
from learning.web.views import done, load_or_404, require_action_form
from learning.workshops.access import editable
from learning.workshops.blueprint import bp
from learning.workshops.forms import ModuleForm
from learning.workshops.messages import message
from learning.workshops.models import Lesson, Module, Workshop
from learning.workshops.routes.common import bad_request, url_for
from learning.workshops.services import curriculum as curriculum_services
from learning.workshops.services.common import WorkshopError


@bp.route("/<slug>/curriculum")
def curriculum(slug: str):
    """The workshop's authors: modules and lessons, with buttons to add, edit, move, delete,
    and links to the workshop's editions, quizzes, attendance and reports."""
    workshop = editable(slug)
    return render_template(
        "workshops/curriculum.html",
        workshop=workshop,
        text=workshop.text(),
        modules=curriculum_services.load_curriculum(workshop),
        action_form=ActionForm(),
        # Other features' pages for the authors: editions, quizzes, attendance, reports.
        editor_links=[link(workshop) for link in WORKSHOP_EDITOR_LINKS.fillings()],
        lesson_link=lambda lesson: _lesson_link(workshop, lesson),
    )


def _lesson_link(workshop: Workshop, lesson: Lesson) -> tuple[str, str] | None:
    link = LESSON_LINKS.get(lesson.kind)
    return link(workshop, lesson) if link is not None else None


def _module_form(workshop: Workshop, module: Module | None) -> Any:
    form = ModuleForm()
    form.prerequisite.choices = [("", _("None"))] + [
        (str(m.id), m.text().title if m.text() else str(m.id))
        for m in workshop.modules
        if m is not module
    ]
    if request.method == "GET" and module is not None:
        form.fill_texts(module.translations)
        form.release_on.data = module.release_on
        form.prerequisite.data = str(module.prerequisite_id or "")
    return form


def _save_module_form(workshop: Workshop, module: Module | None) -> Any:
    form = _module_form(workshop, module)
    error = None
    if form.validate_on_submit():
        raw = form.prerequisite.data or ""
        try:
            if raw and not raw.isdigit():
                raise WorkshopError("bad_prerequisite")
            curriculum_services.save_module(
                workshop,
                module,
                curriculum_services.ModuleData(
                    texts=form.texts(),
                    release_on=form.release_on.data,
                    prerequisite_id=int(raw) if raw else None,
                ),
            )
        except WorkshopError as exc:
            error = message(exc)
        else:
            db.session.commit()
            flash(_("The module has been saved."), "success")
            return done(url_for("workshops.curriculum", workshop=workshop))
    return render_template(
        "workshops/module_form.html", form=form, workshop=workshop, module=module, error=error
    ), 400 if (error or form.errors) else 200


@bp.route("/<slug>/modules/new", methods=["GET", "POST"])
def module_new(slug: str):
    """The workshop's authors: add a module at the end."""
    workshop = editable(slug)
    return _save_module_form(workshop, None)


@bp.route("/<slug>/modules/<int:module_id>/edit", methods=["GET", "POST"])
def module_edit(slug: str, module_id: int):
    """The workshop's authors: change a module."""
    workshop = editable(slug)
    return _save_module_form(workshop, load_or_404(Module, module_id, workshop_id=workshop.id))


@bp.route("/<slug>/modules/<int:module_id>/move", methods=["POST"])
def module_move(slug: str, module_id: int):
    """The workshop's authors: move a module up or down (no JavaScript needed)."""
    workshop = editable(slug)
    module = load_or_404(Module, module_id, workshop_id=workshop.id)
    require_action_form()
    try:
        curriculum_services.move_module(module, request.form.get("direction", ""))
    except WorkshopError as exc:
        return bad_request(message(exc))
    db.session.commit()
    return done(url_for("workshops.curriculum", workshop=workshop) + f"#module-{module.id}")


@bp.route("/<slug>/modules/<int:module_id>/delete", methods=["GET", "POST"])
def module_delete(slug: str, module_id: int):
    """The workshop's authors: delete a module; one with lessons is confirmed on its own page."""
    workshop = editable(slug)
    module = load_or_404(Module, module_id, workshop_id=workshop.id)
    form = ActionForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        if module.lessons and request.form.get("confirm") != "yes":
            return done(url_for("workshops.module_delete", workshop=workshop, module_id=module.id))
        curriculum_services.delete_module(module)
        db.session.commit()
        flash(_("The module has been deleted."), "success")
        return done(url_for("workshops.curriculum", workshop=workshop))
    return render_template(
        "workshops/confirm_delete.html",
        workshop=workshop,
        module=module,
        text=module.text(),
        form=form,
    )
