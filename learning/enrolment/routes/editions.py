"""Editions: the trainers' list and form, an edition's page with its enrol button, enrolling
and withdrawing, and an edition's own times for its live sessions."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning.enrolment.blueprint import bp
from learning.enrolment.forms import EditionForm, EnrolForm, SessionForm
from learning.enrolment.messages import (
    EDITION_STATUS_LABELS,
    MESSAGES,
    MODE_LABELS,
    error_message,
)
from learning.enrolment.routes.common import commit_and_send, managed_edition, visible_edition
from learning.enrolment.services import editions as editions_service
from learning.enrolment.services import schedule, seats
from learning.enrolment.services.common import WITHDRAWABLE, EnrolmentError, can_manage
from learning.enrolment.services.mylearning import progress_for
from learning.language.i18n import current_language, session_time
from learning.language.taxonomy import country_choices
from learning.language.timezones import from_wall_clock, timezone_choices, to_wall_clock
from learning.platform.extensions import db, limiter
from learning.web.errors import render_error
from learning.web.forms import ActionForm
from learning.web.views import done
from learning.workshops.access import editable as _editable
from learning.workshops.access import sign_in as _sign_in
from learning.workshops.models import EDITION_STATUSES, Edition, Enrolment, Workshop
from learning.workshops.services.curriculum import find_lesson, load_curriculum


@bp.route("/workshops/<slug>/editions")
def editions(slug: str):
    """The workshop's trainers and admins: every edition with its numbers."""
    workshop = _editable(slug)
    items = editions_service.managed_editions(workshop)
    taken = seats.seats_taken(e.id for e in items)
    return render_template(
        "enrolment/editions.html",
        workshop=workshop,
        text=workshop.text(),
        editions=items,
        taken=taken,
    )


def _edition_form(edition: Edition | None) -> Any:
    form = EditionForm()
    form.timezone.choices = timezone_choices()
    form.status.choices = [(key, EDITION_STATUS_LABELS[key]) for key in EDITION_STATUSES]
    form.mode.choices = list(MODE_LABELS.items())
    form.country.choices = [("", _("None (online)")), *country_choices(current_language())]
    if request.method == "GET":
        form.timezone.data = current_app.config["DEFAULT_TIMEZONE"]
        if edition is not None:
            form.name.data = edition.name
            form.starts_on.data = edition.starts_on
            form.ends_on.data = edition.ends_on
            form.timezone.data = edition.timezone
            form.status.data = edition.status
            form.capacity.data = edition.capacity
            form.mode.data = edition.enrolment_mode
            form.opens_at.data = to_wall_clock(edition.enrolment_opens_at, edition.timezone)
            form.closes_at.data = to_wall_clock(edition.enrolment_closes_at, edition.timezone)
            form.country.data = edition.country or ""
            form.place.data = edition.place or ""
    return form


def _save_edition(workshop: Workshop, edition: Edition | None) -> Any:
    form = _edition_form(edition)
    error = None
    if form.validate_on_submit():
        timezone = form.timezone.data or ""
        data = editions_service.EditionData(
            name=form.name.data or "",
            starts_on=form.starts_on.data,
            ends_on=form.ends_on.data,
            timezone=timezone,
            capacity=form.capacity.data,
            status=form.status.data or "",
            country=form.country.data or "",
            place=form.place.data or "",
            opens_at=from_wall_clock(form.opens_at.data, timezone),
            closes_at=from_wall_clock(form.closes_at.data, timezone),
            mode=form.mode.data or "",
            key=form.key.data or "",
        )
        try:
            saved, notices = editions_service.save_edition(workshop, edition, data)
        except EnrolmentError as exc:
            db.session.rollback()
            error = error_message(exc)
        else:
            commit_and_send(notices)
            if edition is None:
                # A new edition: its page, saying to set its live sessions there (below).
                flash(
                    _(
                        "The edition has been saved. Now set its live sessions below: "
                        "“Change the time” sets the date, time, place and link of each one "
                        "for this edition; “Add a live session” adds one to the curriculum."
                    ),
                    "success",
                )
                return done(url_for("enrolment.edition", edition_id=saved.id))
            flash(_("The edition has been saved."), "success")
            return done(url_for("enrolment.edition", edition_id=saved.id))
    status = 400 if error or form.errors else 200
    return render_template(
        "enrolment/edition_form.html",
        form=form,
        add_session=add_session_url(workshop),
        workshop=workshop,
        text=workshop.text(),
        edition=edition,
        error=error,
    ), status


@bp.route("/workshops/<slug>/editions/new", methods=["GET", "POST"])
def edition_new(slug: str):
    """The workshop's trainers and admins: plan a new edition."""
    return _save_edition(_editable(slug), None)


@bp.route("/editions/<int:edition_id>/edit", methods=["GET", "POST"])
def edition_edit(edition_id: int):
    """The workshop's trainers and admins: change an edition (more seats promote people)."""
    edition = managed_edition(edition_id)
    return _save_edition(edition.workshop, edition)


@bp.route("/editions/<int:edition_id>")
def edition(edition_id: int):
    """Whoever sees the workshop: the edition, its sessions, and how to enrol."""
    edition = visible_edition(edition_id)
    manager = can_manage(current_user, edition)
    mine = seats.my_enrolment(current_user, edition)
    invited = bool(
        current_user.is_authenticated
        and edition.enrolment_mode == "invitation"
        and seats.open_invitation(edition, current_user.email)
    )
    return render_template(
        "enrolment/edition.html",
        edition=edition,
        workshop=edition.workshop,
        text=edition.workshop.text(),
        sessions=schedule.sessions_for(edition),
        seats=seats.seats_left(edition),
        mine=mine,
        invited=invited,
        manager=manager,
        counts=editions_service.state_counts(edition) if manager else {},
        way_in=_way_in(edition, mine),
        form=EnrolForm(),
        can_enrol=_enrol_problem(edition) is None,
        problem=_enrol_problem(edition),
        add_session=add_session_url(edition.workshop) if manager else None,
    )


def add_session_url(workshop: Workshop) -> str:
    """Where a trainer adds a live session: a new lesson of the kind "live" at the end of the
    curriculum (its times are then set per edition), or the curriculum when it has no module
    yet."""
    if not workshop.modules:
        return url_for("workshops.curriculum", slug=workshop.slug)
    return url_for(
        "workshops.lesson_new", slug=workshop.slug, module_id=workshop.modules[-1].id, kind="live"
    )


def _way_in(edition: Edition, mine: Enrolment | None) -> tuple[str, str] | None:
    """Where the edition page sends a person who follows the lessons: ("start", "continue"
    or "review", the lesson to open); None for anyone else or a workshop with no lessons."""
    if mine is None or mine.state not in ("active", "completed"):
        return None
    progress = progress_for([mine]).get(mine.id)
    if progress is not None and progress.continue_url:
        return ("continue" if progress.done else "start"), progress.continue_url
    first = next((lesson for m in load_curriculum(edition.workshop) for lesson in m.lessons), None)
    if first is None:
        return None
    url = url_for("workshops.lesson", slug=edition.workshop.slug, lesson_id=first.id)
    return ("review" if progress is not None else "start"), url


def _enrol_problem(edition: Edition) -> str | None:
    if edition.workshop.status != "published":
        return str(MESSAGES["workshop_not_published"])
    try:
        seats.check_window(edition)
    except EnrolmentError as exc:
        if exc.code == "not_open_yet":
            return _(
                "Enrolment opens on %(when)s.",
                when=session_time(exc.detail["when"], edition.timezone),
            )
        return error_message(exc)
    return None


@bp.route("/editions/<int:edition_id>/enrol", methods=["POST"])
@limiter.limit("20 per hour", methods=["POST"])
def enrol(edition_id: int):
    """Signed-in people: enrol (or join the waitlist, or ask for approval)."""
    edition = visible_edition(edition_id)
    if not current_user.is_authenticated:
        _sign_in()
    form = EnrolForm()
    if not form.validate_on_submit():
        abort(400)
    if edition.workshop.status != "published":
        return render_error(400, str(MESSAGES["workshop_not_published"]))
    try:
        enrolment, notices = seats.enrol(current_user, edition, key=form.key.data or None)
    except EnrolmentError as exc:
        db.session.rollback()
        return render_error(400, error_message(exc))
    commit_and_send(notices)
    flash(
        {
            "active": _("You are enrolled. We have sent you an e-mail with the details."),
            "waitlisted": _(
                "The edition is full: you are on the waitlist. We will e-mail you as soon as a "
                "seat is yours."
            ),
            "pending": _(
                "Your request has been sent. The trainers will decide and we will e-mail you."
            ),
        }[enrolment.state],
        "success",
    )
    return done(url_for("enrolment.edition", edition_id=edition.id))


@bp.route("/editions/<int:edition_id>/withdraw", methods=["GET", "POST"])
def withdraw(edition_id: int):
    """Signed-in people: leave an edition (confirmed on this page)."""
    edition = visible_edition(edition_id)
    if not current_user.is_authenticated:
        _sign_in()
    mine = seats.my_enrolment(current_user, edition)
    if mine is None or mine.state not in WITHDRAWABLE:
        return render_error(400, str(MESSAGES["not_enrolled"]))
    form = ActionForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        notices = seats.withdraw(mine)
        commit_and_send(notices)
        flash(_("You have left this edition. You can enrol again while it is open."), "success")
        return done(url_for("enrolment.my_learning"))
    return render_template(
        "enrolment/withdraw.html", edition=edition, text=edition.workshop.text(), form=form
    )


@bp.route("/editions/<int:edition_id>/sessions/<int:lesson_id>", methods=["GET", "POST"])
def session_edit(edition_id: int, lesson_id: int):
    """The workshop's trainers and admins: this edition's own times for a live session."""
    edition = managed_edition(edition_id)
    lesson = find_lesson(edition.workshop, lesson_id)
    if lesson is None or lesson.kind != "live":
        abort(404)
    current = next(s for s in schedule.sessions_for(edition) if s.lesson_id == lesson.id)
    form = SessionForm()
    if request.method == "GET":
        form.starts_at.data = to_wall_clock(current.starts_at, edition.timezone)
        form.ends_at.data = to_wall_clock(current.ends_at, edition.timezone)
        form.place.data = current.place or ""
        form.meeting_url.data = current.meeting_url or ""
    error = None
    if form.validate_on_submit():
        try:
            schedule.update_session(
                edition,
                lesson,
                starts_at=from_wall_clock(form.starts_at.data, edition.timezone),
                ends_at=from_wall_clock(form.ends_at.data, edition.timezone),
                place=form.place.data or "",
                meeting_url=form.meeting_url.data or "",
            )
        except EnrolmentError as exc:
            db.session.rollback()
            error = error_message(exc)
        else:
            db.session.commit()
            flash(_("The session has been saved."), "success")
            return done(url_for("enrolment.edition", edition_id=edition.id))
    return render_template(
        "enrolment/session_form.html",
        form=form,
        edition=edition,
        lesson=lesson,
        error=error,
    ), 400 if error or form.errors else 200
