"""Administration pages: only administrators may use any of them."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from learning.accounts import services as accounts
from learning.accounts.models import User
from learning.admin.forms import ActiveForm, ProbeUploadForm, RolesForm, SettingsForm
from learning.audit import services as audit
from learning.audit.models import AuditEntry
from learning.language.taxonomy import ROLE_LABELS
from learning.platform import settings
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.storage import services as storage
from learning.storage.models import StoredFile
from learning.storage.routes import accepts_upload, commit_with_files, save_file
from learning.storage.store import get_storage
from learning.web.auth import roles_required
from learning.web.pagination import paginate
from learning.workshops.models import Edition, Enrolment, Workshop

bp = Blueprint("admin", __name__, url_prefix="/admin")


def probe_access(user: object, row: StoredFile) -> str:
    """Files uploaded on the storage page are for administrators only."""
    if not getattr(user, "is_authenticated", False):
        return storage.LOGIN
    return storage.ALLOW if user.is_admin else storage.HIDE  # type: ignore[attr-defined]


@bp.before_request
@roles_required("admin")
def _admins_only() -> None:
    """Every page here is for administrators only."""


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@bp.route("/users")
def users():
    """Find people by name, e-mail or organisation, optionally by role."""
    q = (request.args.get("q") or "").strip()[:200]
    role = request.args.get("role") or ""
    query = select(User).order_by(User.created_at.desc(), User.id.desc())
    if q:
        pattern = f"%{_escape_like(q.lower())}%"
        query = query.where(
            or_(
                func.lower(User.name).like(pattern, escape="\\"),
                User.email.like(pattern, escape="\\"),
                func.lower(User.organisation).like(pattern, escape="\\"),
            )
        )
    if role in ROLE_LABELS:
        query = query.where(User.role_rows.any(role=role))
    page = paginate(query)
    return render_template("admin/users.html", page=page, q=q, role=role, role_labels=ROLE_LABELS)


def _get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def user_detail(user_id: int):
    """See one person and change the roles they hold."""
    user = _get_user(user_id)
    form = RolesForm(data={role: role in user.roles for role in ROLE_LABELS})
    if form.validate_on_submit():
        chosen = form.chosen()
        if user.id == current_user.id and "admin" not in chosen:
            flash(_("You cannot remove your own administrator role."), "error")
            return redirect(url_for("admin.user_detail", user_id=user.id)), 303
        before = sorted(user.roles)
        accounts.set_roles(user, chosen)
        audit.record(
            "user.roles_changed",
            target_type="user",
            target_id=user.id,
            before=before,
            after=sorted(chosen),
        )
        db.session.commit()
        flash(_("The roles of %(name)s have been saved.", name=user.name), "success")
        return redirect(url_for("admin.user_detail", user_id=user.id))
    return render_template(
        "admin/user_detail.html",
        user=user,
        form=form,
        active_form=ActiveForm(),
        role_labels=ROLE_LABELS,
    ), 400 if form.errors else 200


@bp.route("/users/<int:user_id>/active", methods=["GET", "POST"])
def user_active(user_id: int):
    """Deactivate (after a confirmation page) or reactivate an account."""
    user = _get_user(user_id)
    form = ActiveForm()
    if request.method == "GET":
        if not user.active:
            return redirect(url_for("admin.user_detail", user_id=user.id))
        return render_template("admin/confirm_deactivate.html", user=user, form=form)
    if not form.validate_on_submit():
        abort(400)
    if user.id == current_user.id:
        flash(_("You cannot deactivate your own account."), "error")
    else:
        accounts.set_active(user, not user.active)
        audit.record(
            "user.reactivated" if user.active else "user.deactivated",
            target_type="user",
            target_id=user.id,
        )
        db.session.commit()
        if user.active:
            flash(_("The account of %(name)s is active again.", name=user.name), "success")
        else:
            flash(_("The account of %(name)s has been deactivated.", name=user.name), "success")
    return redirect(url_for("admin.user_detail", user_id=user.id))


@bp.route("/storage", methods=["GET", "POST"])
@accepts_upload("probe")
def storage_page():
    """See the object store's state and try a real upload and download through the site."""
    form = ProbeUploadForm()
    status = 200
    error = None
    if form.validate_on_submit():
        row, error, status = save_file(request.files.get("file"), kind="probe")
        if row is not None:
            commit_with_files(row)
            flash(
                _("The file %(name)s was stored and verified.", name=row.original_name), "success"
            )
            return redirect(url_for("admin.storage_page"))
    counts = dict(
        db.session.execute(
            select(StoredFile.state, func.count(StoredFile.id)).group_by(StoredFile.state)
        ).all()
    )
    total = db.session.scalar(select(func.coalesce(func.sum(StoredFile.size), 0))) or 0
    recent = db.session.scalars(
        select(StoredFile)
        .where(StoredFile.kind == "probe")
        .order_by(StoredFile.created_at.desc(), StoredFile.id.desc())
        .limit(20)
    ).all()
    return render_template(
        "admin/storage.html",
        form=form,
        error=error,
        backend=get_storage().describe(),
        counts=counts,
        total=total,
        recent=recent,
        limit=storage.upload_limit("probe"),
    ), status


@bp.route("/audit")
def audit_log():
    """Read the audit log, newest first, filtered by action, person and dates."""
    from datetime import datetime, time

    action = request.args.get("action") or ""
    who = (request.args.get("who") or "").strip()[:254]
    query = select(AuditEntry).options(selectinload(AuditEntry.actor))
    problems = []
    if action:
        if action not in audit.ACTIONS:
            problems.append(_("Choose an action from the list."))
        else:
            query = query.where(AuditEntry.action == action)
    if who:
        actor = accounts.find_by_email(who)
        query = query.where(AuditEntry.actor_id == (actor.id if actor else -1))
    dates = {}
    for name in ("since", "until"):
        raw = request.args.get(name) or ""
        if not raw:
            continue
        try:
            day = datetime.strptime(raw, "%Y-%m-%d").date()  # noqa: DTZ007 - a calendar day
        except ValueError:
            problems.append(_("Write dates as YYYY-MM-DD."))
            continue
        dates[name] = datetime.combine(day, time.min, tzinfo=utcnow().tzinfo)
    if "since" in dates:
        query = query.where(AuditEntry.at >= dates["since"])
    if "until" in dates:
        from datetime import timedelta

        query = query.where(AuditEntry.at < dates["until"] + timedelta(days=1))
    page = paginate(query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()), per_page=50)
    return render_template(
        "admin/audit.html",
        page=page,
        actions=audit.ACTIONS,
        target_label=audit.target_label,
        detail_lines=audit.detail_lines,
        action=action,
        who=who,
        since=request.args.get("since", ""),
        until=request.args.get("until", ""),
        problems=problems,
    ), 400 if problems else 200


@bp.route("/settings", methods=["GET", "POST"])
def settings_page():
    """Change the programme's name, contact address and funding acknowledgement."""

    current = settings.programme()
    form = SettingsForm(
        data={
            "programme_name": current.name,
            "contact_email": current.contact_email,
            "funding_note_es": current.funding_note_es,
            "funding_note_en": current.funding_note_en,
            "signatory_name": current.signatory_name,
            "signatory_role_es": current.signatory_role_es,
            "signatory_role_en": current.signatory_role_en,
        }
    )
    if form.validate_on_submit():
        values = {
            name: (getattr(form, name).data or "").strip()
            for name in (
                "programme_name",
                "contact_email",
                "funding_note_es",
                "funding_note_en",
                "signatory_name",
                "signatory_role_es",
                "signatory_role_en",
            )
        }
        # An empty role keeps the one in use (a certificate always says who signs).
        values = {k: v for k, v in values.items() if v or not k.startswith("signatory_role")}
        changed = settings.save(values, user_id=current_user.id)
        if changed:
            audit.record("settings.changed", target_type="settings", changed=changed)
        db.session.commit()
        flash(_("The settings have been saved."), "success")
        return redirect(url_for("admin.settings_page"))
    return render_template("admin/settings.html", form=form), 400 if form.errors else 200


@bp.route("/editions")
def editions():
    """Every edition of every workshop: dates, state, people per enrolment state, links."""

    query = (
        select(Edition)
        .join(Workshop, Workshop.id == Edition.workshop_id)
        .options(selectinload(Edition.workshop).selectinload(Workshop.translations))
        .order_by(Edition.starts_on.desc(), Edition.id.desc())
    )
    page = paginate(query, per_page=50)
    ids = [edition.id for edition in page.items]
    counts: dict[int, dict[str, int]] = {}
    if ids:
        for edition_id, state, number in db.session.execute(
            select(Enrolment.edition_id, Enrolment.state, func.count(Enrolment.id))
            .where(Enrolment.edition_id.in_(ids))
            .group_by(Enrolment.edition_id, Enrolment.state)
        ):
            counts.setdefault(edition_id, {})[state] = number
    return render_template("admin/editions.html", page=page, counts=counts)
