"""Moderation pages: the queue (posts hidden by reports, reported, or with links held) with
decisions on many posts at once, hiding one post with a reason, restoring, approving links,
blocking and unblocking members, and the public moderation log.

Who may: the log is public; everything else is for moderators (people with the moderator role
and administrators): visitors sign in, other members get a 403.
"""

from __future__ import annotations

from flask import abort, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from learning.accounts.models import User
from learning.network.blueprint import bp
from learning.network.routes.discussion_common import signed_in_only
from learning.network.services import moderation
from learning.network.services.discussion_common import (
    TalkError,
    author_name,
    is_blocked,
    is_moderator,
    names_for,
)
from learning.network.talk_forms import ReasonForm
from learning.network.talk_messages import error_message
from learning.network.talk_models import MODERATION_ACTIONS, Message, Post
from learning.platform.extensions import db
from learning.web.errors import render_error
from learning.web.forms import ActionForm
from learning.web.views import done, load_or_404, require_action_form

BULK_MAX = 200


def moderators_only() -> None:
    """Moderators go on; visitors sign in first; anyone else gets a 403."""
    signed_in_only()
    if not is_moderator(current_user):
        abort(403)


@bp.route("/moderation")
def moderation_queue():
    """Moderators: what waits for a decision, with a form to decide on many posts."""
    moderators_only()
    posts = moderation.queue()
    return render_template(
        "network/talk/queue.html",
        posts=posts,
        names=names_for(current_user, [post.author for post in posts]),
        blocks=moderation.blocked_members(),
        messages=moderation.reported_messages(),
        form=ReasonForm(),
        action_form=ActionForm(),
    )


def posts_from_form() -> list[Post]:
    """The posts ticked in a bulk form (at most BULK_MAX). Raises TalkError (no_posts)."""
    ids = []
    for value in request.form.getlist("post")[:BULK_MAX]:
        if value.isdigit() and len(value) < 12:
            ids.append(int(value))
    if not ids:
        raise TalkError("no_posts")
    return list(db.session.scalars(select(Post).where(Post.id.in_(ids))))


@bp.route("/moderation/bulk", methods=["POST"])
def moderation_bulk():
    """Moderators: hide (with one reason), restore or approve the links of the posts ticked."""
    moderators_only()
    form = ReasonForm()
    if not form.validate_on_submit():
        return render_error(400, _("Write a reason of at most 500 characters."))
    action = request.form.get("action", "")
    try:
        posts = posts_from_form()
        if action == "hide":
            changed = moderation.hide(current_user, posts, form.reason.data or "")
        elif action == "restore":
            changed = moderation.restore(current_user, posts, form.reason.data or "")
        elif action == "approve-links":
            changed = moderation.approve_links(current_user, posts)
        else:
            abort(400)
    except TalkError as exc:
        db.session.rollback()
        return render_error(400, error_message(exc))
    db.session.commit()
    flash(ngettext("%(num)s post changed.", "%(num)s posts changed.", changed), "success")
    return done(url_for("network.moderation_queue"))


@bp.route("/posts/<int:post_id>/hide", methods=["GET", "POST"])
def hide_post(post_id: int):
    """Moderators: hide a post with a reason, shown in its place."""
    moderators_only()
    post = load_or_404(Post, post_id)
    form = ReasonForm()
    error = None
    if request.method == "POST" and form.validate_on_submit():
        try:
            moderation.hide(current_user, [post], form.reason.data or "")
        except TalkError as exc:
            db.session.rollback()
            error = error_message(exc)
        else:
            db.session.commit()
            flash(_("The post is hidden; your reason shows in its place."), "success")
            return done(url_for("network.post", post_id=post.id))
    return render_template(
        "network/talk/hide.html",
        post=post,
        name=author_name(current_user, post.author),
        form=form,
        error=error,
    ), 400 if error or form.errors else 200


@bp.route("/posts/<int:post_id>/restore", methods=["POST"])
def restore_post(post_id: int):
    """Moderators: show a hidden post again."""
    moderators_only()
    require_action_form()
    post = load_or_404(Post, post_id)
    moderation.restore(current_user, [post])
    db.session.commit()
    flash(_("The post shows again."), "success")
    return done(url_for("network.post", post_id=post.id))


@bp.route("/posts/<int:post_id>/approve-links", methods=["POST"])
def approve_post_links(post_id: int):
    """Moderators: let a new member's links show as links."""
    moderators_only()
    require_action_form()
    post = load_or_404(Post, post_id)
    moderation.approve_links(current_user, [post])
    db.session.commit()
    flash(_("The links of this post now show."), "success")
    return done(url_for("network.post", post_id=post.id))


@bp.route("/messages/<int:message_id>/settle", methods=["POST"])
def settle_message(message_id: int):
    """Moderators: the reports of a message are dealt with."""
    moderators_only()
    require_action_form()
    message = load_or_404(Message, message_id)
    moderation.settle_message(current_user, message)
    db.session.commit()
    flash(_("The reports of this message are settled."), "success")
    return done(url_for("network.moderation_queue"))


@bp.route("/members/<int:user_id>/block", methods=["GET", "POST"])
def block_member(user_id: int):
    """Moderators: block a member from posting and writing to others (a page of its own)."""
    moderators_only()
    member = load_or_404(User, user_id)
    form = ReasonForm()
    error = None
    if request.method == "POST" and form.validate_on_submit():
        try:
            moderation.block(current_user, member, form.reason.data or "")
        except TalkError as exc:
            db.session.rollback()
            error = error_message(exc)
        else:
            db.session.commit()
            flash(_("The member is blocked."), "success")
            return done(url_for("network.moderation_queue"))
    return render_template(
        "network/talk/block.html",
        member=member,
        name=author_name(current_user, member),
        already=is_blocked(member),
        form=form,
        error=error,
    ), 400 if error or form.errors else 200


@bp.route("/members/<int:user_id>/unblock", methods=["POST"])
def unblock_member(user_id: int):
    """Moderators: lift a block."""
    moderators_only()
    require_action_form()
    member = load_or_404(User, user_id)
    moderation.unblock(current_user, member)
    db.session.commit()
    flash(_("The member may post again."), "success")
    return done(url_for("network.moderation_queue"))


@bp.route("/moderation/log")
def moderation_log():
    """Everyone: which posts moderators hid or restored, and why."""
    page = request.args.get("page", "1")
    number = int(page) if page.isdigit() and 0 < len(page) < 6 else 1
    entries = moderation.public_log(number)
    return render_template(
        "network/talk/log.html",
        entries=entries,
        page=number,
        actions=MODERATION_ACTIONS,
    )
