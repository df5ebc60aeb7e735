"""Organisations: a page each (its people the reader may see, their research and
participation), creating and proposing one, editing and verifying it, its logo, and asking to
join one (staff or the organisation's admins confirm)."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning.audit import services as audit
from learning.language.i18n import current_language
from learning.language.taxonomy import THEMES, country_choices, country_name
from learning.network.blueprint import bp
from learning.network.forms import JoinForm, OrganisationForm
from learning.network.messages import error_message
from learning.network.models import ORGANISATION_KINDS, Organisation, OrganisationMember
from learning.network.services import organisations as services
from learning.network.services.common import NetworkError, is_staff
from learning.network.structured import organisation_jsonld
from learning.platform.extensions import db
from learning.storage.routes import accepts_upload, commit_with_files, save_file
from learning.storage.store import IMAGE_EXTENSIONS
from learning.web.forms import ActionForm
from learning.web.views import done, load_or_404, require_action_form
from learning.workshops.access import sign_in


def visible_organisation(organisation_id: int) -> Organisation:
    """The organisation if the reader may see it (a proposal: staff and its proposer)."""
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None or not services.can_see(current_user, organisation):
        abort(404)
    return organisation


def administered(organisation_id: int) -> Organisation:
    """The organisation if the reader runs it (staff or its admins): else sign-in or 403."""
    organisation = visible_organisation(organisation_id)
    if not current_user.is_authenticated:
        sign_in()
    if not services.can_admin(current_user, organisation):
        abort(403)
    return organisation


@bp.route("/organisations/<int:organisation_id>")
def organisation(organisation_id: int):
    """Anyone: the organisation, its people (those whose profiles the reader may see), their
    research outputs and how many workshops and events they took part in."""
    return _page(visible_organisation(organisation_id))


def _page(found: Organisation, error: str | None = None, join_form: Any = None) -> Any:
    admin = services.can_admin(current_user, found)
    language = current_language()
    jsonld = None
    if found.status == "active":
        url = url_for("network.organisation", organisation_id=found.id, _external=True)
        jsonld = organisation_jsonld(found, url=url, language=language)
    html = render_template(
        "network/organisation.html",
        organisation=found,
        text=found.text(),
        page=services.page_for(current_user, found),
        pending=services.members_of(found, "pending") if admin else [],
        members=services.members_of(found, "confirmed") if admin else [],
        membership=services.membership(found, current_user),
        admin=admin,
        staff=is_staff(current_user),
        kinds=ORGANISATION_KINDS,
        themes=THEMES,
        country=country_name(found.country, language),
        jsonld=jsonld,
        form=ActionForm(),
        join_form=join_form or JoinForm(),
        error=error,
    )
    return html, 400 if error else 200


def _form(found: Organisation | None) -> Any:
    form = OrganisationForm()
    form.kind.choices = list(ORGANISATION_KINDS.items())
    form.country.choices = country_choices(current_language())
    form.themes.choices = list(THEMES.items())
    if request.method == "GET" and found is not None:
        for name in ("kind", "name", "acronym", "country", "city", "website"):
            getattr(form, name).data = getattr(found, name)
        for row in found.translations:
            field = getattr(form, f"description_{row.language}", None)
            if field is not None:
                field.data = row.description
        form.themes.data = found.themes
    return form


def _save(found: Organisation | None) -> Any:
    form = _form(found)
    error, status = None, 200
    if form.validate_on_submit():
        data = services.OrganisationData(
            kind=form.kind.data or "",
            name=form.name.data or "",
            acronym=form.acronym.data or "",
            country=form.country.data or "",
            city=form.city.data or "",
            website=form.website.data or "",
            descriptions={
                "es": form.description_es.data or "",
                "en": form.description_en.data or "",
            },
            themes=form.themes.data or [],
        )
        upload, logo = request.files.get("logo"), None
        try:
            services.check_organisation(data)
        except NetworkError as exc:
            error, status = error_message(exc), 400
        else:
            if upload is not None and upload.filename:
                logo, error, status = save_file(
                    upload, kind=services.LOGO_KIND, allowed=IMAGE_EXTENSIONS
                )
            if error is None:
                if found is None:
                    found = services.create_organisation(data, current_user)
                else:
                    services.update_organisation(found, data)
                if logo is not None:
                    services.set_logo(found, logo)
                elif form.remove_logo.data and found.logo is not None:
                    services.set_logo(found, None)
                commit_with_files(*([logo] if logo else []))
                if found.status == "proposed":
                    flash(
                        _("Thank you: the programme team will review the organisation."), "success"
                    )
                else:
                    flash(_("The organisation has been saved."), "success")
                return done(url_for("network.organisation", organisation_id=found.id))
    elif request.method == "POST":
        status = 400
    return render_template(
        "network/organisation_edit.html", form=form, organisation=found, error=error
    ), status


@bp.route("/organisations/new", methods=["GET", "POST"])
@accepts_upload(services.LOGO_KIND)
def new_organisation():
    """Staff create an organisation; members propose one (staff review it)."""
    if not current_user.is_authenticated:
        sign_in()
    return _save(None)


@bp.route("/organisations/<int:organisation_id>/edit", methods=["GET", "POST"])
@accepts_upload(services.LOGO_KIND)
def edit_organisation(organisation_id: int):
    """Staff and the organisation's admins: change it and its logo."""
    return _save(administered(organisation_id))


@bp.route("/organisations/<int:organisation_id>/verify", methods=["POST"])
def verify(organisation_id: int):
    """Staff: give or take back the verified badge (verifying a proposal accepts it)."""
    found = visible_organisation(organisation_id)
    if not is_staff(current_user):
        abort(403)
    require_action_form()
    wanted = request.form.get("verified") == "1"
    services.verify(found, wanted)
    audit.record(
        "network.organisation_verified",
        target_type="network_organisation",
        target_id=found.id,
        verified=wanted,
    )
    db.session.commit()
    flash(
        _("The organisation is verified.") if wanted else _("The badge was taken back."), "success"
    )
    return done(url_for("network.organisation", organisation_id=found.id))


@bp.route("/organisations/<int:organisation_id>/accept", methods=["POST"])
def accept(organisation_id: int):
    """Staff: accept a proposed organisation without verifying it yet."""
    found = visible_organisation(organisation_id)
    if not is_staff(current_user):
        abort(403)
    require_action_form()
    services.accept(found)
    audit.record(
        "network.organisation_accepted", target_type="network_organisation", target_id=found.id
    )
    db.session.commit()
    flash(_("The organisation is now in the network."), "success")
    return done(url_for("network.organisation", organisation_id=found.id))


@bp.route("/organisations/<int:organisation_id>/join", methods=["POST"])
def join(organisation_id: int):
    """Signed-in people: ask to join with their role (staff or admins confirm)."""
    found = visible_organisation(organisation_id)
    if not current_user.is_authenticated:
        sign_in()
    form = JoinForm()
    if not form.validate_on_submit():
        return _page(found, _("Write a role of at most 120 characters."), form)
    try:
        services.request_join(found, current_user, form.role.data or "")
    except NetworkError as exc:
        db.session.rollback()
        return _page(found, error_message(exc), form)
    db.session.commit()
    flash(_("Your request has been sent to the organisation's admins."), "success")
    return done(url_for("network.organisation", organisation_id=found.id))


@bp.route("/organisations/<int:organisation_id>/members/<int:member_id>", methods=["POST"])
def decide(organisation_id: int, member_id: int):
    """Staff and the organisation's admins confirm, refuse or remove a member, or make one an
    admin; a member may leave."""
    found = visible_organisation(organisation_id)
    if not current_user.is_authenticated:
        sign_in()
    require_action_form()
    member = load_or_404(OrganisationMember, member_id, organisation_id=found.id)
    action = request.form.get("action")
    own = member.user_id == current_user.id
    if not (services.can_admin(current_user, found) or (own and action == "remove")):
        abort(403)
    try:
        if action == "confirm":
            services.confirm(member)
        elif action == "remove":
            services.remove(member)
        elif action in ("admin", "not-admin"):
            services.set_admin(member, action == "admin")
        else:
            abort(400)
    except NetworkError as exc:
        db.session.rollback()
        return _page(found, error_message(exc))
    db.session.commit()
    flash(_("Done: the list of members has changed."), "success")
    return done(url_for("network.organisation", organisation_id=found.id))
