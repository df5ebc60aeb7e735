"""Organising: the events one runs, creating and editing an event (with its cover), publishing,
archiving and cancelling it, and its agenda's sessions."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning.events.blueprint import bp
from learning.events.forms import EventForm, SessionForm, SpeakerForm
from learning.events.messages import error_message, interpretation_label
from learning.events.models import FORMATS, KINDS, Event, EventSession, EventSpeaker
from learning.events.routes.common import commit_and_send, managed_event, organiser_only
from learning.events.services import agenda, places
from learning.events.services import events as event_services
from learning.events.services.common import EventError
from learning.language.i18n import current_language
from learning.language.taxonomy import EU_MEMBER_STATES, PROGRAMME_COUNTRIES, THEMES, country_name
from learning.language.timezones import timezone_choices, to_wall_clock
from learning.platform.extensions import db
from learning.storage import kept
from learning.storage.routes import accepts_upload, commit_with_files, save_file
from learning.storage.store import IMAGE_EXTENSIONS
from learning.web.forms import ActionForm
from learning.web.pagination import paginate
from learning.web.views import done, load_or_404, require_action_form

COVER_KIND = "event-cover"


@bp.route("/mine")
def mine():
    """Organisers: the events they run (every event for admins), drafts included."""
    organiser_only()
    page = paginate(event_services.managed_events(current_user))
    return render_template("events/mine.html", page=page, form=ActionForm())


def _event_form(event: Event | None) -> Any:
    form = EventForm()
    language = current_language()
    form.kind.choices = list(KINDS.items())
    form.format.choices = list(FORMATS.items())
    form.themes.choices = list(THEMES.items())
    form.countries.choices = [
        (code, country_name(code, language)) for code in (*PROGRAMME_COUNTRIES, *EU_MEMBER_STATES)
    ]
    form.timezone.choices = timezone_choices()
    if request.method == "GET":
        form.timezone.data = current_app.config["DEFAULT_TIMEZONE"]
        if event is not None:
            zone = event.timezone
            form.fill_texts(event.translations)
            form.kind.data = event.kind
            form.format.data = event.format
            form.themes.data = event.themes
            form.countries.data = event.countries
            form.timezone.data = zone
            form.starts_at.data = to_wall_clock(event.starts_at, zone)
            form.ends_at.data = to_wall_clock(event.ends_at, zone)
            form.venue.data = event.venue or ""
            form.address.data = event.address or ""
            form.online_url.data = event.online_url or ""
            form.opens_at.data = to_wall_clock(event.registration_opens_at, zone)
            form.closes_at.data = to_wall_clock(event.registration_closes_at, zone)
            form.capacity.data = event.capacity
            form.requires_approval.data = event.requires_approval
            form.offer_hours.data = event.offer_hours
    return form


def _event_data(form: Any) -> event_services.EventData:
    return event_services.EventData(
        texts=form.texts(),
        kind=form.kind.data or "",
        format=form.format.data or "",
        themes=form.themes.data or [],
        countries=form.countries.data or [],
        timezone=form.timezone.data or "",
        starts_at=form.starts_at.data,
        ends_at=form.ends_at.data,
        venue=form.venue.data or "",
        address=form.address.data or "",
        online_url=form.online_url.data or "",
        opens_at=form.opens_at.data,
        closes_at=form.closes_at.data,
        capacity=form.capacity.data,
        requires_approval=bool(form.requires_approval.data),
        offer_hours=form.offer_hours.data,
    )


def _save_event_form(event: Event | None) -> Any:
    form = _event_form(event)
    error, status = None, 200
    if form.validate_on_submit():
        data = _event_data(form)
        upload = request.files.get("cover")
        cover = None
        try:
            event_services.check_event(data)
        except EventError as exc:
            error = error_message(exc)
        else:
            if kept.chosen("cover"):
                cover, error, status = save_file(
                    upload, kind=COVER_KIND, allowed=IMAGE_EXTENSIONS, field="cover"
                )
            if error is None:
                saved, notices = event_services.save_event(event, data, author=current_user)
                if cover is not None:
                    event_services.set_cover(saved, cover)
                elif form.remove_cover.data and saved.cover is not None:
                    event_services.set_cover(saved, None)
                commit_with_files(*([cover] if cover else []))
                commit_and_send(notices)
                flash(_("The event has been saved."), "success")
                return done(url_for("events.detail", event_id=saved.id))
    if error or form.errors:
        status = status if status != 200 else 400
    return render_template("events/edit.html", form=form, event=event, error=error), status


@bp.route("/new", methods=["GET", "POST"])
@accepts_upload(COVER_KIND, keep=True)
def new():
    """Organisers: create an event (it begins as a draft)."""
    organiser_only()
    return _save_event_form(None)


@bp.route("/<int:event_id>/edit", methods=["GET", "POST"])
@accepts_upload(COVER_KIND, keep=True)
def edit(event_id: int):
    """Who runs the event: change its texts, taxonomy, place, times, registration and cover."""
    return _save_event_form(managed_event(event_id))


@bp.route("/<int:event_id>/publish", methods=["POST"])
def publish(event_id: int):
    """Who runs the event: put it on the public list."""
    event = managed_event(event_id)
    require_action_form()
    try:
        event_services.publish(event)
    except EventError as exc:
        flash(error_message(exc), "error")
        return done(url_for("events.detail", event_id=event.id))
    db.session.commit()
    flash(_("The event is published: it is now on the list of events."), "success")
    return done(url_for("events.detail", event_id=event.id))


@bp.route("/<int:event_id>/archive", methods=["POST"])
def archive(event_id: int):
    """Who runs the event: keep its page but take it off the lists."""
    event = managed_event(event_id)
    require_action_form()
    event_services.archive(event)
    db.session.commit()
    flash(_("The event is archived: its page stays, but it is not on the lists."), "success")
    return done(url_for("events.detail", event_id=event.id))


@bp.route("/<int:event_id>/cancel", methods=["GET", "POST"])
def cancel(event_id: int):
    """Who runs the event: cancel it (confirmed on this page); everyone registered is told by
    e-mail through the job queue."""
    event = managed_event(event_id)
    form = ActionForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        try:
            job = event_services.cancel(event, by=current_user)
        except EventError as exc:
            flash(error_message(exc), "error")
            return done(url_for("events.detail", event_id=event.id))
        db.session.commit()  # queues the job; QueueUnavailable becomes a 503 (jobs feature)
        flash(_("The event is cancelled. Everyone registered is being told by e-mail."), "success")
        return done(url_for("jobs.job", job_id=job.id))
    return render_template("events/cancel.html", event=event, text=event.text(), form=form)


def _session_form(event: Event, session: EventSession | None) -> Any:
    form = SessionForm()
    form.interpretation.choices = [(c, interpretation_label(c)) for c in agenda.INTERPRETATION]
    if request.method == "GET" and session is not None:
        form.fill_texts(session.translations)
        form.starts_at.data = to_wall_clock(session.starts_at, event.timezone)
        form.ends_at.data = to_wall_clock(session.ends_at, event.timezone)
        form.room.data = session.room or ""
        form.speakers.data = agenda.speakers_text(session)
        form.interpretation.data = session.interpretation_languages
        form.capacity.data = session.capacity
    return form


def _save_session_form(event: Event, session: EventSession | None) -> Any:
    form = _session_form(event, session)
    error = None
    if form.validate_on_submit():
        data = agenda.SessionData(
            texts=form.texts(),
            starts_at=form.starts_at.data,
            ends_at=form.ends_at.data,
            room=form.room.data or "",
            speakers=form.speakers.data or "",
            interpretation=form.interpretation.data or [],
            capacity=form.capacity.data,
        )
        try:
            saved = agenda.save_session(event, session, data)
            places.fill(saved)
        except EventError as exc:
            db.session.rollback()
            error = error_message(exc)
        else:
            db.session.commit()
            flash(_("The session has been saved."), "success")
            return done(url_for("events.detail", event_id=event.id) + f"#session-{saved.id}")
    return render_template(
        "events/session_form.html", form=form, event=event, session=session, error=error
    ), 400 if error or form.errors else 200


@bp.route("/<int:event_id>/sessions/new", methods=["GET", "POST"])
def session_new(event_id: int):
    """Who runs the event: add a session to its agenda."""
    return _save_session_form(managed_event(event_id), None)


@bp.route("/<int:event_id>/sessions/<int:session_id>/edit", methods=["GET", "POST"])
def session_edit(event_id: int, session_id: int):
    """Who runs the event: change a session."""
    event = managed_event(event_id)
    return _save_session_form(event, load_or_404(EventSession, session_id, event_id=event.id))


@bp.route(
    "/<int:event_id>/sessions/<int:session_id>/speakers/<int:speaker_id>", methods=["GET", "POST"]
)
def speaker_bio(event_id: int, session_id: int, speaker_id: int):
    """Who runs the event: a speaker's bio in each language."""
    event = managed_event(event_id)
    session = load_or_404(EventSession, session_id, event_id=event.id)
    speaker = load_or_404(EventSpeaker, speaker_id, session_id=session.id)
    form = SpeakerForm()
    if request.method == "GET":
        form.fill_texts(speaker.translations)
    error = None
    if form.validate_on_submit():
        bios = {
            language: form.field_by_name("bio", language).data or ""
            for language in current_app.config["LANGUAGES"]
        }
        try:
            agenda.save_bios(speaker, bios)
        except EventError as exc:
            db.session.rollback()
            error = error_message(exc)
        else:
            db.session.commit()
            flash(_("The bio has been saved."), "success")
            return done(url_for("events.detail", event_id=event.id) + f"#session-{session.id}")
    return render_template(
        "events/speaker_form.html",
        form=form,
        event=event,
        session=session,
        speaker=speaker,
        error=error,
    ), 400 if error or form.errors else 200


@bp.route("/<int:event_id>/sessions/<int:session_id>/delete", methods=["POST"])
def session_delete(event_id: int, session_id: int):
    """Who runs the event: take a session off the agenda."""
    event = managed_event(event_id)
    require_action_form()
    agenda.delete_session(load_or_404(EventSession, session_id, event_id=event.id))
    db.session.commit()
    flash(_("The session has been removed from the agenda."), "success")
    return done(url_for("events.detail", event_id=event.id))
