"""Authoring a workshop: start one, change it, and publish, unpublish or archive it."""

from __future__ import annotations

from typing import Any

from flask import flash, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from learning.language.content import language_name, languages
from learning.language.taxonomy import AUDIENCES, THEMES
from learning.platform.extensions import db
from learning.storage import kept
from learning.storage.routes import accepts_upload, commit_with_files, save_file
from learning.storage.store import IMAGE_EXTENSIONS
from learning.web.views import done, require_action_form
from learning.workshops.access import editable
from learning.workshops.blueprint import bp
from learning.workshops.forms import WorkshopForm
from learning.workshops.messages import message
from learning.workshops.models import FORMATS, Workshop
from learning.workshops.routes.common import discard, trainer_only, url_for
from learning.workshops.services import authoring
from learning.workshops.services.common import WorkshopError


def _workshop_form(workshop: Workshop | None) -> Any:
    form = WorkshopForm()
    form.themes.choices = list(THEMES.items())
    form.audiences.choices = list(AUDIENCES.items())
    form.format.choices = list(FORMATS.items())
    form.teaching_languages.choices = [(code, language_name(code)) for code in languages()]
    form.trainers.choices = [(u.id, u.name) for u in authoring.trainer_candidates()]
    if request.method == "GET":
        if workshop is None:
            if current_user.has_role("trainer"):
                form.trainers.data = [current_user.id]
            form.teaching_languages.data = []
        else:
            form.slug.data = workshop.slug
            form.themes.data = workshop.themes
            form.audiences.data = workshop.audiences
            form.format.data = workshop.format
            form.teaching_languages.data = workshop.teaching_languages
            form.estimated_hours.data = workshop.estimated_hours
            form.trainers.data = [t.id for t in workshop.trainers]
            form.fill_texts(workshop.translations)
    return form


def _workshop_data(form: Any) -> authoring.WorkshopData:
    return authoring.WorkshopData(
        slug=form.slug.data or "",
        texts=form.texts(),
        themes=form.themes.data or [],
        audiences=form.audiences.data or [],
        teaching_languages=form.teaching_languages.data or [],
        format=form.format.data or "",
        estimated_hours=form.estimated_hours.data or 0,
        trainer_ids=form.trainers.data or [],
    )


def _save_workshop_form(workshop: Workshop | None) -> Any:
    form = _workshop_form(workshop)
    error = None
    status = 200
    if form.validate_on_submit():
        data = _workshop_data(form)
        upload = request.files.get("cover")
        cover = None
        try:
            authoring.check_workshop(workshop, data, author=current_user)
        except WorkshopError as exc:
            error = message(exc)
        else:
            if kept.chosen("cover"):
                cover, error, status = save_file(
                    upload, kind="cover", allowed=IMAGE_EXTENSIONS, field="cover"
                )
            if error is None:
                try:
                    saved = authoring.save_workshop(workshop, data, author=current_user)
                except WorkshopError as exc:
                    discard(cover)
                    error = message(exc)
                else:
                    if cover is not None:
                        authoring.set_cover(saved, cover)
                    elif form.remove_cover.data and saved.cover is not None:
                        authoring.set_cover(saved, None)
                    commit_with_files(*([cover] if cover else []))
                    flash(_("The workshop has been saved."), "success")
                    return done(url_for("workshops.curriculum", workshop=saved))
    if error or form.errors:
        status = status if status != 200 else 400
    return render_template("workshops/edit.html", form=form, workshop=workshop, error=error), status


@bp.route("/new", methods=["GET", "POST"])
@accepts_upload("cover", keep=True)
def new():
    """Trainers and admins: start a workshop (it begins as a draft)."""
    trainer_only()
    return _save_workshop_form(None)


@bp.route("/<slug>/edit", methods=["GET", "POST"])
@accepts_upload("cover", keep=True)
def edit(slug: str):
    """The workshop's authors: change its texts, taxonomy, format, trainers and cover."""
    workshop = editable(slug)
    return _save_workshop_form(workshop)


@bp.route("/<slug>/publish", methods=["POST"])
def publish(slug: str):
    """The workshop's authors: put it in the catalogue."""
    workshop = editable(slug)
    require_action_form()
    try:
        authoring.publish(workshop)
    except WorkshopError as exc:
        flash(message(exc), "error")
        return done(url_for("workshops.curriculum", workshop=workshop))
    db.session.commit()
    flash(_("The workshop is published: it is now in the catalogue."), "success")
    return done(url_for("workshops.detail", workshop=workshop))


@bp.route("/<slug>/unpublish", methods=["POST"])
def unpublish(slug: str):
    """The workshop's authors: take it out of the catalogue (back to draft)."""
    workshop = editable(slug)
    require_action_form()
    authoring.unpublish(workshop)
    db.session.commit()
    flash(_("The workshop is a draft again: only its trainers and admins can see it."), "success")
    return done(url_for("workshops.curriculum", workshop=workshop))


@bp.route("/<slug>/archive", methods=["POST"])
def archive(slug: str):
    """The workshop's authors: keep its page but take it out of the catalogue."""
    workshop = editable(slug)
    require_action_form()
    authoring.archive(workshop)
    db.session.commit()
    flash(_("The workshop is archived: its page stays, but it is not in the catalogue."), "success")
    return done(url_for("workshops.curriculum", workshop=workshop))
