"""A member's feed, following and unfollowing, their conversation settings, and the digest's
one-click unsubscribe.

Who may: the feed, following and settings need a signed-in member; the unsubscribe link works
without signing in (the signed token is the key) and, as RFC 8058 asks, a POST to it needs no
other token, so mail programs may send it in one click.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from learning.language.i18n import current_language
from learning.language.taxonomy import THEMES
from learning.network.blueprint import bp
from learning.network.routes.discussion_common import signed_in_only
from learning.network.services import contact, digest, follow
from learning.network.services.discussion_common import TalkError, settings_for
from learning.network.services.feed import feed as gather
from learning.network.talk_forms import SettingsForm
from learning.network.talk_messages import error_message
from learning.network.talk_models import FOLLOW_KINDS
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import csrf, db
from learning.platform.security import safe_next
from learning.web.errors import render_error
from learning.web.forms import ActionForm
from learning.web.views import done, require_action_form

FEED_DAYS = 30
CALL = _l("Call")  # what a feed entry about a call for applications is


def _following(kind: str, target: object) -> bool:
    """Whether the signed-in reader follows ``kind``/``target`` (for follow buttons)."""
    return current_user.is_authenticated and follow.is_following(current_user, kind, str(target))


@bp.app_context_processor
def _follow_helpers() -> dict[str, Any]:
    # Any page may show a follow button: templates/network/talk/_follow_button.html.
    return {"talk_following": _following}


@bp.route("/feed")
def feed():
    """What happened in the last 30 days in what the member follows."""
    signed_in_only()
    follows = follow.following(current_user)
    entries = gather(current_user, follows, utcnow() - timedelta(days=FEED_DAYS))
    return render_template(
        "network/talk/feed.html",
        entries=entries,
        follows=follows,
        kinds={**FOLLOW_KINDS, "call": CALL},
        settings=settings_for(current_user),
        followed=follow.followed(current_user, current_language()),
        THEMES=THEMES,
        action_form=ActionForm(),
    )


def _back() -> str:
    return safe_next(request.form.get("next")) or url_for("network.feed")


@bp.route("/follow", methods=["POST"])
def follow_something():
    """Follow what the form names (kind and target)."""
    signed_in_only()
    require_action_form()
    try:
        follow.follow(current_user, request.form.get("kind", ""), request.form.get("target", ""))
    except TalkError as exc:
        db.session.rollback()
        return render_error(400, error_message(exc))
    db.session.commit()
    flash(_("You follow it now: what happens there shows in your feed."), "success")
    return done(_back())


@bp.route("/unfollow", methods=["POST"])
def unfollow_something():
    """Stop following what the form names."""
    signed_in_only()
    require_action_form()
    follow.unfollow(current_user, request.form.get("kind", ""), request.form.get("target", ""))
    db.session.commit()
    flash(_("You no longer follow it."), "success")
    return done(_back())


@bp.route("/talk-settings", methods=["GET", "POST"])
def talk_settings():
    """The member's digest, and whether members may write to and mention them."""
    signed_in_only()
    mine = settings_for(current_user)
    form = SettingsForm(obj=mine) if request.method == "GET" else SettingsForm()
    error = None
    if request.method == "POST" and form.validate_on_submit():
        try:
            contact.save_settings(
                current_user,
                allow_messages=bool(form.allow_messages.data),
                allow_mentions=bool(form.allow_mentions.data),
                digest=form.digest.data or "",
            )
        except TalkError as exc:
            db.session.rollback()
            error = error_message(exc)
        else:
            db.session.commit()
            flash(_("Your settings are saved."), "success")
            return done(url_for("network.talk_settings"))
    return render_template(
        "network/talk/settings.html", form=form, error=error
    ), 400 if error or form.errors else 200


@bp.route("/digest/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt
def digest_unsubscribe(token: str):
    """Stop the digest: a button on the page, or one POST from the mail program."""
    if request.method == "POST":
        try:
            digest.unsubscribe(token)
        except TalkError as exc:
            db.session.rollback()
            return render_error(400, error_message(exc))
        db.session.commit()
        return render_template("network/talk/unsubscribed.html")
    return render_template("network/talk/unsubscribe.html", token=token)
