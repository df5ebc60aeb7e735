"""Being at an event: a registered person's ticket (the code and its QR image), the door for
organisers (check-in by ticket code, by name, or a walk-in, per day of the event, on a phone
and without JavaScript), and online attendance with the day's short code.

Who may: the ticket is its holder's alone (anyone else, or a person without a place, gets a
404); the door is for who runs the event (as the roster: sign-in, else 403); entering the
online code is for people registered, while the event runs, and limited per person.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from typing import Any

import segno
from flask import Response, abort, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user

from learning.events.blueprint import bp
from learning.events.forms import AttendForm, CheckInForm, WalkInForm
from learning.events.messages import error_message
from learning.events.models import Event, EventRegistration, EventSession, EventSessionAttendance
from learning.events.routes.common import managed_event, signed_in_only, visible_event
from learning.events.services import attendance, registrations
from learning.events.services.common import EventError
from learning.events.services.tickets import ticket_code
from learning.platform.extensions import db, limiter
from learning.web.errors import render_error
from learning.web.views import done, load_or_404, require_action_form


def _own_ticket(event: Event) -> EventRegistration | None:
    signed_in_only()
    mine = registrations.mine(current_user, event)
    return mine if mine is not None and mine.state == "registered" else None


@bp.route("/<int:event_id>/my-ticket")
def my_ticket(event_id: int):
    """The person registered: their ticket code as text and as a QR code to show at the door."""
    event = visible_event(event_id)
    mine = _own_ticket(event)
    if mine is None:
        return render_error(404, error_message(EventError("not_registered")))
    return render_template(
        "events/my_ticket.html", event=event, text=event.text(), code=ticket_code(mine.id, event.id)
    )


@bp.route("/<int:event_id>/my-ticket.png")
def my_ticket_qr(event_id: int):
    """The person registered: the QR image of their ticket code (PNG)."""
    event = visible_event(event_id)
    mine = _own_ticket(event)
    if mine is None:
        abort(404)
    image = io.BytesIO()
    segno.make(ticket_code(mine.id, event.id), error="m").save(image, kind="png", scale=8, border=4)
    response = Response(image.getvalue(), mimetype="image/png")
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _door(
    event: Event,
    day: date,
    *,
    session: EventSession | None = None,
    error: str | None = None,
    status: int = 200,
    q: str = "",
    code_form: CheckInForm | None = None,
    walk_form: WalkInForm | None = None,
) -> tuple[str, int]:
    return render_template(
        "events/check_in.html",
        event=event,
        text=event.text(),
        days=attendance.event_days(event),
        day=day,
        session=session,
        sessions=attendance.day_sessions(event, day),
        session_counts=attendance.session_counts(event),
        q=q,
        results=attendance.search(event, q, day) if q else None,
        counts=attendance.day_counts(event, day),
        online_code=(
            (
                attendance.session_code(event, session)
                if session
                else attendance.online_code(event, day)
            )
            if attendance.takes_online(event)
            else None
        ),
        code_form=code_form or CheckInForm(formdata=None),
        walk_form=walk_form or WalkInForm(formdata=None),
        error=error,
    ), status


def _attempt(
    event: Event,
    act: Callable[[date, EventSession | None], str],
    q: str = "",
    **forms: Any,
):
    """Record what ``act`` records on the day (and session, if any) the form names (it
    returns the sentence that confirms it), commit and go back to the door; a refusal shows
    the door again with its message and what was typed (409 for someone already present,
    400 otherwise, a session of another event included)."""
    day = attendance.default_day(event)
    session = None
    try:
        day = attendance.parse_day(event, request.form.get("day"))
        session = attendance.parse_session(event, request.form.get("session"))
        said = act(day, session)
    except EventError as exc:
        db.session.rollback()
        status = 409 if exc.code == "already_present" else 400
        return _door(
            event, day, session=session, error=error_message(exc), status=status, q=q, **forms
        )
    db.session.commit()
    flash(said, "success")
    return done(
        url_for(
            "events.check_in",
            event_id=event.id,
            day=day.isoformat(),
            session=session.id if session else None,
            q=q or None,
        )
    )


@bp.route("/<int:event_id>/check-in")
def check_in(event_id: int):
    """Who runs the event: the door, for one day (``day``) and optionally one of its sessions
    (``session``), with a search by name (``q``)."""
    event = managed_event(event_id)
    q = (request.args.get("q") or "").strip()[:200]
    try:
        day = attendance.parse_day(event, request.args.get("day"))
        session = attendance.parse_session(event, request.args.get("session"))
    except EventError as exc:
        return _door(event, attendance.default_day(event), error=error_message(exc), status=400)
    if session is not None:
        day = attendance.local_day(event, session.starts_at)
    return _door(event, day, session=session, q=q)


@bp.route("/<int:event_id>/check-in/ticket", methods=["POST"])
def check_in_ticket(event_id: int):
    """Who runs the event: check in the holder of a ticket code."""
    event = managed_event(event_id)
    form = CheckInForm()
    if not form.validate_on_submit():
        abort(400)

    def act(day: date, session: EventSession | None) -> str:
        registration = attendance.check_in_ticket(event, form.code.data or "", day, session)
        return _("Checked in: %(name)s.", name=registration.user.name)

    return _attempt(event, act, code_form=form)


@bp.route("/<int:event_id>/check-in/person", methods=["POST"])
def check_in_person(event_id: int):
    """Who runs the event: check in a registered person found by name."""
    event = managed_event(event_id)
    require_action_form()
    registration = load_or_404(
        EventRegistration, request.form.get("registration", type=int) or 0, event_id=event.id
    )

    def act(day: date, session: EventSession | None) -> str:
        attendance.check_in(event, registration, day, session)
        return _("Checked in: %(name)s.", name=registration.user.name)

    return _attempt(event, act, q=(request.form.get("q") or "").strip()[:200])


@bp.route("/<int:event_id>/check-in/walk-in", methods=["POST"])
def walk_in(event_id: int):
    """Who runs the event: add someone who came without registering (name and e-mail)."""
    event = managed_event(event_id)
    form = WalkInForm()
    if not form.validate_on_submit():
        abort(400)

    def act(day: date, session: EventSession | None) -> str:
        row = attendance.walk_in(event, form.name.data or "", form.email.data or "", day, session)
        return _("Walk-in added: %(name)s.", name=row.name)

    return _attempt(event, act, walk_form=form)


def _per_person() -> str:
    """Guesses of the code are counted per person (many share the venue's address)."""
    if current_user.is_authenticated:
        return f"person:{current_user.get_id()}"
    return get_remote_address()


@bp.route("/<int:event_id>/attend", methods=["POST"])
@limiter.limit("10 per hour", key_func=_per_person)
def attend(event_id: int):
    """Registered people, while the event runs: mark themselves present online."""
    event = visible_event(event_id)
    signed_in_only()
    form = AttendForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        row = attendance.attend_online(current_user, event, form.code.data or "")
    except EventError as exc:
        db.session.rollback()
        if exc.code == "already_present":
            flash(error_message(exc), "info")
            return done(url_for("events.detail", event_id=event.id))
        return render_error(403 if exc.code == "not_registered" else 400, error_message(exc))
    db.session.commit()
    if isinstance(row, EventSessionAttendance):
        flash(_("Thank you: you are marked present online at this session."), "success")
    else:
        flash(_("Thank you: you are marked present online today."), "success")
    return done(url_for("events.detail", event_id=event.id))
