"""Pages that belong to no single feature."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    session,
)
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import text

from learning.jobs import services as jobs
from learning.jobs.queue import QueueUnavailable
from learning.language.i18n import current_language
from learning.platform import cache
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.platform.security import safe_next
from learning.platform.slots import HOME_PANELS, HOME_SECTIONS, Section
from learning.storage.store import StorageError, get_storage

bp = Blueprint("core", __name__)


def _section(section: Section, minute: object) -> Markup:
    """A home section other features add, the same for every reader of a language: kept
    until its kinds change, and for a minute at most (what is upcoming moves on)."""

    def make() -> str:
        context = section.context()
        return render_template(section.template, **context) if context else ""

    key = ("home-section", section.name, current_language(), request.script_root, minute)
    return Markup(cache.fragment(section.kinds, key, make))  # noqa: S704 - our template


@bp.route("/")
def home():
    """Anyone: what the programme is, its doors, and what other features put forward
    (featured workshops, upcoming events, recent research), kept per language; for a
    signed-in person, the sections other features add (where to continue, for one), kept
    per person."""
    minute = utcnow().replace(second=0, microsecond=0)
    sections = [
        _section(section, minute)
        for section in sorted(HOME_SECTIONS.fillings(), key=lambda s: s.order)
    ]
    panels = (
        [
            cache.rendered(
                ("workshops", *cache.person_kinds()), (panel.name,), panel.template, panel.context
            )
            for panel in HOME_PANELS.fillings()
        ]
        if current_user.is_authenticated
        else []
    )
    return render_template("core/home.html", panels=panels, sections=sections)


@bp.route("/privacy")
def privacy():
    """Anyone: the privacy notice."""
    return render_template("core/privacy.html")


@bp.route("/language/<code>", methods=["GET", "POST"])
def set_language(code: str):
    """Anyone: choose the interface language; a signed-in person's choice is saved."""
    if code not in current_app.config["LANGUAGES"]:
        abort(404)
    session["lang"] = code
    if current_user.is_authenticated and current_user.preferred_language != code:
        current_user.preferred_language = code
        db.session.commit()
    return redirect(safe_next(request.args.get("next")) or "/")


@bp.route("/healthz")
def healthz():
    """Anyone (load balancers): the process answers."""
    return jsonify(status="ok")


@bp.route("/readyz")
def readyz():
    """Anyone (load balancers): the database, the object store and the job queue are
    reachable."""
    checks: dict[str, str] = {}
    try:
        db.session.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as exc:  # noqa: BLE001 - any failure means not ready
        current_app.logger.warning("readyz: database: %s", exc)
        checks["database"] = "unavailable"
        db.session.rollback()
    try:
        get_storage().ping()
        checks["storage"] = "ok"
    except StorageError as exc:
        current_app.logger.warning("readyz: storage: %s", exc)
        checks["storage"] = "unavailable"
    try:
        jobs.ping()
        checks["queue"] = "ok"
    except QueueUnavailable as exc:
        current_app.logger.warning("readyz: queue: %s", exc)
        checks["queue"] = "unavailable"
    ready = all(value == "ok" for value in checks.values())
    failed = [name for name, value in checks.items() if value != "ok"]
    return jsonify(status="ok" if ready else "unavailable", checks=checks, failed=failed), (
        200 if ready else 503
    )
