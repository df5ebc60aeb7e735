"""Staff: every call, creating and editing one (with its eligibility rules), opening it, moving
it along (closed, under review, decided, archived), and its applications."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning.calls.blueprint import bp
from learning.calls.forms import CallForm
from learning.calls.messages import error_message
from learning.calls.models import CAREER_STAGES, KINDS, RULES, Call, CallApplication
from learning.calls.routes.common import managed_call, staff_only
from learning.calls.services import applications, questions, referees
from learning.calls.services import calls as call_services
from learning.calls.services.common import CallError
from learning.language.i18n import current_language
from learning.language.taxonomy import PROGRAMME_COUNTRIES, SECTORS, country_name
from learning.language.timezones import timezone_choices, to_wall_clock
from learning.platform.extensions import db
from learning.web.forms import ActionForm
from learning.web.pagination import paginate
from learning.web.views import done, load_or_404, require_action_form

# Rules with a list of accepted values, and the form field that gives it.
VALUE_FIELDS = {
    "country": "rule_countries",
    "sector": "rule_sectors",
    "career_stage": "rule_stages",
}


@bp.route("/manage")
def manage():
    """Staff: every call, drafts and archived ones included."""
    staff_only()
    page = paginate(call_services.all_calls())
    return render_template("calls/manage.html", page=page, form=ActionForm())


def _call_form(call: Call | None) -> Any:
    form = CallForm()
    language = current_language()
    form.kind.choices = list(KINDS.items())
    form.timezone.choices = timezone_choices()
    form.rules.choices = list(RULES.items())
    # The programme's countries: the rule is residence in them.
    form.rule_countries.choices = [
        (code, country_name(code, language)) for code in PROGRAMME_COUNTRIES
    ]
    form.rule_sectors.choices = list(SECTORS.items())
    form.rule_stages.choices = list(CAREER_STAGES.items())
    if request.method == "GET":
        form.timezone.data = current_app.config["DEFAULT_TIMEZONE"]
        if call is not None:
            form.fill_texts(call.translations)
            form.kind.data = call.kind
            form.timezone.data = call.timezone
            form.opens_at.data = to_wall_clock(call.opens_at, call.timezone)
            form.closes_at.data = to_wall_clock(call.closes_at, call.timezone)
            form.places.data = call.places
            form.statement_limit.data = call.statement_limit
            form.blind.data = call.blind
            form.reviews_each.data = call.reviews_each
            form.referees.data = call.referees
            form.rules.data = [row.rule for row in call.rules]
            for rule, name in VALUE_FIELDS.items():
                row = call.rule(rule)
                form[name].data = row.values if row else []
    return form


def _call_data(form: Any) -> call_services.CallData:
    chosen = form.rules.data or []
    return call_services.CallData(
        texts=form.texts(),
        kind=form.kind.data or "",
        timezone=form.timezone.data or "",
        opens_at=form.opens_at.data,
        closes_at=form.closes_at.data,
        places=form.places.data,
        statement_limit=form.statement_limit.data,
        blind=bool(form.blind.data),
        reviews_each=form.reviews_each.data,
        referees=form.referees.data if form.referees.data is not None else 0,
        rules={
            rule: (form[VALUE_FIELDS[rule]].data or []) if rule in VALUE_FIELDS else []
            for rule in chosen
        },
    )


def _save_call_form(call: Call | None) -> Any:
    form = _call_form(call)
    error = None
    if form.validate_on_submit():
        try:
            saved = call_services.save_call(call, _call_data(form), author=current_user)
        except CallError as exc:
            db.session.rollback()
            error = error_message(exc)
        else:
            db.session.commit()
            flash(_("The call has been saved."), "success")
            return done(url_for("calls.detail", call_id=saved.id))
    status = 400 if error or form.errors else 200
    return render_template("calls/edit.html", form=form, call=call, error=error), status


@bp.route("/new", methods=["GET", "POST"])
def new():
    """Staff: create a call (it begins as a draft)."""
    staff_only()
    return _save_call_form(None)


@bp.route("/<int:call_id>/edit", methods=["GET", "POST"])
def edit(call_id: int):
    """Staff: change a call's texts, window, places and eligibility rules."""
    return _save_call_form(managed_call(call_id))


@bp.route("/<int:call_id>/open", methods=["POST"])
def open_call(call_id: int):
    """Staff: publish a draft call; it takes applications inside its window."""
    call = managed_call(call_id)
    require_action_form()
    try:
        call_services.open_call(call)
    except CallError as exc:
        flash(error_message(exc), "error")
        return done(url_for("calls.detail", call_id=call.id))
    db.session.commit()
    flash(_("The call is open: it is now on the list of calls."), "success")
    return done(url_for("calls.detail", call_id=call.id))


@bp.route("/<int:call_id>/advance", methods=["POST"])
def advance(call_id: int):
    """Staff: move the call to its next stage (closed, under review, decided, archived)."""
    call = managed_call(call_id)
    require_action_form()
    to = request.form.get("to", "")
    try:
        call_services.advance(call, to)
    except CallError as exc:
        flash(error_message(exc), "error")
        return done(url_for("calls.detail", call_id=call.id))
    db.session.commit()
    flash(_("The call has moved on to its next stage."), "success")
    return done(url_for("calls.detail", call_id=call.id))


@bp.route("/<int:call_id>/applications")
def call_applications(call_id: int):
    """Staff: the call's applications, submitted first."""
    call = managed_call(call_id)
    if call.status == "draft":
        abort(404)
    return render_template(
        "calls/applications.html",
        call=call,
        text=call.text(),
        rows=applications.applications_of(call),
        letters=referees.of_call(call) if call.referees else {},
    )


@bp.route("/<int:call_id>/applications/<int:application_id>")
def application_staff(call_id: int, application_id: int):
    """Staff: one application whole (profile, proposal, document, letters, the answers to the
    call's own questions), as the reviewers read it but with names."""
    call = managed_call(call_id)
    application = load_or_404(CallApplication, application_id, call_id=call.id)
    asked, answers = questions.to_read(application)
    return render_template(
        "calls/application_staff.html",
        call=call,
        text=call.text(),
        application=application,
        asked=asked,
        answers=answers,
    )
