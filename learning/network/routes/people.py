"""People: the directory (people and organisations, searched and filtered), a person's page as
the reader may see it, and one's own profile with who may see each field."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning.accounts.models import User
from learning.audit import services as audit
from learning.calls.models import KINDS as CALL_KINDS
from learning.calls.services.placements import alumni
from learning.language.i18n import current_language
from learning.language.taxonomy import PROGRAMME_COUNTRIES, THEMES, country_choices, country_name
from learning.network.blueprint import bp
from learning.network.forms import ProfileForm
from learning.network.messages import error_message
from learning.network.models import (
    FIELD_VISIBILITY,
    ORGANISATION_KINDS,
    PROFILE_FIELDS,
    PROFILE_VISIBILITY,
    Organisation,
    Profile,
)
from learning.network.services import directory, profiles
from learning.network.services.common import NetworkError, is_staff
from learning.network.services.discussion_common import is_moderator
from learning.network.structured import person_jsonld
from learning.platform.extensions import db
from learning.web.forms import ActionForm
from learning.web.pagination import paginate
from learning.web.views import done, require_action_form
from learning.workshops.access import sign_in

PEOPLE_PAGE = 20


def _filters() -> directory.Filters:
    return directory.Filters(
        q=(request.args.get("q") or "").strip(),
        kind=request.args.get("kind") or "",
        country=(request.args.get("country") or "").upper()[:2],
        theme=request.args.get("theme") or "",
        expertise=request.args.get("expertise") or "",
        language=request.args.get("language") or "",
    )


def _choices() -> dict[str, Any]:
    language = current_language()
    return {
        "themes": THEMES,
        "kinds": ORGANISATION_KINDS,
        "countries": {code: country_name(code, language) for code in PROGRAMME_COUNTRIES},
        "languages": profiles.SPOKEN,
    }


def _views(users: list[User]) -> tuple[list[profiles.VisibleProfile], set[int]]:
    """The visible profiles of one page of people and which of them are programme alumni
    (their rows and that mark read in one query)."""
    # Held here: the session keeps rows only while someone refers to them.
    held, alumni = directory.page_profiles(current_user, [user.id for user in users])
    views = [profiles.visible_profile(current_user, user) for user in users]
    del held
    return [view for view in views if view is not None], alumni


@bp.route("/")
def directory_page():
    """Anyone: the people whose profiles they may see, and the organisations. Signed-in
    readers may keep to the programme's exchange alumni (of one kind of call), each marked."""
    filters = _filters()
    filters.alumni = request.args.get("alumni") or ""
    bad = directory.invalid_filters(filters)
    if bad:
        filters.q = filters.q[:200]
    page = paginate(directory.people_query(current_user, filters), per_page=PEOPLE_PAGE)
    people, alumni = _views(page.items)
    return render_template(
        "network/directory.html",
        filters=filters,
        bad_filters=bad,
        page=page,
        people=people,
        alumni=alumni,
        alumni_choices={directory.ALUMNI_ANY: _("Alumni of any exchange"), **CALL_KINDS},
        **_choices(),
    ), 400 if bad else 200


@bp.route("/organisations/")
def organisations():
    """Anyone: the network's active organisations, filtered and searched."""
    filters = _filters()
    bad = directory.invalid_filters(filters)
    page = paginate(directory.organisations_query(filters), per_page=PEOPLE_PAGE)
    return render_template(
        "network/organisations.html",
        filters=filters,
        bad_filters=bad,
        page=page,
        proposals=directory.proposals() if is_staff(current_user) else [],
        **_choices(),
    ), 400 if bad else 200


@bp.route("/people/<int:user_id>")
def person(user_id: int):
    """Anyone: a person's profile as they may see it; 404 when it is private to them (the
    same answer as for nobody, so a private profile is not even confirmed to exist)."""
    user = db.session.get(User, user_id)
    view = profiles.visible_profile(current_user, user)
    if view is None:
        abort(404)
    profile = profiles.profile_of(user_id)
    memberships = profiles.memberships_of(user_id) if view.shown else []
    # For machines, what visitors see: never what this reader may see beyond it.
    public = profiles.visible_profile(None, user) if view.visibility == "public" else None
    jsonld = person_jsonld(
        public,
        memberships if public and public.shown else [],
        url=url_for("network.person", user_id=user_id, _external=True),
        organisation_url=lambda m: url_for(
            "network.organisation", organisation_id=m.organisation_id, _external=True
        ),
    )
    # Selected in a call: shown to signed-in readers, as on the calls page (applicants did
    # not publish their names), and only on a profile the reader may open.
    exchanges = alumni(user_id=user_id) if current_user.is_authenticated else []
    return render_template(
        "network/person.html",
        view=view,
        exchanges=exchanges,
        call_kinds=CALL_KINDS,
        profile=profile,
        bio=profiles.render_bio(view),
        memberships=memberships,
        jsonld=jsonld,
        moderator=is_moderator(current_user),
        form=ActionForm(),
        **_choices(),
    )


@bp.route("/people/<int:user_id>/approve-links", methods=["POST"])
def approve_links(user_id: int):
    """Moderators: let a new member's bio show its links (as the held-links queue does)."""
    if not is_moderator(current_user):
        abort(403 if current_user.is_authenticated else 404)
    require_action_form()
    profile = profiles.profile_of(user_id)
    if profile is None:
        abort(404)
    profiles.approve_links(profile)
    audit.record("network.profile_links_approved", target_type="network_profile", target_id=user_id)
    db.session.commit()
    flash(_("The links in this profile are now shown."), "success")
    return done(url_for("network.person", user_id=user_id))


def _profile_form(profile: Profile | None) -> ProfileForm:
    form = ProfileForm()
    form.visibility.choices = list(PROFILE_VISIBILITY.items())
    for name in PROFILE_FIELDS:
        getattr(form, f"{name}_visibility").choices = list(FIELD_VISIBILITY.items())
    form.country.choices = [("", _("No country")), *country_choices(current_language())]
    form.themes.choices = list(THEMES.items())
    form.languages.choices = list(profiles.SPOKEN.items())
    if request.method == "GET":
        form.visibility.data = "private"
        form.contact_visibility.data = "staff"
        if profile is not None:
            for name in ("visibility", "headline", "bio", "city", "country", "contact_email"):
                getattr(form, name).data = getattr(profile, name)
            form.website.data, form.orcid.data = profile.website, profile.orcid
            for name in PROFILE_FIELDS:
                getattr(form, f"{name}_visibility").data = getattr(profile, f"{name}_visibility")
            form.themes.data = profile.values("theme")
            form.keywords.data = ", ".join(profile.values("keyword"))
            form.languages.data = profile.values("language")
    return form


def _profile_data(form: ProfileForm) -> profiles.ProfileData:
    return profiles.ProfileData(
        visibility=form.visibility.data or "",
        headline=form.headline.data or "",
        bio=form.bio.data or "",
        city=form.city.data or "",
        country=form.country.data or "",
        contact_email=form.contact_email.data or "",
        website=form.website.data or "",
        orcid=form.orcid.data or "",
        themes=form.themes.data or [],
        keywords=form.keywords.data or "",
        languages=form.languages.data or [],
        field_visibility={
            name: getattr(form, f"{name}_visibility").data or "" for name in PROFILE_FIELDS
        },
        at_risk=bool(form.at_risk.data),
    )


@bp.route("/profile", methods=["GET", "POST"])
def my_profile():
    """Signed-in people: make or change their own network profile (only ever their own: the
    page takes no person's id)."""
    if not current_user.is_authenticated:
        sign_in()
    profile = profiles.profile_of(current_user.id)
    form = _profile_form(profile)
    error, status = None, 200
    if form.validate_on_submit():
        try:
            profiles.save_profile(current_user, _profile_data(form))
        except NetworkError as exc:
            db.session.rollback()
            error, status = error_message(exc), 400
        else:
            db.session.commit()
            flash(_("Your profile has been saved."), "success")
            return done(url_for("network.my_profile"))
    elif request.method == "POST":
        status = 400
    return render_template(
        "network/my_profile.html", form=form, profile=profile, error=error
    ), status


def organisation_link(organisation: Organisation) -> str:
    """The page of an organisation."""
    return url_for("network.organisation", organisation_id=organisation.id)
