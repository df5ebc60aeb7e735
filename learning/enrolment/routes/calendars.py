"""Calendars: an edition's live sessions as an iCalendar file, and each person's private feed
(made, replaced or turned off from My learning)."""

from __future__ import annotations

from flask import Response, abort, current_app, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning.enrolment.blueprint import bp
from learning.enrolment.routes.common import visible_edition
from learning.enrolment.services import calendars, schedule
from learning.language.i18n import current_language
from learning.platform.extensions import db
from learning.platform.slots import CALENDAR_ENTRIES
from learning.storage.store import content_disposition
from learning.web.views import done, require_action_form
from learning.workshops.access import sign_in as _sign_in
from learning.workshops.models import Edition


@bp.route("/my-learning/calendar", methods=["POST"])
def calendar_link():
    """Signed-in people: make (or replace) the private calendar link and show it once."""
    if not current_user.is_authenticated:
        _sign_in()
    require_action_form()
    token = calendars.new_calendar_token(current_user)
    db.session.commit()
    return render_template(
        "enrolment/calendar_link.html",
        feed_url=url_for("enrolment.feed", token=token, _external=True),
    )


@bp.route("/my-learning/calendar/revoke", methods=["POST"])
def calendar_revoke():
    """Signed-in people: turn the private calendar link off."""
    if not current_user.is_authenticated:
        _sign_in()
    require_action_form()
    calendars.revoke_calendar_token(current_user)
    db.session.commit()
    flash(_("Your private calendar link has been turned off."), "success")
    return done(url_for("enrolment.my_learning"))


def _ics(
    editions: list[Edition],
    *,
    name: str,
    language: str,
    filename: str,
    more: list[calendars.CalendarEvent] | None = None,
) -> Response:
    sessions = schedule.sessions_for_editions(editions)
    body = calendars.to_ics(
        calendars.calendar_events(sessions, editions, language) + (more or []),
        name=name,
        domain=request.host.split(":")[0] or "puente.local",
    )
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = content_disposition(filename, False)
    response.headers["Cache-Control"] = "private, no-cache"
    return response


@bp.route("/calendar/<token>.ics")
def feed(token: str):
    """Anyone holding the secret link: every session of that person's active enrolments, and
    what other features add (CALENDAR_ENTRIES)."""
    user = calendars.user_for_calendar(token)
    if user is None:
        abort(404)
    language = user.preferred_language
    return _ics(
        calendars.feed_editions(user),
        name=current_app.config.get("PROGRAMME_NAME", "Puente"),
        language=language,
        filename="puente.ics",
        # What the features above add to the feed (events a person registered for).
        more=[
            entry for provide in CALENDAR_ENTRIES.fillings() for entry in provide(user, language)
        ],
    )


@bp.route("/editions/<int:edition_id>/calendar.ics")
def edition_calendar(edition_id: int):
    """Whoever sees the edition: its live sessions as an iCalendar file."""
    edition = visible_edition(edition_id)
    text = edition.workshop.text()
    return _ics(
        [edition],
        name=f"{text.title if text else edition.workshop.slug} · {edition.name}",
        language=current_language(),
        filename=f"edition-{edition.id}.ics",
    )
