"""Materials: the list for those who follow the lessons (and the upload form for authors),
new versions, deletion, and every current material in one ZIP."""

from __future__ import annotations

from flask import abort, flash, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from learning.language.content import language_name, languages
from learning.platform.extensions import db
from learning.storage.filenames import clean_filename
from learning.storage.routes import accepts_upload, commit_with_files, save_file
from learning.storage.store import get_storage, private_download
from learning.web.forms import ActionForm
from learning.web.views import done, load_or_404, require_action_form
from learning.workshops.access import editable, followable
from learning.workshops.blueprint import bp
from learning.workshops.forms import MaterialForm, ReplaceForm
from learning.workshops.messages import message
from learning.workshops.models import Lesson, Material, Module, Workshop
from learning.workshops.routes.common import discard, url_for
from learning.workshops.services import materials as material_services
from learning.workshops.services import zips
from learning.workshops.services.common import WorkshopError
from learning.workshops.services.curriculum import load_curriculum
from learning.workshops.services.permissions import can_edit


def _attach_choices(workshop: Workshop, modules: list[Module]) -> list[tuple[str, str]]:
    choices = [("workshop", _("The whole workshop"))]
    for module in modules:
        mtext = module.text()
        choices.append((f"module:{module.id}", _("Module: %(title)s", title=mtext.title)))
        for item in module.lessons:
            ltext = item.text()
            choices.append((f"lesson:{item.id}", _("Lesson: %(title)s", title=ltext.title)))
    return choices


def _attachment(workshop: Workshop, raw: str) -> tuple[Module | None, Lesson | None]:
    """Where a material goes. Raises WorkshopError("bad_attach"/"other_workshop")."""
    if raw in ("", "workshop"):
        return None, None
    kind, _sep, number = raw.partition(":")
    if not number.isdigit() or kind not in ("module", "lesson"):
        raise WorkshopError("bad_attach")
    if kind == "module":
        module = db.session.get(Module, int(number))
        if module is None:
            raise WorkshopError("bad_attach")
        if module.workshop_id != workshop.id:
            raise WorkshopError("other_workshop")
        return module, None
    lesson = db.session.get(Lesson, int(number))
    if lesson is None:
        raise WorkshopError("bad_attach")
    if lesson.module.workshop_id != workshop.id:
        raise WorkshopError("other_workshop")
    return lesson.module, lesson


@bp.route("/<slug>/materials", methods=["GET", "POST"])
@accepts_upload("material", keep=True)
def materials(slug: str):
    """Enrolled participants, trainers, admins: the materials. Authors also upload here."""
    if request.method == "POST":
        workshop = editable(slug)
    else:
        workshop = followable(slug)
    editor = can_edit(current_user, workshop)
    modules = load_curriculum(workshop)
    form = MaterialForm()
    form.language.choices = [(code, language_name(code)) for code in languages()]
    form.attach_to.choices = _attach_choices(workshop, modules)
    error = None
    status = 200
    if request.method == "POST" and form.validate_on_submit():
        upload = request.files.get("file")
        title = (form.title.data or "").strip()
        if not title and upload is not None and upload.filename:
            title = clean_filename(upload.filename).rsplit(".", 1)[0].strip()[:200]
        try:
            module, lesson = _attachment(workshop, form.attach_to.data or "")
            if form.language.data not in languages():
                raise WorkshopError("bad_language")
        except WorkshopError as exc:
            error = message(exc)
        else:
            file, error, status = save_file(upload, kind="material", field="file")
            if file is not None:
                title = title or file.original_name.rsplit(".", 1)[0].strip()[:200]
                try:
                    material_services.add_material(
                        workshop,
                        file,
                        title=title,
                        language=form.language.data,
                        description=form.description.data or "",
                        module=module,
                        lesson=lesson,
                        uploader=current_user,
                    )
                except WorkshopError as exc:
                    discard(file)
                    error = message(exc)
                else:
                    commit_with_files(file)
                    flash(_("The material %(title)s has been uploaded.", title=title), "success")
                    return done(url_for("workshops.materials", workshop=workshop))
    if request.method == "POST" and (error or form.errors):
        status = status if status != 200 else 400
    return render_template(
        "workshops/materials.html",
        workshop=workshop,
        text=workshop.text(),
        materials=material_services.workshop_materials(workshop),
        form=form,
        editor=editor,
        error=error,
        action_form=ActionForm(),
    ), status


@bp.route("/<slug>/materials/<int:material_id>/replace", methods=["GET", "POST"])
@accepts_upload("material", keep=True)
def material_replace(slug: str, material_id: int):
    """The workshop's authors: upload a new version of a material (earlier ones are kept)."""
    workshop = editable(slug)
    material = load_or_404(Material, material_id, workshop_id=workshop.id)
    form = ReplaceForm()
    error = None
    status = 200
    if form.validate_on_submit():
        file, error, status = save_file(request.files.get("file"), kind="material", field="file")
        if file is not None:
            material_services.replace_material(material, file, uploader=current_user)
            commit_with_files(file)
            flash(
                _("A new version of %(title)s has been uploaded.", title=material.title), "success"
            )
            return done(url_for("workshops.materials", workshop=workshop))
    elif form.errors:
        status = 400
    return render_template(
        "workshops/material_replace.html",
        workshop=workshop,
        material=material,
        form=form,
        error=error,
    ), status


@bp.route("/<slug>/materials/<int:material_id>/delete", methods=["POST"])
def material_delete(slug: str, material_id: int):
    """The workshop's authors: delete a material and all its versions."""
    workshop = editable(slug)
    material = load_or_404(Material, material_id, workshop_id=workshop.id)
    require_action_form()
    title = material.title
    material_services.delete_material(material)
    db.session.commit()
    flash(_("The material %(title)s has been deleted.", title=title), "success")
    return done(url_for("workshops.materials", workshop=workshop))


@bp.route("/<slug>/materials.zip")
def materials_zip(slug: str):
    """Enrolled participants, trainers, admins: every current material in one ZIP, streamed."""
    workshop = followable(slug)
    entries = zips.zip_entries(material_services.workshop_materials(workshop))
    if not entries:
        abort(404)
    plain = [(name, f.key, f.size or 0, f.created_at) for name, f in entries]
    return private_download(
        zips.stream_zip(get_storage(), plain),
        "application/zip",
        f"{workshop.slug}-materials.zip",
    )
