"""Materials after the event: who runs it attaches slides, recordings and reports (links or
files through storage) to the event or a session, public or for registered people only, and
takes them away; the event's page lists them (a registered-only one shows who may open it)."""

from __future__ import annotations

from flask import flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning.events.blueprint import bp
from learning.events.certificates_forms import (
    MATERIAL_ACCESS_CHOICES,
    MATERIAL_KIND_CHOICES,
    MaterialForm,
)
from learning.events.messages import error_message
from learning.events.models import Event, EventMaterial
from learning.events.routes.common import managed_event
from learning.events.services import attendance, deposits, materials
from learning.events.services.common import EventError
from learning.platform.extensions import db
from learning.storage.routes import accepts_upload, commit_with_files, save_file
from learning.storage.services import discard_after_failed_commit
from learning.web.views import done, load_or_404, require_action_form


def _form(event: Event) -> MaterialForm:
    form = MaterialForm()
    form.session.choices = [("", _("The whole event"))] + [
        (str(s.id), (s.text().title if s.text() else f"#{s.id}"))
        for s in attendance.sessions_of(event)
    ]
    return form


@bp.route("/<int:event_id>/materials", methods=["GET", "POST"])
@accepts_upload(materials.FILE_KIND)
def materials_manage(event_id: int):
    """Who runs the event: its materials, and the form to add one."""
    event = managed_event(event_id)
    form = _form(event)
    error, status = None, 200
    if form.validate_on_submit():
        data = materials.MaterialData(
            kind=form.kind.data or "",
            title=form.title.data or "",
            access=form.access.data or "",
            session=form.session.data,
            url=form.url.data or "",
        )
        upload = request.files.get("file")
        has_file = upload is not None and bool(upload.filename)
        try:
            materials.check(event, data, has_file=has_file)
        except EventError as exc:
            error, status = error_message(exc), 400
        else:
            stored = None
            if has_file:
                stored, error, status = save_file(
                    upload, kind=materials.FILE_KIND, allowed=materials.ALLOWED
                )
            if error is None:
                materials.add(event, data, stored, current_user)
                commit_with_files(*([stored] if stored else []))
                flash(_("The material has been added."), "success")
                return done(url_for("events.materials_manage", event_id=event.id))
    elif request.method == "POST":
        status = 400
    return render_template(
        "events/materials.html",
        event=event,
        text=event.text(),
        form=form,
        error=error,
        items=materials.of_event(event),
    ), status


@bp.route("/<int:event_id>/materials/<int:material_id>/delete", methods=["POST"])
def material_delete(event_id: int, material_id: int):
    """Who runs the event: take a material away."""
    event = managed_event(event_id)
    require_action_form()
    material = load_or_404(EventMaterial, material_id, event_id=event.id)
    materials.remove(material)
    db.session.commit()
    flash(_("The material has been removed."), "success")
    return done(url_for("events.materials_manage", event_id=event.id))


def _refused(event: Event, error: EventError) -> tuple[str, int]:
    """The materials page again, saying why the deposit was refused."""
    return render_template(
        "events/materials.html",
        event=event,
        text=event.text(),
        form=_form(event),
        error=error_message(error),
        items=materials.of_event(event),
    ), 400


@bp.route("/<int:event_id>/materials/<int:material_id>/deposit", methods=["POST"])
def material_deposit(event_id: int, material_id: int):
    """Who runs the event: deposit slides or a report into the research exchange as a draft
    output, linked back to the event; then finish it there."""
    event = managed_event(event_id)
    require_action_form()
    material = load_or_404(EventMaterial, material_id, event_id=event.id)
    try:
        deposits.check(current_user, event, material)
        copy = deposits.copy_file(material, current_user)
    except EventError as exc:
        return _refused(event, exc)
    try:
        output = deposits.deposit_material(current_user, event, material, copy)
    except EventError as exc:
        db.session.rollback()
        discard_after_failed_commit([copy])
        return _refused(event, exc)
    commit_with_files(copy)
    flash(
        _(
            "The material is in the research exchange as a draft. Check its description and "
            "submit it to the curators."
        ),
        "success",
    )
    return done(url_for("research.detail", output_id=output.id))


@bp.context_processor
def _material_helpers() -> dict[str, object]:
    """The event page lists the materials, each with whether the reader may open it."""

    def listed(event: Event) -> list[tuple[EventMaterial, bool]]:
        return [(m, materials.may_open(current_user, event, m)) for m in materials.of_event(event)]

    return {
        "event_materials": listed,
        "material_kinds": {c.value: c.label for c in MATERIAL_KIND_CHOICES},
        "material_access": {c.value: c.label for c in MATERIAL_ACCESS_CHOICES},
    }
