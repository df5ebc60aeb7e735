"""Registering for an event, one's own registration (answers, ticket, withdrawing), and
starring sessions for a personal agenda."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from learning.events.blueprint import bp
from learning.events.forms import RegistrationForm
from learning.events.messages import error_message
from learning.events.models import HOLDING, EventRegistration, EventSession
from learning.events.routes.common import commit_and_send, signed_in_only, visible_event
from learning.events.services import agenda, offers, places, questions, registrations
from learning.events.services.common import EventError
from learning.events.services.tickets import ticket_code
from learning.platform.extensions import db, limiter
from learning.web.errors import render_error
from learning.web.forms import ActionForm
from learning.web.views import done, load_or_404, require_action_form

DONE = {
    "registered": _l("You are registered. We have sent you an e-mail with your ticket."),
    "waitlisted": _l(
        "The event is full: you are on the waitlist. We will e-mail you as soon as a place is "
        "yours."
    ),
    "pending": _l("Your request has been sent. The organisers will decide and we will e-mail you."),
}


def _answers(form: Any) -> registrations.Answers:
    return registrations.Answers(
        consent_list=bool(form.consent_list.data),
        consent_photos=bool(form.consent_photos.data),
        consent_news=bool(form.consent_news.data),
        accessibility=form.accessibility.data or "",
    )


def _given(asked: list[Any]) -> dict[int, str]:
    """What the form sent for each custom question, to show again after a refusal."""
    return {q.id: request.form.get(f"q_{q.id}", "") for q in asked}


def _checked(asked: list[Any]) -> dict[int, str]:
    """The custom answers checked (raises EventError naming the question)."""
    return questions.check_answers(
        asked, {str(q.id): request.form.get(f"q_{q.id}", "") for q in asked}
    )


def own_registration(registration_id: int) -> EventRegistration:
    """The signed-in person's own registration: anyone else's is a 404."""
    signed_in_only()
    registration = load_or_404(EventRegistration, registration_id, user_id=current_user.id)
    visible_event(registration.event_id)
    return registration


@bp.route("/<int:event_id>/register", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
def register(event_id: int):
    """Signed-in people: register (or join the waitlist, or ask for approval)."""
    event = visible_event(event_id)
    signed_in_only()
    mine = registrations.mine(current_user, event)
    if mine is not None and mine.state in HOLDING:
        return render_error(400, error_message(EventError("already_registered")))
    form = RegistrationForm()
    error = None
    asked = questions.questions_of(event.id)
    if form.validate_on_submit():
        try:
            values = _checked(asked)
            registration, notices = registrations.register(current_user, event, _answers(form))
            questions.save_answers(registration, values)
        except EventError as exc:
            db.session.rollback()
            error = error_message(exc)
        else:
            commit_and_send(notices)
            flash(str(DONE[registration.state]), "success")
            return done(url_for("events.detail", event_id=event.id))
    elif request.method == "GET":
        try:
            registrations.check_window(event)
        except EventError as exc:
            return render_error(400, error_message(exc))
    return render_template(
        "events/register.html",
        event=event,
        text=event.text(),
        form=form,
        error=error,
        questions=asked,
        answers=_given(asked) if request.method == "POST" else {},
    ), 400 if error or form.errors else 200


@bp.route("/registrations/<int:registration_id>", methods=["GET", "POST"])
def registration(registration_id: int):
    """The person registered: their state, ticket code, and their answers to change."""
    mine = own_registration(registration_id)
    event = mine.event
    form = RegistrationForm(obj=mine) if request.method == "GET" else RegistrationForm()
    error = None
    asked = questions.questions_of(event.id)
    if request.method == "POST" and form.validate_on_submit():
        try:
            values = _checked(asked)
            registrations.change_answers(mine, _answers(form))
            questions.save_answers(mine, values)
        except EventError as exc:
            db.session.rollback()
            error = error_message(exc)
        else:
            db.session.commit()
            flash(_("Your answers have been saved."), "success")
            return done(url_for("events.registration", registration_id=mine.id))
    return render_template(
        "events/registration.html",
        event=event,
        text=event.text(),
        mine=mine,
        rank=registrations.waitlist_rank(mine),
        ticket=ticket_code(mine.id, event.id) if mine.state == "registered" else None,
        form=form,
        error=error,
        questions=asked,
        answers=_given(asked) if request.method == "POST" else questions.answers_of(mine.id),
        offer=offers.has_offer(mine),
        limited=places.limited_sessions(event.id, current_user.id)
        if mine.state == "registered"
        else [],
        action_form=ActionForm(),
    ), 400 if error or form.errors else 200


@bp.route("/<int:event_id>/sessions/<int:session_id>/place", methods=["POST"])
def session_place(event_id: int, session_id: int):
    """People with a place at the event: take a place in a session with limited places (or
    its waitlist), ``on=1``, or give it up."""
    event = visible_event(event_id)
    signed_in_only()
    require_action_form()
    session = load_or_404(EventSession, session_id, event_id=event.id)
    on = request.form.get("on") == "1"
    try:
        if on:
            place = places.take(current_user, session)
        else:
            places.leave(current_user, session)
    except EventError as exc:
        db.session.rollback()
        return render_error(400, error_message(exc))
    db.session.commit()
    if not on:
        flash(_("You have given up your place in the session."), "success")
    elif place.state == "held":
        flash(_("You have a place in the session."), "success")
    else:
        flash(_("The session is full: you are on its waitlist."), "success")
    mine = registrations.mine(current_user, event)
    if mine is None:
        return done(url_for("events.detail", event_id=event.id))
    return done(url_for("events.registration", registration_id=mine.id) + "#sessions-title")


@bp.route("/registrations/<int:registration_id>/accept", methods=["POST"])
def accept_offer(registration_id: int):
    """The person offered a place from the waitlist takes it (before the deadline)."""
    mine = own_registration(registration_id)
    require_action_form()
    try:
        notices = offers.accept(mine)
    except EventError as exc:
        db.session.rollback()
        return render_error(400, error_message(exc))
    commit_and_send(notices)
    flash(_("The place is yours: you are registered. We have e-mailed you your ticket."), "success")
    return done(url_for("events.registration", registration_id=registration_id))


@bp.route("/registrations/<int:registration_id>/withdraw", methods=["GET", "POST"])
def withdraw(registration_id: int):
    """The person registered: leave the event (confirmed on this page)."""
    mine = own_registration(registration_id)
    if mine.state not in HOLDING:
        return render_error(400, error_message(EventError("not_registered")))
    form = ActionForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        event_id = mine.event_id
        commit_and_send(registrations.withdraw(mine))
        flash(_("You have left this event. You can register again while it is open."), "success")
        return done(url_for("events.detail", event_id=event_id))
    return render_template(
        "events/withdraw.html", event=mine.event, text=mine.event.text(), mine=mine, form=form
    )


@bp.route("/<int:event_id>/sessions/<int:session_id>/star", methods=["POST"])
def star(event_id: int, session_id: int):
    """Registered people: put a session on (``on=1``) or off their personal agenda."""
    event = visible_event(event_id)
    signed_in_only()
    require_action_form()
    session = load_or_404(EventSession, session_id, event_id=event.id)
    on = request.form.get("on") == "1"
    try:
        agenda.star(current_user, session, on)
    except EventError as exc:
        db.session.rollback()
        return render_error(400, error_message(exc))
    db.session.commit()
    flash(
        _("The session is on your agenda.") if on else _("The session is off your agenda."),
        "success",
    )
    return done(url_for("events.detail", event_id=event.id) + f"#session-{session.id}")
