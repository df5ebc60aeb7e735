"""Enrolment pages: editions, enrolling and withdrawing, rosters and decisions, bulk CSV,
calendars, and My learning.

Who may: an edition's page and its calendar follow the workshop (public when published; a
draft workshop or a draft edition is a 404 for all but its trainers and admins). Enrolling and
withdrawing need a signed-in person. Everything that runs an edition (editions, roster,
decisions, CSV, session times) is for the workshop's trainers and admins; others get 403.
The private calendar feed needs no sign-in: its secret token is the permission.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.sansio.blueprints import BlueprintSetupState
from flask_babel import get_timezone, lazy_pgettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from learning.audit import services as audit
from learning.enrolment.calendars import to_ics
from learning.language.i18n import current_language, date_formatter, session_time, when_formatter
from learning.language.taxonomy import SECTORS, country_choices, country_name
from learning.language.timezones import from_wall_clock, timezone_choices, to_wall_clock
from learning.platform import cache
from learning.platform.extensions import db, limiter
from learning.storage import services as storage
from learning.storage.base import StorageError
from learning.storage.models import StoredFile
from learning.storage.routes import accepts_upload, commit_with_files, save_file
from learning.storage.store import content_disposition, get_storage, private_download
from learning.web.csvutil import export_rows
from learning.web.errors import render_error
from learning.web.pagination import page_number
from learning.workshops import services as workshops
from learning.workshops.access import EditionFacts, edition_facts, visible_facts
from learning.workshops.access import editable as _editable
from learning.workshops.access import sign_in as _sign_in
from learning.workshops.models import (
    EDITION_STATUSES,
    ENROLMENT_STATES,
    Edition,
    Enrolment,
    Workshop,
)

from . import services
from .forms import (
    ActionForm,
    ConfirmImportForm,
    DecisionForm,
    EditionForm,
    EnrolForm,
    ImportForm,
    MoveForm,
    SessionForm,
)
from .models import EnrolmentImport
from .services import EnrolmentError

log = logging.getLogger(__name__)

bp = Blueprint("enrolment", __name__)

CSV_EXTENSIONS = frozenset({"csv", "txt"})
PREVIEW_REFUSALS = 300

# Contexts: in Spanish the implied noun is "inscripción" (feminine).
STATE_LABELS = {
    "pending": lazy_pgettext("enrolment state", "pending approval"),
    "waitlisted": lazy_pgettext("enrolment state", "waitlisted"),
    "active": lazy_pgettext("enrolment state", "enrolled"),
    "completed": lazy_pgettext("enrolment state", "completed"),
    "withdrawn": lazy_pgettext("enrolment state", "withdrawn"),
    "rejected": lazy_pgettext("enrolment state", "not accepted"),
}
MODE_LABELS = {
    "open": _l("Open: anyone signed in"),
    "approval": _l("Approval required"),
    "key": _l("With an enrolment key"),
    "invitation": _l("By invitation only"),
}
EDITION_STATUS_LABELS = {
    "draft": _l("Draft: only trainers see it"),
    "open": _l("Open"),
    "closed": _l("Closed to new enrolments"),
    "cancelled": _l("Cancelled"),
}

MESSAGES = {
    "edition_closed": _l("This edition does not accept enrolments."),
    "not_open_yet": _l("Enrolment for this edition has not opened yet."),
    "enrolment_closed": _l("Enrolment for this edition has closed."),
    "already_enrolled": _l("You are already enrolled in this edition (or waiting for a seat)."),
    "was_rejected": _l("Your request for this edition was not accepted. Write to the trainers "
                       "if you think this is a mistake."),
    "key_missing": _l("This edition needs an enrolment key. Enter the key the trainers gave "
                      "you."),
    "wrong_key": _l("The enrolment key is not right. Check it with the trainers and try again."),
    "invitation_only": _l("This edition is by invitation only. Ask the trainers for an "
                          "invitation."),
    "workshop_not_published": _l("This workshop is not in the catalogue yet."),
    "not_enrolled": _l("You are not enrolled in this edition."),
    "not_pending": _l("This person is not waiting for a decision any more."),
    "bad_target": _l("Choose another edition of the same workshop."),
    "already_in_target": _l("This person is already in that edition."),
    "name_missing": _l("Give the edition a name of at most 200 characters."),
    "dates_missing": _l("Enter the first and last day."),
    "dates_order": _l("The last day must be on or after the first day."),
    "bad_timezone": _l("Choose a time zone from the list."),
    "bad_capacity": _l("Enter a number of seats from 1 to 100000, or leave it empty."),
    "bad_status": _l("Choose a status from the list."),
    "bad_country": _l("Choose a country from the list."),
    "bad_mode": _l("Choose who may enrol from the list."),
    "key_length": _l("The enrolment key needs 4 to 128 characters."),
    "window_order": _l("Enrolment must close after it opens."),
    "not_live": _l("This lesson is not a live session."),
    "session_times": _l("Enter when the session starts and ends; it must end after it starts."),
    "bad_url": _l("Enter a full link starting with https:// (or http://)."),
    "csv_empty": _l("The file is empty. Choose a CSV file with a header row and people."),
    "csv_binary": _l("This is not a CSV file. In your spreadsheet, use “Save as” → CSV."),
    "csv_no_header": _l("The file has no header row. The first row must name the columns: "
                        "email, name."),
    "already_confirmed": _l("This file has already been imported."),
}  # fmt: skip

REASONS = {
    "email_missing": _l("The e-mail is empty."),
    "email_invalid": _l("This is not a valid e-mail address."),
    "name_missing": _l("The name is empty."),
    "name_too_long": _l("The name is longer than 200 characters."),
    "too_long": _l("Longer than 200 characters."),
    "country_unknown": _l("Unknown country: use a two-letter code (MX) or the name in Spanish "
                          "or English."),
    "language_unknown": _l("Use es (Spanish) or en (English)."),
    "already_invited": _l("Already invited to this edition."),
}  # fmt: skip

COLUMN_LABELS = {
    "email": lazy_pgettext("csv column", "email"),
    "name": lazy_pgettext("csv column", "name"),
    "country": lazy_pgettext("csv column", "country"),
    "organisation": lazy_pgettext("csv column", "organisation"),
    "sector": lazy_pgettext("csv column", "sector"),
    "language": lazy_pgettext("csv column", "language"),
}


def message(error: EnrolmentError) -> str:
    """What to tell the person, in their language."""
    if error.code == "csv_missing_columns":
        return _(
            "The file has no column %(columns)s. The first row must name the columns: email, "
            "name (optional: country, organisation, sector, language).",
            columns=", ".join(error.detail.get("columns", [])),
        )
    if error.code == "csv_too_many_rows":
        return _(
            "The file has more than %(limit)s rows. Split it into smaller files.",
            limit=error.detail.get("limit"),
        )
    return str(MESSAGES.get(error.code, _("Something in the form was not right.")))


def reason(refusal: services.Refusal) -> str:
    """Why a CSV row was refused, in the reader's language."""
    if refusal.reason == "duplicate_in_file":
        return _("This e-mail already appears in row %(row)s.", row=refusal.detail["first"])
    if refusal.reason == "already_enrolled":
        return _(
            "Already in this edition (%(state)s).",
            state=STATE_LABELS.get(refusal.detail["state"], refusal.detail["state"]),
        )
    if refusal.reason == "sector_unknown":
        return _("Unknown sector: use one of %(keys)s.", keys=", ".join(SECTORS))
    return str(REASONS.get(refusal.reason, refusal.reason))


# Set-up --------------------------------------------------------------------------------------


@bp.record_once
def _setup(state: BlueprintSetupState) -> None:
    app = state.app
    app.jinja_env.globals["enrolment_seats"] = services.seats_left_for
    from . import cli

    app.cli.add_command(cli.enrolment_cli)


@bp.context_processor
def _template_helpers() -> dict[str, Any]:
    return {
        "STATE_LABELS": STATE_LABELS,
        "MODE_LABELS": MODE_LABELS,
        "EDITION_STATUS_LABELS": EDITION_STATUS_LABELS,
        "edition_time": lambda value, edition: session_time(value, edition.timezone),
    }


def _import_access(user: object, file: StoredFile) -> str:
    """Uploaded rosters: only the edition's trainers and admins; nobody else learns of them."""
    found = db.session.scalar(select(EnrolmentImport).where(EnrolmentImport.file_id == file.id))
    if found is not None and services.can_manage(user, found.edition):
        return storage.ALLOW
    if not getattr(user, "is_authenticated", False):
        return storage.LOGIN
    return storage.HIDE


storage.register_access("csv-import", _import_access)


# Loading and checking ----------------------------------------------------------------------


def _edition(edition_id: int) -> Edition:
    """The edition if this person may see it: 404 for drafts (of workshop or edition) they may
    not manage."""
    edition = db.session.get(Edition, edition_id)
    if edition is None or not workshops.can_see(current_user, edition.workshop):
        abort(404)
    if edition.status == "draft" and not services.can_manage(current_user, edition):
        abort(404)
    return edition


def _managed(edition_id: int) -> Edition:
    """The edition if this person runs it: 404 as ``_edition``, sign-in, else 403."""
    return _managed_facts(edition_id).load()


def _managed_facts(edition_id: int) -> EditionFacts:
    """``_managed`` from kept facts (learning.workshops.access), without loading the
    edition: 404 as ``_edition``, sign-in, else 403."""
    found = edition_facts(edition_id)
    if found is None:
        abort(404)
    manager = workshops.can_edit(current_user, visible_facts(found.workshop_slug))
    if found.status == "draft" and not manager:
        abort(404)
    if not current_user.is_authenticated:
        _sign_in()
    if not manager:
        abort(403)
    return found


def _enrolment(edition: Edition, enrolment_id: int) -> Enrolment:
    enrolment = db.session.get(Enrolment, enrolment_id)
    if enrolment is None or enrolment.edition_id != edition.id:
        abort(404)
    return enrolment


def _action_form() -> None:
    if not ActionForm().validate_on_submit():
        abort(400)


def _done(target: str) -> Response:
    return redirect(target, 303)


def _commit_and_send(notices: list[services.Notice]) -> None:
    db.session.commit()
    services.deliver(notices)


# My learning and calendars -------------------------------------------------------------------


@bp.route("/my-learning")
def my_learning():
    """Signed-in people: their enrolments by state, next live session, progress."""
    if not current_user.is_authenticated:
        _sign_in()
    # Open invitations to the person's address become enrolments on a visit. Whether there
    # are any is kept with the person's records and the editions (an invitation renews them).
    if cache.fragment(
        ("workshops", *cache.person_kinds()),
        ("open-invitations",),
        lambda: services.has_open_invitations(current_user),
    ):
        notices = services.claim_invitations(current_user)
        if notices or db.session.dirty or db.session.new:
            _commit_and_send(notices)
    body = cache.rendered(
        ("workshops", *cache.person_kinds()),
        # Next live sessions follow the clock: a new key every five minutes, on the hour's
        # fifths, so a session starting on the hour drops out at once.
        (current_user.timezone, int(time.time() // 300)),
        "enrolment/_my_learning_body.html",
        _my_learning_body,
    )
    return render_template("enrolment/my_learning.html", body=body)


def _my_learning_body() -> dict[str, Any]:
    """My learning's enrolments by state, next live sessions, progress and calendar link."""
    enrolments = services.my_enrolments(current_user)
    groups: dict[str, list[Any]] = {state: [] for state in services.MY_LEARNING_ORDER}
    for enrolment in enrolments:
        groups.setdefault(enrolment.state, []).append(enrolment)
    return {
        "groups": groups,
        "total": len(enrolments),
        "next_sessions": services.next_sessions(enrolments),
        "progress": services.progress_for(enrolments),
        "calendar": services.calendar_token_row(current_user),
        "action_form": ActionForm(),
        # Worked out once for the page, not once per card.
        "state_names": {key: str(label) for key, label in STATE_LABELS.items()},
        "day": date_formatter(),
    }


@bp.route("/my-learning/calendar", methods=["POST"])
def calendar_link():
    """Signed-in people: make (or replace) the private calendar link and show it once."""
    if not current_user.is_authenticated:
        _sign_in()
    _action_form()
    token = services.new_calendar_token(current_user)
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
    _action_form()
    services.revoke_calendar_token(current_user)
    db.session.commit()
    flash(_("Your private calendar link has been turned off."), "success")
    return _done(url_for("enrolment.my_learning"))


def _ics(editions: list[Edition], *, name: str, language: str, filename: str) -> Response:
    sessions = services.sessions_for_editions(editions)
    body = to_ics(
        services.calendar_events(sessions, editions, language),
        name=name,
        domain=request.host.split(":")[0] or "puente.local",
    )
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = content_disposition(filename, False)
    response.headers["Cache-Control"] = "private, no-cache"
    return response


@bp.route("/calendar/<token>.ics")
def feed(token: str):
    """Anyone holding the secret link: every session of that person's active enrolments."""
    user = services.user_for_calendar(token)
    if user is None:
        abort(404)
    return _ics(
        services.feed_editions(user),
        name=current_app.config.get("PROGRAMME_NAME", "Puente"),
        language=user.preferred_language,
        filename="puente.ics",
    )


# Editions --------------------------------------------------------------------------------------


@bp.route("/workshops/<slug>/editions")
def editions(slug: str):
    """The workshop's trainers and admins: every edition with its numbers."""
    workshop = _editable(slug)
    items = services.managed_editions(workshop)
    taken = services.seats_taken(e.id for e in items)
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
        data = services.EditionData(
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
            saved, notices = services.save_edition(workshop, edition, data)
        except EnrolmentError as exc:
            db.session.rollback()
            error = message(exc)
        else:
            _commit_and_send(notices)
            flash(_("The edition has been saved."), "success")
            return _done(url_for("enrolment.edition", edition_id=saved.id))
    status = 400 if error or form.errors else 200
    return render_template(
        "enrolment/edition_form.html",
        form=form,
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
    edition = _managed(edition_id)
    return _save_edition(edition.workshop, edition)


@bp.route("/editions/<int:edition_id>")
def edition(edition_id: int):
    """Whoever sees the workshop: the edition, its sessions, and how to enrol."""
    edition = _edition(edition_id)
    manager = services.can_manage(current_user, edition)
    mine = services.my_enrolment(current_user, edition)
    invited = bool(
        current_user.is_authenticated
        and edition.enrolment_mode == "invitation"
        and services.open_invitation(edition, current_user.email)
    )
    return render_template(
        "enrolment/edition.html",
        edition=edition,
        workshop=edition.workshop,
        text=edition.workshop.text(),
        sessions=services.sessions_for(edition),
        seats=services.seats_left(edition),
        mine=mine,
        invited=invited,
        manager=manager,
        counts=services.state_counts(edition) if manager else {},
        form=EnrolForm(),
        can_enrol=_enrol_problem(edition) is None,
        problem=_enrol_problem(edition),
    )


def _enrol_problem(edition: Edition) -> str | None:
    if edition.workshop.status != "published":
        return str(MESSAGES["workshop_not_published"])
    try:
        services.check_window(edition)
    except EnrolmentError as exc:
        if exc.code == "not_open_yet":
            return _(
                "Enrolment opens on %(when)s.",
                when=session_time(exc.detail["when"], edition.timezone),
            )
        return message(exc)
    return None


@bp.route("/editions/<int:edition_id>/enrol", methods=["POST"])
@limiter.limit("20 per hour", methods=["POST"])
def enrol(edition_id: int):
    """Signed-in people: enrol (or join the waitlist, or ask for approval)."""
    edition = _edition(edition_id)
    if not current_user.is_authenticated:
        _sign_in()
    form = EnrolForm()
    if not form.validate_on_submit():
        abort(400)
    if edition.workshop.status != "published":
        return render_error(400, str(MESSAGES["workshop_not_published"]))
    try:
        enrolment, notices = services.enrol(current_user, edition, key=form.key.data or None)
    except EnrolmentError as exc:
        db.session.rollback()
        return render_error(400, message(exc))
    _commit_and_send(notices)
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
    return _done(url_for("enrolment.edition", edition_id=edition.id))


@bp.route("/editions/<int:edition_id>/withdraw", methods=["GET", "POST"])
def withdraw(edition_id: int):
    """Signed-in people: leave an edition (confirmed on this page)."""
    edition = _edition(edition_id)
    if not current_user.is_authenticated:
        _sign_in()
    mine = services.my_enrolment(current_user, edition)
    if mine is None or mine.state not in services.WITHDRAWABLE:
        return render_error(400, str(MESSAGES["not_enrolled"]))
    form = ActionForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        notices = services.withdraw(mine)
        _commit_and_send(notices)
        flash(_("You have left this edition. You can enrol again while it is open."), "success")
        return _done(url_for("enrolment.my_learning"))
    return render_template(
        "enrolment/withdraw.html", edition=edition, text=edition.workshop.text(), form=form
    )


@bp.route("/editions/<int:edition_id>/calendar.ics")
def edition_calendar(edition_id: int):
    """Whoever sees the edition: its live sessions as an iCalendar file."""
    edition = _edition(edition_id)
    text = edition.workshop.text()
    return _ics(
        [edition],
        name=f"{text.title if text else edition.workshop.slug} · {edition.name}",
        language=current_language(),
        filename=f"edition-{edition.id}.ics",
    )


@bp.route("/editions/<int:edition_id>/sessions/<int:lesson_id>", methods=["GET", "POST"])
def session_edit(edition_id: int, lesson_id: int):
    """The workshop's trainers and admins: this edition's own times for a live session."""
    edition = _managed(edition_id)
    lesson = workshops.find_lesson(edition.workshop, lesson_id)
    if lesson is None or lesson.kind != "live":
        abort(404)
    current = next(s for s in services.sessions_for(edition) if s.lesson_id == lesson.id)
    form = SessionForm()
    if request.method == "GET":
        form.starts_at.data = to_wall_clock(current.starts_at, edition.timezone)
        form.ends_at.data = to_wall_clock(current.ends_at, edition.timezone)
        form.place.data = current.place or ""
        form.meeting_url.data = current.meeting_url or ""
    error = None
    if form.validate_on_submit():
        try:
            services.update_session(
                edition,
                lesson,
                starts_at=from_wall_clock(form.starts_at.data, edition.timezone),
                ends_at=from_wall_clock(form.ends_at.data, edition.timezone),
                place=form.place.data or "",
                meeting_url=form.meeting_url.data or "",
            )
        except EnrolmentError as exc:
            db.session.rollback()
            error = message(exc)
        else:
            db.session.commit()
            flash(_("The session has been saved."), "success")
            return _done(url_for("enrolment.edition", edition_id=edition.id))
    return render_template(
        "enrolment/session_form.html",
        form=form,
        edition=edition,
        lesson=lesson,
        error=error,
    ), 400 if error or form.errors else 200


# Roster and decisions ------------------------------------------------------------------------


def _roster_filters() -> tuple[str, str]:
    state = request.args.get("state", "")
    return (state if state in ENROLMENT_STATES else ""), (request.args.get("q") or "")[:200]


@bp.route("/editions/<int:edition_id>/roster")
def roster(edition_id: int):
    """The workshop's trainers and admins: who is in, filtered and searched."""
    cache.read_with(*cache.edition_kinds(edition_id))
    found = _managed_facts(edition_id)
    state, q = _roster_filters()
    number = page_number()
    # Kept per edition: any change to its enrolments, its participants' records or names
    # (and to the workshops: seats) makes it afresh.
    body = cache.rendered(
        ("workshops", *cache.edition_kinds(found.id)),
        (found.id, state, q, number, str(get_timezone())),
        "enrolment/_roster_body.html",
        lambda: _roster_body(found.load(), state, q, number),
    )
    return render_template("enrolment/roster.html", edition=found, body=body)


def _roster_body(edition: Edition, state: str, q: str, number: int) -> dict[str, Any]:
    page = services.roster_page(edition, state=state, q=q, number=number, per_page=50)
    return {
        "edition": edition,
        "text": edition.workshop.text(),
        "page": page,
        "state": state,
        "q": q,
        "counts": services.state_counts(edition),
        "seats": services.seats_left(edition),
        "action_form": ActionForm(),
        # Worked out once for the page, not once per row.
        "state_names": {key: str(label) for key, label in STATE_LABELS.items()},
        "countries": {
            code: country_name(code, current_language())
            for code in {row.country for row in page.items}
        },
        "since": when_formatter(),
    }


@bp.route("/editions/<int:edition_id>/roster.csv")
def roster_csv(edition_id: int):
    """The workshop's trainers and admins: the roster as CSV (safe to open in Excel)."""
    edition = _managed(edition_id)
    state, q = _roster_filters()
    rows = list(services.roster_rows(edition, state=state, q=q))
    audit.record("export.downloaded", target_type="edition", target_id=edition.id, table="roster")
    db.session.commit()
    return private_download(
        export_rows(services.ROSTER_HEADER, rows), "text/csv", f"roster-{edition.id}.csv"
    )


def _move_form(edition: Edition) -> MoveForm:
    form = MoveForm()
    form.target.choices = [
        (str(e.id), e.name)
        for e in services.managed_editions(edition.workshop)
        if e.id != edition.id and e.status != "cancelled"
    ]
    return form


@bp.route("/editions/<int:edition_id>/enrolments/<int:enrolment_id>")
def manage(edition_id: int, enrolment_id: int):
    """The workshop's trainers and admins: one person's place, with the decisions (each one
    confirmed here, on its own page)."""
    edition = _managed(edition_id)
    enrolment = _enrolment(edition, enrolment_id)
    return render_template(
        "enrolment/manage.html",
        edition=edition,
        enrolment=enrolment,
        text=edition.workshop.text(),
        decision=DecisionForm(),
        move_form=_move_form(edition),
        action_form=ActionForm(),
    )


def _decide(edition_id: int, enrolment_id: int, action: str) -> Response:
    edition = _managed(edition_id)
    enrolment = _enrolment(edition, enrolment_id)
    form = DecisionForm()
    if not form.validate_on_submit():
        abort(400)
    note = form.note.data or ""
    try:
        if action == "approve":
            notices = services.approve(enrolment, by=current_user, note=note)
        elif action == "reject":
            notices = services.reject(enrolment, by=current_user, note=note)
        else:
            notices = services.withdraw(enrolment, by=current_user, note=note)
    except EnrolmentError as exc:
        db.session.rollback()
        return render_error(400, message(exc))
    name = enrolment.user.name
    _commit_and_send(notices)
    flash(
        {
            "approve": _("%(name)s has been accepted.", name=name),
            "reject": _("%(name)s has not been accepted; they have been told.", name=name),
            "remove": _("%(name)s has been removed from the edition.", name=name),
        }[action],
        "success",
    )
    return _done(url_for("enrolment.roster", edition_id=edition.id))


@bp.route("/editions/<int:edition_id>/enrolments/<int:enrolment_id>/approve", methods=["POST"])
def approve(edition_id: int, enrolment_id: int):
    """The workshop's trainers and admins: accept a pending request."""
    return _decide(edition_id, enrolment_id, "approve")


@bp.route("/editions/<int:edition_id>/enrolments/<int:enrolment_id>/reject", methods=["POST"])
def reject(edition_id: int, enrolment_id: int):
    """The workshop's trainers and admins: decline a pending request, with a message."""
    return _decide(edition_id, enrolment_id, "reject")


@bp.route("/editions/<int:edition_id>/enrolments/<int:enrolment_id>/remove", methods=["POST"])
def remove(edition_id: int, enrolment_id: int):
    """The workshop's trainers and admins: take someone out (their seat goes to the waitlist)."""
    return _decide(edition_id, enrolment_id, "remove")


@bp.route("/editions/<int:edition_id>/enrolments/<int:enrolment_id>/move", methods=["POST"])
def move(edition_id: int, enrolment_id: int):
    """The workshop's trainers and admins: move someone to another edition of the workshop."""
    edition = _managed(edition_id)
    enrolment = _enrolment(edition, enrolment_id)
    form = _move_form(edition)
    if not form.validate_on_submit():
        abort(400)
    raw = form.target.data or ""
    target = db.session.get(Edition, int(raw)) if raw.isdigit() else None
    if target is None:
        return render_error(400, str(MESSAGES["bad_target"]))
    name = enrolment.user.name
    try:
        notices = services.move(enrolment, target, by=current_user)
    except EnrolmentError as exc:
        db.session.rollback()
        return render_error(400, message(exc))
    _commit_and_send(notices)
    flash(_("%(name)s has been moved to %(edition)s.", name=name, edition=target.name), "success")
    return _done(url_for("enrolment.roster", edition_id=edition.id))


# Bulk enrolment by CSV ---------------------------------------------------------------------


def _read(file: StoredFile) -> bytes:
    with get_storage().open(file.key) as stream:
        return stream.read()


@bp.route("/editions/<int:edition_id>/import", methods=["GET", "POST"])
@accepts_upload("csv-import")
def import_csv(edition_id: int):
    """The workshop's trainers and admins: upload a CSV and see what it would do."""
    edition = _managed(edition_id)
    form = ImportForm()
    error, status = None, 200
    if request.method == "POST" and form.validate_on_submit():
        file, error, status = save_file(
            request.files.get("file"), kind="csv-import", allowed=CSV_EXTENSIONS
        )
        if file is not None:
            try:
                plan = services.plan_import(edition, _read(file))
            except (EnrolmentError, StorageError) as exc:
                db.session.rollback()
                storage.abandon_upload(file)
                if isinstance(exc, StorageError):
                    raise
                error, status = message(exc), 400
            else:
                upload = EnrolmentImport(
                    edition_id=edition.id, file_id=file.id, uploaded_by_id=current_user.id
                )
                db.session.add(upload)
                commit_with_files(file)
                return render_template(
                    "enrolment/import_preview.html",
                    edition=edition,
                    text=edition.workshop.text(),
                    plan=plan,
                    refusals=plan.refused[:PREVIEW_REFUSALS],
                    upload=upload,
                    seats=services.seats_left(edition),
                    confirm=ConfirmImportForm(import_id=str(upload.id)),
                    reason=reason,
                    COLUMN_LABELS=COLUMN_LABELS,
                )
    elif request.method == "POST":
        error, status = _("Choose a CSV file to upload."), 400
    return render_template(
        "enrolment/import.html",
        edition=edition,
        text=edition.workshop.text(),
        form=form,
        error=error,
    ), status


def _upload(edition: Edition, import_id: int) -> EnrolmentImport:
    upload = db.session.get(EnrolmentImport, import_id)
    if upload is None or upload.edition_id != edition.id:
        abort(404)
    return upload


@bp.route("/editions/<int:edition_id>/import/<int:import_id>/confirm", methods=["POST"])
def import_confirm(edition_id: int, import_id: int):
    """The workshop's trainers and admins: write every accepted row in one transaction."""
    edition = _managed(edition_id)
    upload = _upload(edition, import_id)
    form = ConfirmImportForm()
    if not form.validate_on_submit():
        abort(400)
    if upload.confirmed_at is not None:
        return render_error(400, str(MESSAGES["already_confirmed"]))
    data = _read(upload.file)
    try:
        result, notices = services.apply_import(
            edition, data, by=current_user, notify=bool(form.notify.data)
        )
    except EnrolmentError as exc:
        db.session.rollback()
        return render_error(400, message(exc))
    upload.confirmed_at = services.utcnow()
    upload.accepted_count = result.enrolled + result.waitlisted + result.invited
    upload.refused_count = result.refused
    _commit_and_send(notices)
    flash(
        _(
            "Done: %(enrolled)s enrolled, %(waitlisted)s on the waitlist, %(invited)s invited, "
            "%(refused)s rows refused.",
            enrolled=result.enrolled,
            waitlisted=result.waitlisted,
            invited=result.invited,
            refused=result.refused,
        ),
        "success",
    )
    return _done(url_for("enrolment.roster", edition_id=edition.id))


@bp.route("/editions/<int:edition_id>/import/<int:import_id>/refused.csv")
def import_refused(edition_id: int, import_id: int):
    """The workshop's trainers and admins: every refused row of an upload, with the reason."""
    edition = _managed(edition_id)
    upload = _upload(edition, import_id)
    try:
        plan = services.plan_import(edition, _read(upload.file))
    except EnrolmentError as exc:
        return render_error(400, message(exc))
    header = (_("Row"), _("Column"), _("Value"), _("Reason"))
    rows = [
        (r.line, str(COLUMN_LABELS.get(r.column, r.column)), r.value, reason(r))
        for r in plan.refused
    ]
    return private_download(export_rows(header, rows), "text/csv", f"refused-rows-{upload.id}.csv")
