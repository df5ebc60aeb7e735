"""Registrations for organisers: the list with its numbers, approving or declining requests,
and the CSV export (tickets are checked at the door: routes/attending.py)."""

from __future__ import annotations

from flask import abort, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_pgettext
from flask_login import current_user

from learning.audit import services as audit
from learning.events.blueprint import bp
from learning.events.messages import error_message
from learning.events.models import REGISTRATION_STATES, EventRegistration
from learning.events.routes.common import commit_and_send, managed_event
from learning.events.services import questions, registrations
from learning.events.services.common import EventError
from learning.language.i18n import current_language, date_formatter
from learning.language.taxonomy import SECTORS, country_name
from learning.platform.extensions import db
from learning.storage.store import private_download
from learning.web.csvutil import export_rows
from learning.web.errors import render_error
from learning.web.forms import ActionForm
from learning.web.views import done, load_or_404

COLUMNS = (
    lazy_pgettext("csv column", "name"),
    lazy_pgettext("csv column", "email"),
    lazy_pgettext("csv column", "country"),
    lazy_pgettext("csv column", "organisation"),
    lazy_pgettext("csv column", "sector"),
    lazy_pgettext("csv column", "state"),
    lazy_pgettext("csv column", "waitlist position"),
    lazy_pgettext("csv column", "registered on"),
    lazy_pgettext("csv column", "may be listed"),
    lazy_pgettext("csv column", "photos and recordings"),
    lazy_pgettext("csv column", "news"),
    lazy_pgettext("csv column", "accessibility needs"),
)


@bp.route("/<int:event_id>/registrations")
def roster(event_id: int):
    """Who runs the event: everyone registered, waiting or withdrawn, with the numbers."""
    event = managed_event(event_id)
    return render_template(
        "events/roster.html",
        event=event,
        text=event.text(),
        rows=registrations.roster(event),
        counts=registrations.state_counts(event),
        places=registrations.places_left(event),
        form=ActionForm(),
        asked=questions.questions_of(event.id),
        answers=questions.answers_for_event(event.id),
        shown=questions.shown,
    )


@bp.route("/<int:event_id>/registrations.csv")
def roster_csv(event_id: int):
    """Who runs the event: the registrations as CSV (UTF-8 with BOM, formula-safe)."""
    event = managed_event(event_id)
    language = current_language()
    day = date_formatter("short")
    yes, no = _("yes"), _("no")
    asked = questions.questions_of(event.id)
    answers = questions.answers_for_event(event.id)
    labels = [questions.label_of(q) for q in asked]
    rows = [
        (
            r.user.name,
            r.user.email,
            country_name(r.user.country, language),
            r.user.organisation or "",
            str(SECTORS.get(r.user.sector or "", "")),
            str(REGISTRATION_STATES[r.state]),
            registrations.waitlist_rank(r) or "",
            day(r.created_at),
            yes if r.consent_list else no,
            yes if r.consent_photos else no,
            yes if r.consent_news else no,
            r.accessibility,
            *(questions.shown(q, answers.get(r.id, {}).get(q.id), language) for q in asked),
        )
        for r in registrations.roster(event)
    ]
    # Names, addresses and needs leave the platform: the audit log says who took them.
    audit.record("export.downloaded", target_type="event", target_id=event.id, rows=len(rows))
    db.session.commit()
    return private_download(
        export_rows([*(str(c) for c in COLUMNS), *labels], rows),
        "text/csv",
        f"event-{event.id}-registrations.csv",
    )


@bp.route("/<int:event_id>/registrations/<int:registration_id>/decide", methods=["POST"])
def decide(event_id: int, registration_id: int):
    """Who runs the event: accept (``accept=1``) or decline a pending request."""
    event = managed_event(event_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    row = load_or_404(EventRegistration, registration_id, event_id=event.id)
    try:
        notices = registrations.decide(
            row, by=current_user, accept=request.form.get("accept") == "1"
        )
    except EventError as exc:
        db.session.rollback()
        return render_error(400, error_message(exc))
    commit_and_send(notices)
    flash(_("Your decision has been recorded and the person told by e-mail."), "success")
    return done(url_for("events.roster", event_id=event.id))
