"""Account pages. Each route says who may use it; the service layer does the work."""

from __future__ import annotations

import json
from datetime import timedelta

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import refresh
from flask_login import current_user, login_required, login_user, logout_user

from learning.accounts import services, signins
from learning.accounts.forms import (
    ChangePasswordForm,
    DeleteAccountForm,
    LoginForm,
    ProfileForm,
    RegisterForm,
    RequestResetForm,
    ResendConfirmationForm,
    ResetPasswordForm,
)
from learning.accounts.messages import CONFIRMED_FOR_OTHER, LINK_PROBLEMS, LOGIN_PROBLEMS
from learning.accounts.models import sign_in_digest
from learning.accounts.privacy import delete_account as anonymise
from learning.accounts.privacy import export_user
from learning.audit import services as audit
from learning.language.timezones import is_timezone
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db, limiter, login_manager
from learning.platform.mail import send_mail
from learning.platform.security import safe_next
from learning.platform.slots import ADDRESS_PROVEN, PROFILE_LINKS
from learning.storage.store import private_download
from learning.web.forms import ActionForm
from learning.web.views import require_action_form

bp = Blueprint("accounts", __name__, url_prefix="/account")

login_manager.login_view = "accounts.login"
login_manager.login_message = _l("Please sign in to see that page.")
login_manager.login_message_category = "info"
login_manager.needs_refresh_message = _l("Please sign in again to continue.")


@login_manager.user_loader
def _load_user(session_id: str):  # noqa: ANN202 - Flask-Login's callback
    return signins.load_session_user(session_id)


def _address_proven(user: services.User) -> None:
    """Let the features above react to a proven address (an invitation becomes an enrolment),
    commit, then run what they left for after the commit (e-mails), so nobody hears of a
    rolled-back change."""
    after = [hook(user) for hook in ADDRESS_PROVEN.fillings()]
    db.session.commit()
    for action in after:
        if action is not None:
            action()


def _send_confirmation(user: services.User, next_url: str | None = None) -> None:
    """Mail the confirmation link; ``next_url`` (a path on this site) is where the link
    leads once the address is confirmed."""
    send_mail(
        user.email,
        "confirm_email",
        language=user.preferred_language,
        user=user,
        link=url_for(
            "accounts.confirm",
            token=services.confirmation_token(user),
            next=next_url,
            _external=True,
        ),
    )


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def register():
    """Anyone signed out may create an account."""
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    form = RegisterForm()
    if request.method == "GET":
        form.next.data = safe_next(request.args.get("next")) or ""
    if form.validate_on_submit():
        try:
            user = services.register(
                email=form.email.data,
                name=form.name.data,
                password=form.password.data,
                preferred_language=form.preferred_language.data,
                country=form.country.data,
                organisation=form.organisation.data,
                sector=form.sector.data,
                gender=form.gender.data,
            )
        except services.AccountError:
            # A simultaneous registration took the e-mail between validation and insert.
            form.email.errors.append(
                _("An account with this e-mail already exists. Sign in or reset your password.")
            )
        else:
            _send_confirmation(user, safe_next(form.next.data))
            db.session.commit()
            return render_template("accounts/check_email.html", email=user.email)
    return render_template("accounts/register.html", form=form), 400 if form.errors else 200


@bp.route("/confirm/<token>")
def confirm(token: str):
    """Anyone holding the link may confirm the address it was sent to. The link proves the
    inbox, so it also signs the person in, once, unless someone else is signed in here: then
    nobody is switched, and the page says so."""
    result = services.confirm_email(token)
    going = safe_next(request.args.get("next"))
    if result.problem == "used":
        if current_user.is_authenticated and current_user.id == result.user.id:
            return redirect(going or url_for("enrolment.my_learning"))
        flash(_("Your e-mail address is already confirmed. You can sign in."), "info")
        return redirect(url_for("accounts.login", next=going))
    if result.problem:
        return render_template(
            "accounts/email_request.html",
            title=_("This link does not work"),
            problem=LINK_PROBLEMS[result.problem],
            form=ResendConfirmationForm(),
            action=url_for("accounts.resend_confirmation"),
        ), 400
    user = result.user
    outcome = signins.sign_in_by_link(user, request.user_agent.string)
    _address_proven(user)
    if outcome == "other":
        flash(CONFIRMED_FOR_OTHER % {"email": user.email, "name": current_user.name}, "info")
        return redirect(url_for("core.home"))
    if outcome == "inactive":
        flash(_("Thank you: your e-mail address is confirmed. You can sign in now."), "success")
        return redirect(url_for("accounts.login"))
    flash(_("Thank you: your e-mail address is confirmed and you are signed in."), "success")
    return redirect(going or url_for("enrolment.my_learning"))


@bp.route("/confirm", methods=["GET", "POST"])
@limiter.limit("5 per hour", methods=["POST"])
def resend_confirmation():
    """Anyone may ask for a new confirmation link; the answer never says if the account exists."""
    form = ResendConfirmationForm()
    if form.validate_on_submit():
        user = services.find_by_email(form.email.data)
        if user is not None and user.confirmed_at is None and user.active:
            _send_confirmation(user)
        return render_template("accounts/check_email.html", email=form.email.data.strip())
    return render_template(
        "accounts/email_request.html",
        title=_("Confirm your e-mail"),
        intro=_(
            "Enter the address you registered with and we will send the confirmation link again."
        ),
        form=form,
        action=url_for("accounts.resend_confirmation"),
    ), 400 if form.errors else 200


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit("10 per minute; 50 per hour", methods=["POST"])
def login():
    """Anyone signed out may sign in."""
    form = LoginForm()
    if request.method == "GET":
        form.next.data = safe_next(request.args.get("next")) or ""
    if current_user.is_authenticated:
        return redirect(safe_next(form.next.data) or url_for("core.home"))
    problem = None
    if form.validate_on_submit():
        try:
            user = services.check_credentials(form.email.data, form.password.data)
        except services.AccountError as exc:
            problem = exc.code
        else:
            signins.start_sign_in(user, request.user_agent.string)
            login_user(user, remember=form.remember.data)
            # Signed in, the saved language rules: the welcome is in the next page's language.
            refresh()
            _address_proven(user)
            flash(_("Welcome, %(name)s.", name=user.name), "success")
            return redirect(safe_next(form.next.data) or url_for("core.home"))
    status = 400 if (problem or form.errors) else 200
    return render_template(
        "accounts/login.html",
        form=form,
        problem=LOGIN_PROBLEMS.get(problem) if problem else None,
        resend_form=ResendConfirmationForm(formdata=None, email=form.email.data)
        if problem == "unconfirmed"
        else None,
    ), status


@bp.route("/sign-out", methods=["POST"])
@login_required
def logout():
    """A signed-in person may sign out (POST only, so a link cannot sign anyone out). The
    sign-in ends on the server too: a copy of the cookie no longer signs anyone in."""
    signins.end_sign_in(current_user._get_current_object())
    db.session.commit()
    logout_user()
    flash(_("You have signed out."), "info")
    return redirect(url_for("core.home"))


@bp.route("/sign-out-everywhere", methods=["POST"])
@login_required
def logout_everywhere():
    """A signed-in person may end every one of their sessions, on every device (a lost phone,
    a shared computer), this one included."""
    require_action_form()
    user = current_user._get_current_object()
    signins.end_all_sign_ins(user)
    audit.record("user.signed_out_everywhere", target_type="user", target_id=user.id)
    db.session.commit()
    logout_user()
    flash(_("You have signed out on every device. Sign in again to continue."), "info")
    return redirect(url_for("accounts.login"))


@bp.route("/reset", methods=["GET", "POST"])
@limiter.limit("5 per hour", methods=["POST"])
def request_reset():
    """Anyone may ask for a reset link; the answer never says if the account exists."""
    form = RequestResetForm()
    if form.validate_on_submit():
        user = services.find_by_email(form.email.data)
        if user is not None and user.active:
            send_mail(
                user.email,
                "reset_password",
                language=user.preferred_language,
                user=user,
                link=url_for(
                    "accounts.reset_password", token=services.reset_token(user), _external=True
                ),
            )
        return render_template(
            "accounts/check_email.html", email=form.email.data.strip(), reset=True
        )
    return render_template(
        "accounts/email_request.html",
        title=_("Reset your password"),
        intro=_("Enter your e-mail address and we will send you a link to choose a new password."),
        form=form,
        action=url_for("accounts.request_reset"),
    ), 400 if form.errors else 200


@bp.route("/reset/<token>", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def reset_password(token: str):
    """Anyone holding a valid, unused, unexpired link may set a new password."""
    result = services.user_for_reset(token)
    if result.problem or result.user is None:
        return render_template(
            "accounts/email_request.html",
            title=_("This link does not work"),
            problem=LINK_PROBLEMS[result.problem or "invalid"],
            form=RequestResetForm(),
            action=url_for("accounts.request_reset"),
        ), 400
    user = result.user
    form = ResetPasswordForm(account_email=user.email)
    if form.validate_on_submit():
        services.set_password(user, form.password.data)
        if user.confirmed_at is None:
            # The link reached the inbox, which is what confirmation proves.
            user.confirmed_at = services.utcnow()
        db.session.commit()
        logout_user()
        flash(_("Your password has been changed. You can sign in with it now."), "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form), 400 if form.errors else 200


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    """The signed-in person sees and edits their own profile."""
    form = ProfileForm(obj=current_user)
    sign_ins = signins.open_sign_ins(
        current_user, utcnow() - timedelta(seconds=current_app.config["REMEMBER_COOKIE_DURATION"])
    )
    if form.validate_on_submit():
        if not is_timezone(form.timezone.data or ""):
            form.timezone.errors.append(_("Choose a time zone from the list."))
        else:
            user = current_user._get_current_object()
            user.name = form.name.data.strip()
            user.country = form.country.data
            user.organisation = (form.organisation.data or "").strip() or None
            user.sector = form.sector.data
            user.preferred_language = form.preferred_language.data
            user.gender = form.gender.data or None
            user.timezone = form.timezone.data
            db.session.commit()
            flash(_("Your profile has been saved."), "success")
            return redirect(url_for("accounts.profile"))
    return render_template(
        "accounts/profile.html",
        form=form,
        sign_ins=sign_ins,
        this_sign_in=sign_in_digest(current_user.sign_in_key or ""),
        describe_device=signins.describe_device,
        action_form=ActionForm(),
        more_links=[link() for link in PROFILE_LINKS.fillings()],
    ), 400 if form.errors else 200


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    """The signed-in person changes their own password, knowing the current one."""
    user = current_user._get_current_object()
    form = ChangePasswordForm(account_email=user.email)
    if form.validate_on_submit():
        if not services.check_password_hash(user.password_hash, form.current_password.data):
            form.current_password.errors.append(_("The current password is not right."))
        else:
            services.set_password(user, form.password.data)
            db.session.commit()
            # The new auth token signs out every other session; keep this one.
            login_user(user)
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("accounts.profile"))
    return render_template("accounts/change_password.html", form=form), (
        400 if form.errors else 200
    )


@bp.route("/data")
@login_required
def personal_data():
    """The signed-in person: what we hold about them, a download, and account deletion."""
    return render_template("accounts/personal_data.html")


@bp.route("/data.json")
@login_required
@limiter.limit("10 per hour")
def personal_data_download():
    """The signed-in person downloads everything we hold about them, as JSON."""
    user = current_user._get_current_object()
    body = json.dumps(export_user(user), ensure_ascii=False, indent=2, sort_keys=True)
    audit.record("user.data_exported", target_type="user", target_id=user.id)
    db.session.commit()
    return private_download(body, "application/json", "puente-my-data.json")


@bp.route("/delete", methods=["GET", "POST"])
@login_required
@limiter.limit("10 per hour", methods=["POST"])
def delete_account():
    """The signed-in person deletes their own account, after re-entering the password."""

    user = current_user._get_current_object()
    form = DeleteAccountForm()
    if form.validate_on_submit():
        if not services.check_password_hash(user.password_hash, form.password.data):
            form.password.errors.append(_("The password is not right."))
        elif user.is_admin and services.count_admins() <= 1:
            form.password.errors.append(
                _("You are the only administrator. Give the role to someone else first.")
            )
        else:
            user_id = user.id
            anonymise(user)
            audit.record("user.deleted", target_type="user", target_id=user_id, actor_id=None)
            db.session.commit()
            logout_user()
            flash(_("Your account and your personal data have been deleted."), "success")
            return redirect(url_for("core.home"))
    return render_template("accounts/delete.html", form=form), 400 if form.errors else 200
