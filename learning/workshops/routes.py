"""Workshop pages: the catalogue, a workshop and its lessons, authoring, and materials.

Who may: the catalogue and published workshop pages are public; lessons and materials are for
participants enrolled in an edition, the workshop's trainers and admins; authoring is for the
workshop's trainers and admins. A draft is a 404 for everyone else.
"""

from __future__ import annotations

import functools
from datetime import date
from typing import Any

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request
from flask import url_for as flask_url_for
from flask_babel import get_timezone
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from learning.language.content import language_name, languages
from learning.language.i18n import session_time
from learning.language.taxonomy import AUDIENCES, THEMES
from learning.language.timezones import from_wall_clock, timezone_choices, to_wall_clock
from learning.platform import cache
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.research.services import register_workshop_usage
from learning.storage import services as storage
from learning.storage.models import StoredFile
from learning.storage.routes import accepts_upload, commit_with_files, save_file
from learning.storage.store import IMAGE_EXTENSIONS, clean_filename, get_storage, private_download
from learning.web.errors import render_error
from learning.web.pagination import paginate
from learning.workshops import readings, services
from learning.workshops.access import WorkshopFacts
from learning.workshops.access import editable as _editable
from learning.workshops.access import facts_of as _facts_of
from learning.workshops.access import followable as _followable
from learning.workshops.access import followable_facts as _followable_facts
from learning.workshops.access import lesson as _lesson
from learning.workshops.access import lesson_facts as _lesson_facts
from learning.workshops.access import sign_in as _sign_in
from learning.workshops.access import visible_facts as _visible_facts
from learning.workshops.forms import (
    ActionForm,
    LessonForm,
    MaterialForm,
    ModuleForm,
    ReplaceForm,
    WorkshopForm,
)
from learning.workshops.markdown import render_markdown
from learning.workshops.models import FORMATS, LESSON_KINDS, STATUSES, Lesson, Material, Module
from learning.workshops.models import Workshop as WorkshopModel
from learning.workshops.services import WorkshopError

bp = Blueprint("workshops", __name__, url_prefix="/workshops")

CATALOGUE_PAGE = 12

MESSAGES = {
    "no_language": _l("Write at least a title in one language."),
    "bad_slug": _l(
        "The address name may only have lower-case letters, numbers and single hyphens "
        "(for example periodismo-de-datos)."
    ),
    "slug_taken": _l("Another workshop already uses this address name. Choose another one."),
    "bad_format": _l("Choose a format from the list."),
    "bad_theme": _l("Choose themes from the list."),
    "bad_audience": _l("Choose audiences from the list."),
    "bad_language": _l("Choose languages from the list."),
    "bad_hours": _l("Enter a number of hours from 0 to 1000."),
    "bad_trainer": _l("Choose trainers from the list."),
    "no_trainer": _l("Choose at least one trainer."),
    "empty_curriculum": _l(
        "Add at least one module with one lesson before publishing the workshop."
    ),
    "bad_prerequisite": _l("Choose another module of this workshop as the prerequisite."),
    "cannot_move": _l("This item is already at the end of the list; it cannot move further."),
    "bad_kind": _l("This kind of lesson does not exist. Choose text, video, reading, quiz or "
                   "live session."),
    "bad_minutes": _l("Enter a number of minutes from 0 to 10000."),
    "bad_url": _l("Enter a full link starting with https:// (or http://)."),
    "live_times_missing": _l("Enter when the live session starts and ends."),
    "live_ends_before_start": _l("The live session must end after it starts."),
    "bad_timezone": _l("Choose the session's time zone from the list."),
    "video_missing": _l("Upload a video file or give a link to the video."),
    "reading_missing": _l("Upload the reading or give a link to it."),
    "other_workshop": _l("That module belongs to another workshop. Choose one of this workshop."),
    "bad_module": _l("Choose a module from the list."),
    "title_missing:material": _l("Give the material a title."),
    "bad_attach": _l("Choose where the material belongs from the list."),
}  # fmt: skip


def message(error: WorkshopError) -> str:
    """What to tell the person, in their language."""
    if error.code.startswith("title_missing:") and error.code != "title_missing:material":
        language = error.code.split(":", 1)[1]
        return _(
            "Give a title in %(language)s, or leave every %(language)s field empty.",
            language=language_name(language),
        )
    return str(MESSAGES.get(error.code, _("Something in the form was not right.")))


def url_for(endpoint: str, **values: Any) -> str:
    """url_for that takes a Workshop for ``slug``."""
    workshop = values.pop("workshop", None)
    if workshop is not None:
        values["slug"] = workshop.slug
    return flask_url_for(endpoint, **values)


@bp.context_processor
def _template_helpers() -> dict[str, Any]:
    return {
        "markdown": render_markdown,
        "session_time": session_time,
        "FORMATS": FORMATS,
        "LESSON_KINDS": LESSON_KINDS,
        "STATUSES": STATUSES,
        "language_name": language_name,
        "content_languages": languages(),
        "can_edit": lambda w: services.can_edit(current_user, w),
    }


# Access to the files of this feature ---------------------------------------------------------


def _file_access(user: object, file: StoredFile) -> str:
    """Materials: enrolled participants, trainers, admins. Covers: whoever sees the workshop."""
    workshop, how = services.file_owner(file)
    if workshop is None:
        return storage.ALLOW if getattr(user, "is_admin", False) else storage.HIDE
    if not services.can_see(user, workshop):
        return storage.HIDE
    if how == "cover" or services.can_follow(user, workshop):
        return storage.ALLOW
    if not getattr(user, "is_authenticated", False):
        return storage.LOGIN
    return storage.DENY


storage.register_access("material", _file_access)
storage.register_access("cover", _file_access)
register_workshop_usage(readings.workshops_using)


@bp.record_once
def _reading_helpers(state) -> None:  # noqa: ANN001 - Flask's BlueprintSetupState
    readings.init_app(state.app)


# Loading and checking -------------------------------------------------------------------------


def _trainer_only() -> None:
    if not current_user.is_authenticated:
        _sign_in()
    if not services.is_trainer(current_user):
        abort(403)


def _module(workshop: WorkshopModel, module_id: int) -> Module:
    module = services.find_module(workshop, module_id)
    if module is None:
        abort(404)
    return module


def _material(workshop: WorkshopModel, material_id: int) -> Material:
    material = db.session.get(Material, material_id)
    if material is None or material.workshop_id != workshop.id:
        abort(404)
    return material


def _bad_request(text: str) -> Response:
    return render_error(400, text)


def _action_form() -> None:
    """Buttons that post carry a CSRF token; a missing one is refused."""
    if not ActionForm().validate_on_submit():
        abort(400)


def _done(target: str) -> Response:
    return redirect(target, 303)


def _discard(*files: StoredFile | None) -> None:
    """Undo an upload after the domain refused the rest of the form."""
    db.session.rollback()
    for file in files:
        if file is not None:
            storage.abandon_upload(file)


# The catalogue and the workshop page --------------------------------------------------------


@bp.route("/")
def catalogue():
    """Anyone: published workshops, filtered and searched in every language."""
    filters = services.Filters(
        q=(request.args.get("q") or "").strip()[:200],
        theme=request.args.get("theme") or "",
        audience=request.args.get("audience") or "",
        format=request.args.get("format") or "",
        language=request.args.get("language") or "",
    )
    bad = services.invalid_filters(filters)
    today = utcnow().date()
    # The same for every reader of a language: made once per change of the workshops.
    results = cache.rendered(
        ("workshops",),
        (today, *sorted(request.args.items(multi=True))),
        "workshops/_catalogue_results.html",
        lambda: {
            "page": paginate(services.catalogue_query(filters), per_page=CATALOGUE_PAGE),
            "filters": filters,
            "bad_filters": bad,
            "themes": THEMES,
            "audiences": AUDIENCES,
            "today": today,
        },
    )
    return render_template("workshops/catalogue.html", results=results), 400 if bad else 200


@bp.route("/mine")
def mine():
    """Trainers and admins: the workshops they may author, drafts included."""
    _trainer_only()
    page = paginate(services.my_workshops(current_user))
    return render_template("workshops/mine.html", page=page)


@bp.route("/<slug>")
def detail(slug: str):
    """Anyone for a published (or archived) workshop; its authors for a draft."""
    return _detail_page(_visible_facts(slug), preview=False)


@bp.route("/<slug>/preview")
def preview(slug: str):
    """The workshop's authors: the page as an enrolled participant sees it."""
    return _detail_page(_facts_of(_editable(slug)), preview=True)


def _detail_page(workshop: WorkshopFacts, *, preview: bool) -> str:
    editor = services.can_edit(current_user, workshop) and not preview
    today = utcnow().date()
    # Below the title the page is one reader's: kept per person (their enrolment, progress
    # and certificates renew it) and made afresh when the workshop or its editions change.
    body = cache.rendered(
        ("workshops", *cache.reader_kinds()),
        (workshop.id, today, preview, editor, str(get_timezone())),
        "workshops/_detail_body.html",
        lambda: _detail_body(workshop.load(), preview=preview, editor=editor, today=today),
    )
    return render_template("workshops/detail.html", text=workshop.text, body=body)


def _detail_body(
    workshop: WorkshopModel, *, preview: bool, editor: bool, today: date
) -> dict[str, Any]:
    follows = preview or services.can_follow(current_user, workshop)
    text = workshop.text()
    # Description, facts and outline are the same for every reader of a language (and, for
    # the outline, everyone who may or may not follow the lessons): made once per change.
    key = (workshop.id, today)
    # Progress (completion's hook) needs the curriculum of those who follow the lessons.
    modules = services.load_curriculum(workshop, outline=True) if follows else None
    intro = cache.rendered(
        ("workshops",),
        key,
        "workshops/_detail_intro.html",
        lambda: {"workshop": workshop, "text": text},
    )
    outline = cache.rendered(
        ("workshops",),
        (*key, follows, preview),
        "workshops/_detail_outline.html",
        lambda: {
            "workshop": workshop,
            "modules": modules or services.load_curriculum(workshop, outline=True),
            "follows": follows,
            "preview": preview,
            "today": today,
        },
    )
    return {
        "workshop": workshop,
        "text": text,
        "intro": intro,
        "outline": outline,
        "modules": modules or [],
        "editions": services.upcoming_editions(workshop),
        "materials": services.workshop_materials(workshop) if follows else [],
        "editor": editor,
        "follows": follows,
        "preview": preview,
        "action_form": ActionForm(),
        "today": today,
    }


# Authoring the workshop -----------------------------------------------------------------------


def _workshop_form(workshop: WorkshopModel | None) -> Any:
    form = WorkshopForm()
    form.themes.choices = list(THEMES.items())
    form.audiences.choices = list(AUDIENCES.items())
    form.format.choices = list(FORMATS.items())
    form.teaching_languages.choices = [(code, language_name(code)) for code in languages()]
    form.trainers.choices = [(u.id, u.name) for u in services.trainer_candidates()]
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


def _workshop_data(form: Any) -> services.WorkshopData:
    return services.WorkshopData(
        slug=form.slug.data or "",
        texts=form.texts(),
        themes=form.themes.data or [],
        audiences=form.audiences.data or [],
        teaching_languages=form.teaching_languages.data or [],
        format=form.format.data or "",
        estimated_hours=form.estimated_hours.data or 0,
        trainer_ids=form.trainers.data or [],
    )


def _save_workshop_form(workshop: WorkshopModel | None) -> Any:
    form = _workshop_form(workshop)
    error = None
    status = 200
    if form.validate_on_submit():
        data = _workshop_data(form)
        upload = request.files.get("cover")
        cover = None
        try:
            services.check_workshop(workshop, data, author=current_user)
        except WorkshopError as exc:
            error = message(exc)
        else:
            if upload is not None and upload.filename:
                cover, error, status = save_file(upload, kind="cover", allowed=IMAGE_EXTENSIONS)
            if error is None:
                try:
                    saved = services.save_workshop(workshop, data, author=current_user)
                except WorkshopError as exc:
                    _discard(cover)
                    error = message(exc)
                else:
                    if cover is not None:
                        services.set_cover(saved, cover)
                    elif form.remove_cover.data and saved.cover is not None:
                        services.set_cover(saved, None)
                    commit_with_files(*([cover] if cover else []))
                    flash(_("The workshop has been saved."), "success")
                    return _done(url_for("workshops.curriculum", workshop=saved))
    if error or form.errors:
        status = status if status != 200 else 400
    return render_template("workshops/edit.html", form=form, workshop=workshop, error=error), status


@bp.route("/new", methods=["GET", "POST"])
@accepts_upload("cover")
def new():
    """Trainers and admins: start a workshop (it begins as a draft)."""
    _trainer_only()
    return _save_workshop_form(None)


@bp.route("/<slug>/edit", methods=["GET", "POST"])
@accepts_upload("cover")
def edit(slug: str):
    """The workshop's authors: change its texts, taxonomy, format, trainers and cover."""
    workshop = _editable(slug)
    return _save_workshop_form(workshop)


@bp.route("/<slug>/publish", methods=["POST"])
def publish(slug: str):
    """The workshop's authors: put it in the catalogue."""
    workshop = _editable(slug)
    _action_form()
    try:
        services.publish(workshop)
    except WorkshopError as exc:
        flash(message(exc), "error")
        return _done(url_for("workshops.curriculum", workshop=workshop))
    db.session.commit()
    flash(_("The workshop is published: it is now in the catalogue."), "success")
    return _done(url_for("workshops.detail", workshop=workshop))


@bp.route("/<slug>/unpublish", methods=["POST"])
def unpublish(slug: str):
    """The workshop's authors: take it out of the catalogue (back to draft)."""
    workshop = _editable(slug)
    _action_form()
    services.unpublish(workshop)
    db.session.commit()
    flash(_("The workshop is a draft again: only its trainers and admins can see it."), "success")
    return _done(url_for("workshops.curriculum", workshop=workshop))


@bp.route("/<slug>/archive", methods=["POST"])
def archive(slug: str):
    """The workshop's authors: keep its page but take it out of the catalogue."""
    workshop = _editable(slug)
    _action_form()
    services.archive(workshop)
    db.session.commit()
    flash(_("The workshop is archived: its page stays, but it is not in the catalogue."), "success")
    return _done(url_for("workshops.curriculum", workshop=workshop))


# The curriculum ---------------------------------------------------------------------------------


@bp.route("/<slug>/curriculum")
def curriculum(slug: str):
    """The workshop's authors: modules and lessons, with buttons to add, edit, move, delete."""
    workshop = _editable(slug)
    return render_template(
        "workshops/curriculum.html",
        workshop=workshop,
        text=workshop.text(),
        modules=services.load_curriculum(workshop),
        action_form=ActionForm(),
    )


def _module_form(workshop: WorkshopModel, module: Module | None) -> Any:
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


def _save_module_form(workshop: WorkshopModel, module: Module | None) -> Any:
    form = _module_form(workshop, module)
    error = None
    if form.validate_on_submit():
        raw = form.prerequisite.data or ""
        try:
            if raw and not raw.isdigit():
                raise WorkshopError("bad_prerequisite")
            services.save_module(
                workshop,
                module,
                services.ModuleData(
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
            return _done(url_for("workshops.curriculum", workshop=workshop))
    return render_template(
        "workshops/module_form.html", form=form, workshop=workshop, module=module, error=error
    ), 400 if (error or form.errors) else 200


@bp.route("/<slug>/modules/new", methods=["GET", "POST"])
def module_new(slug: str):
    """The workshop's authors: add a module at the end."""
    workshop = _editable(slug)
    return _save_module_form(workshop, None)


@bp.route("/<slug>/modules/<int:module_id>/edit", methods=["GET", "POST"])
def module_edit(slug: str, module_id: int):
    """The workshop's authors: change a module."""
    workshop = _editable(slug)
    return _save_module_form(workshop, _module(workshop, module_id))


@bp.route("/<slug>/modules/<int:module_id>/move", methods=["POST"])
def module_move(slug: str, module_id: int):
    """The workshop's authors: move a module up or down (no JavaScript needed)."""
    workshop = _editable(slug)
    module = _module(workshop, module_id)
    _action_form()
    try:
        services.move_module(module, request.form.get("direction", ""))
    except WorkshopError as exc:
        return _bad_request(message(exc))
    db.session.commit()
    return _done(url_for("workshops.curriculum", workshop=workshop) + f"#module-{module.id}")


@bp.route("/<slug>/modules/<int:module_id>/delete", methods=["GET", "POST"])
def module_delete(slug: str, module_id: int):
    """The workshop's authors: delete a module; one with lessons is confirmed on its own page."""
    workshop = _editable(slug)
    module = _module(workshop, module_id)
    form = ActionForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        if module.lessons and request.form.get("confirm") != "yes":
            return _done(url_for("workshops.module_delete", workshop=workshop, module_id=module.id))
        services.delete_module(module)
        db.session.commit()
        flash(_("The module has been deleted."), "success")
        return _done(url_for("workshops.curriculum", workshop=workshop))
    return render_template(
        "workshops/confirm_delete.html",
        workshop=workshop,
        module=module,
        text=module.text(),
        form=form,
    )


# Lessons --------------------------------------------------------------------------------------


def _lesson_form(workshop: WorkshopModel, module: Module, lesson: Lesson | None) -> Any:
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


def _save_lesson_form(
    workshop: WorkshopModel, module: Module, lesson: Lesson | None, kind: str
) -> Any:
    if kind not in LESSON_KINDS:
        return _bad_request(message(WorkshopError("bad_kind")))
    form = _lesson_form(workshop, module, lesson)
    error = None
    status = 200
    if form.validate_on_submit():
        timezone = form.timezone.data or ""
        upload = request.files.get("file") if kind in ("video", "reading") else None
        has_file = bool(upload is not None and upload.filename)
        data = services.LessonData(
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
            services.check_lesson(module, lesson, data)
        except WorkshopError as exc:
            error = message(exc)
        else:
            if has_file:
                file, error, status = save_file(upload, kind="material")
            if error is None:
                try:
                    saved = services.save_lesson(module, lesson, data)
                    if file is not None:
                        text = saved.text()
                        services.add_material(
                            workshop,
                            file,
                            title=text.title if text else file.original_name,
                            language=text.language if text else languages()[0],
                            lesson=saved,
                            uploader=current_user,
                        )
                    if target is not module:
                        services.move_lesson_to_module(saved, target)
                except WorkshopError as exc:
                    _discard(file)
                    error = message(exc)
                else:
                    commit_with_files(*([file] if file else []))
                    flash(_("The lesson has been saved."), "success")
                    return _done(
                        url_for("workshops.curriculum", workshop=workshop) + f"#lesson-{saved.id}"
                    )
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


@bp.route("/<slug>/modules/<int:module_id>/lessons/new", methods=["GET", "POST"])
@accepts_upload("material")
def lesson_new(slug: str, module_id: int):
    """The workshop's authors: add a lesson of a kind (``?kind=``) at the end of a module."""
    workshop = _editable(slug)
    module = _module(workshop, module_id)
    return _save_lesson_form(workshop, module, None, request.args.get("kind", "text"))


@bp.route("/<slug>/lessons/<int:lesson_id>/edit", methods=["GET", "POST"])
@accepts_upload("material")
def lesson_edit(slug: str, lesson_id: int):
    """The workshop's authors: change a lesson, or move it to another module."""
    workshop = _editable(slug)
    lesson = _lesson(workshop, lesson_id)
    return _save_lesson_form(workshop, lesson.module, lesson, lesson.kind)


@bp.route("/<slug>/lessons/<int:lesson_id>/move", methods=["POST"])
def lesson_move(slug: str, lesson_id: int):
    """The workshop's authors: move a lesson up or down within its module."""
    workshop = _editable(slug)
    lesson = _lesson(workshop, lesson_id)
    _action_form()
    try:
        services.move_lesson(lesson, request.form.get("direction", ""))
    except WorkshopError as exc:
        return _bad_request(message(exc))
    db.session.commit()
    return _done(url_for("workshops.curriculum", workshop=workshop) + f"#lesson-{lesson.id}")


@bp.route("/<slug>/lessons/<int:lesson_id>/delete", methods=["POST"])
def lesson_delete(slug: str, lesson_id: int):
    """The workshop's authors: delete a lesson (and the files attached to it)."""
    workshop = _editable(slug)
    lesson = _lesson(workshop, lesson_id)
    _action_form()
    services.delete_lesson(lesson)
    db.session.commit()
    flash(_("The lesson has been deleted."), "success")
    return _done(url_for("workshops.curriculum", workshop=workshop))


@bp.route("/<slug>/lessons/<int:lesson_id>")
def lesson(slug: str, lesson_id: int):
    """Enrolled participants, the workshop's trainers and admins: one lesson."""
    facts = _followable_facts(slug)
    found = _lesson_facts(facts, lesson_id)
    editor = services.can_edit(current_user, facts)
    closed = bool(found.release_on and found.release_on > utcnow().date() and not editor)

    # What is kept below needs no query; what is made afresh loads the rows, once.
    @functools.cache
    def rows() -> tuple[WorkshopModel, Lesson]:
        return facts.load(), found.load()

    def head() -> dict[str, Any]:
        workshop, lesson = rows()
        return {
            "workshop": workshop,
            "lesson": lesson,
            "text": lesson.text(),
            "module_text": lesson.module.text(),
        }

    def content() -> dict[str, Any]:
        workshop, lesson = rows()
        return {"workshop": workshop, "lesson": lesson, "text": lesson.text()}

    def neighbours() -> dict[str, Any]:
        workshop, lesson = rows()
        modules = services.load_curriculum(workshop, outline=True)
        sequence = [item for m in modules for item in m.lessons]
        index = next(i for i, item in enumerate(sequence) if item.id == lesson.id)
        return {
            "workshop": workshop,
            "previous": sequence[index - 1] if index > 0 else None,
            "following": sequence[index + 1] if index + 1 < len(sequence) else None,
        }

    def progress() -> dict[str, Any]:
        workshop, lesson = rows()
        return {"workshop": workshop, "lesson": lesson}

    timezone = (current_user.timezone, str(get_timezone()))
    show_edit = editor and request.args.get("preview") != "1"

    # What the lesson teaches is the same for every reader of a language (and timezone, for
    # live sessions): made once per change. The reader's own marks, attempts and attendance
    # (completion's hook, with its forms) are kept per person, renewed by their records and
    # by changes to the quiz. The whole is kept per person too: one lookup on most visits.
    def body() -> dict[str, Any]:
        return {
            "workshop": facts,
            "lesson": found,
            "text": found.text,
            "head": cache.rendered(
                ("workshops",), (found.id,), "workshops/_lesson_head.html", head
            ),
            "content": cache.rendered(
                ("workshops", "research"),  # a reading may be an output of the research library
                (found.id, *timezone),
                "workshops/_lesson_content.html",
                content,
            ),
            "progress": ""
            if closed
            else cache.rendered(
                ("workshops", *cache.reader_kinds()),
                (found.id, editor, *timezone),
                "completion/_lesson.html",
                progress,
            ),
            "nav": cache.rendered(
                ("workshops",), (found.id,), "workshops/_lesson_nav.html", neighbours
            ),
            "closed": closed,
            "editor": show_edit,
        }

    kept = cache.rendered(
        ("workshops", "research", *cache.reader_kinds()),
        (found.id, editor, show_edit, closed, *timezone),
        "workshops/_lesson_body.html",
        body,
    )
    return render_template(
        "workshops/lesson.html", workshop=facts, text=found.text, body=kept
    ), 403 if closed else 200


# Materials ------------------------------------------------------------------------------------


def _attach_choices(workshop: WorkshopModel, modules: list[Module]) -> list[tuple[str, str]]:
    choices = [("workshop", _("The whole workshop"))]
    for module in modules:
        mtext = module.text()
        choices.append((f"module:{module.id}", _("Module: %(title)s", title=mtext.title)))
        for item in module.lessons:
            ltext = item.text()
            choices.append((f"lesson:{item.id}", _("Lesson: %(title)s", title=ltext.title)))
    return choices


def _attachment(workshop: WorkshopModel, raw: str) -> tuple[Module | None, Lesson | None]:
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
@accepts_upload("material")
def materials(slug: str):
    """Enrolled participants, trainers, admins: the materials. Authors also upload here."""
    if request.method == "POST":
        workshop = _editable(slug)
    else:
        workshop = _followable(slug)
    editor = services.can_edit(current_user, workshop)
    modules = services.load_curriculum(workshop)
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
            file, error, status = save_file(upload, kind="material")
            if file is not None:
                try:
                    services.add_material(
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
                    _discard(file)
                    error = message(exc)
                else:
                    commit_with_files(file)
                    flash(_("The material %(title)s has been uploaded.", title=title), "success")
                    return _done(url_for("workshops.materials", workshop=workshop))
    if request.method == "POST" and (error or form.errors):
        status = status if status != 200 else 400
    return render_template(
        "workshops/materials.html",
        workshop=workshop,
        text=workshop.text(),
        materials=services.workshop_materials(workshop),
        form=form,
        editor=editor,
        error=error,
        action_form=ActionForm(),
    ), status


@bp.route("/<slug>/materials/<int:material_id>/replace", methods=["GET", "POST"])
@accepts_upload("material")
def material_replace(slug: str, material_id: int):
    """The workshop's authors: upload a new version of a material (earlier ones are kept)."""
    workshop = _editable(slug)
    material = _material(workshop, material_id)
    form = ReplaceForm()
    error = None
    status = 200
    if form.validate_on_submit():
        file, error, status = save_file(request.files.get("file"), kind="material")
        if file is not None:
            services.replace_material(material, file, uploader=current_user)
            commit_with_files(file)
            flash(
                _("A new version of %(title)s has been uploaded.", title=material.title), "success"
            )
            return _done(url_for("workshops.materials", workshop=workshop))
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
    workshop = _editable(slug)
    material = _material(workshop, material_id)
    _action_form()
    title = material.title
    services.delete_material(material)
    db.session.commit()
    flash(_("The material %(title)s has been deleted.", title=title), "success")
    return _done(url_for("workshops.materials", workshop=workshop))


@bp.route("/<slug>/materials.zip")
def materials_zip(slug: str):
    """Enrolled participants, trainers, admins: every current material in one ZIP, streamed."""
    workshop = _followable(slug)
    entries = services.zip_entries(services.workshop_materials(workshop))
    if not entries:
        abort(404)
    plain = [(name, f.key, f.size or 0, f.created_at) for name, f in entries]
    return private_download(
        services.stream_zip(get_storage(), plain),
        "application/zip",
        f"{workshop.slug}-materials.zip",
    )
