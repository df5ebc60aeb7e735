"""The held-links queue: moderators approve or turn down the links of new members' posts and
profiles (shown as plain text until then), posts many at a time.

Who may: moderators (the moderator role and administrators); visitors sign in, other members
get a 403.
"""

from __future__ import annotations

from flask import abort, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from learning.network.blueprint import bp
from learning.network.routes.moderation import moderators_only, posts_from_form
from learning.network.services import held_links
from learning.network.services.discussion_common import TalkError, names_for
from learning.network.services.profiles import profile_of
from learning.network.talk_messages import error_message
from learning.platform.extensions import db
from learning.web.errors import render_error
from learning.web.forms import ActionForm
from learning.web.views import done, require_action_form

DECISIONS = {"approve": True, "reject": False}


def _decision() -> bool:
    """Approve (True) or turn down (False), as the button pressed says; else a 400."""
    wanted = DECISIONS.get(request.form.get("action", ""))
    if wanted is None:
        abort(400)
    return wanted


@bp.route("/moderation/links")
def held_links_queue():
    """Moderators: the posts and profiles whose links wait for a decision."""
    moderators_only()
    posts = held_links.held_posts()
    return render_template(
        "network/talk/held_links.html",
        posts=posts,
        names=names_for(current_user, [post.author for post in posts]),
        profiles=held_links.held_profiles(),
        form=ActionForm(),
    )


@bp.route("/moderation/links/posts", methods=["POST"])
def held_links_posts():
    """Moderators: approve or turn down the links of the posts ticked."""
    moderators_only()
    require_action_form()
    approve = _decision()
    try:
        changed = held_links.decide_posts(current_user, posts_from_form(), approve)
    except TalkError as exc:
        db.session.rollback()
        return render_error(400, error_message(exc))
    db.session.commit()
    flash(ngettext("%(num)s post changed.", "%(num)s posts changed.", changed), "success")
    return done(url_for("network.held_links_queue"))


@bp.route("/moderation/links/people/<int:user_id>", methods=["POST"])
def held_links_profile(user_id: int):
    """Moderators: approve or turn down the links of a member's profile."""
    moderators_only()
    require_action_form()
    approve = _decision()
    profile = profile_of(user_id)
    if profile is None:
        abort(404)
    held_links.decide_profile(current_user, profile, approve)
    db.session.commit()
    if approve:
        flash(_("The links in this profile are now shown."), "success")
    else:
        flash(_("The links in this profile stay plain text."), "success")
    return done(url_for("network.held_links_queue"))
