"""Discussion pages: the threads about a subject (and starting one), a thread with its replies,
editing one's post and its history, and reporting a post.

Who may: anyone reads the threads of a public subject (an unpublished output or event, or an
unknown theme, is a 404); posting, editing and reporting need a signed-in member; a blocked
member is refused with a 403 and the reason; a new member posting faster than allowed gets a
429 with what to do; only a post's author edits it (403 for others).
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from learning.language.i18n import current_language
from learning.network.blueprint import bp
from learning.network.routes.discussion_common import notify_mentions, signed_in_only
from learning.network.services import discussion, moderation
from learning.network.services.discussion_common import (
    TalkError,
    author_name,
    is_blocked,
    is_moderator,
    names_for,
)
from learning.network.talk_forms import PostForm, ReportForm, ThreadForm
from learning.network.talk_messages import MESSAGES, error_message
from learning.network.talk_models import REPORT_REASONS, Post, Thread
from learning.platform.extensions import db
from learning.web.errors import render_error
from learning.web.forms import ActionForm
from learning.web.pagination import paginate
from learning.web.views import done, load_or_404
from learning.workshops.markdown import render_markdown

POSTS_PER_PAGE = 50
REFUSALS = {"blocked": 403, "not_author": 403, "hidden": 403, "own_post": 403}


def _subject_or_404(kind: str, key: str) -> discussion.Subject:
    subject = discussion.find_subject(kind, key, current_language())
    if subject is None:
        abort(404)
    return subject


def _thread_or_404(thread_id: int) -> tuple[Thread, discussion.Subject]:
    thread = load_or_404(Thread, thread_id)
    return thread, _subject_or_404(thread.subject_kind, thread.subject_key)


def _post_or_404(post_id: int) -> tuple[Post, Thread, discussion.Subject]:
    post = load_or_404(Post, post_id)
    thread, subject = _thread_or_404(post.thread_id)
    return post, thread, subject


def _post_url(thread: Thread, post: Post, page: int = 1) -> str:
    """The thread's page that shows ``post`` (the first page is the plain address)."""
    pages = {"page": page} if page > 1 else {}
    return url_for("network.thread", thread_id=thread.id, _anchor=f"p{post.id}", **pages)


def _too_fast() -> Any:
    db.session.rollback()
    return render_error(429, str(MESSAGES["too_fast"]))


def _refused(exc: TalkError) -> Any | None:
    """The error page for refusals that are not about the form (blocked, not the author)."""
    if exc.code in REFUSALS:
        db.session.rollback()
        return render_error(REFUSALS[exc.code], error_message(exc))
    return None


def _mentioned(post: Post, before: str | None = None) -> None:
    """Commit, then e-mail the people mentioned and say how many (and how many were left
    out by the cap). After an edit (``before``: the earlier wording), only people the edit
    newly mentions are told."""
    found = discussion.mentions(current_user, post.body)
    if before is not None:
        told = {person.id for person in discussion.mentions(current_user, before).people}
        found = discussion.Mentions([p for p in found.people if p.id not in told], found.left_out)
    db.session.commit()
    notify_mentions(post, found.people)
    if found.people:
        flash(
            ngettext(
                "%(num)s person mentioned was told by e-mail.",
                "%(num)s people mentioned were told by e-mail.",
                len(found.people),
            ),
            "success",
        )
    if found.left_out:
        flash(
            ngettext(
                "One more name was not notified: a post tells at most %(cap)s people.",
                "%(num)s more names were not notified: a post tells at most %(cap)s people.",
                found.left_out,
                cap=discussion.mention_cap(),
            ),
            "warning",
        )


@bp.route("/discussions/<kind>/<key>", methods=["GET", "POST"])
def subject_threads(kind: str, key: str):
    """The threads about a subject; signed-in members start one here."""
    subject = _subject_or_404(kind, key)
    form = ThreadForm()
    error = None
    if request.method == "POST":
        signed_in_only()
        if form.validate_on_submit():
            if not discussion.take_post_allowance(current_user):
                return _too_fast()
            try:
                post = discussion.start_thread(
                    current_user, subject, form.title.data, form.body.data
                )
            except TalkError as exc:
                refused = _refused(exc)
                if refused is not None:
                    return refused
                db.session.rollback()
                error = error_message(exc)
            else:
                flash(_("Your discussion has started."), "success")
                _mentioned(post)
                return done(url_for("network.thread", thread_id=post.thread_id))
    return render_template(
        "network/talk/subject.html",
        subject=subject,
        threads=discussion.threads_about(subject.kind, subject.key),
        form=form,
        error=error,
        moderator=is_moderator(current_user),
        blocked=current_user.is_authenticated and is_blocked(current_user),
    ), 400 if error or form.errors else 200


@bp.route("/threads/<int:thread_id>", methods=["GET", "POST"])
def thread(thread_id: int):
    """A thread with its posts; signed-in members reply at the end."""
    found, subject = _thread_or_404(thread_id)
    form = PostForm()
    error = None
    if request.method == "POST":
        signed_in_only()
        if form.validate_on_submit():
            if not discussion.take_post_allowance(current_user):
                return _too_fast()
            try:
                post = discussion.reply(current_user, found, form.body.data)
            except TalkError as exc:
                refused = _refused(exc)
                if refused is not None:
                    return refused
                db.session.rollback()
                error = error_message(exc)
            else:
                flash(_("Your reply is posted."), "success")
                _mentioned(post)
                last = discussion.page_of(found, POSTS_PER_PAGE)
                return done(_post_url(found, post, last))
    page = paginate(discussion.posts_query(found), per_page=POSTS_PER_PAGE)
    posts = page.items
    return render_template(
        "network/talk/thread.html",
        thread=found,
        subject=subject,
        page=page,
        posts=posts,
        names=names_for(current_user, [post.author for post in posts]),
        render_post=discussion.render_post,
        form=form,
        error=error,
        action_form=ActionForm(),
        moderator=is_moderator(current_user),
        blocked=current_user.is_authenticated and is_blocked(current_user),
    ), 400 if error or form.errors else 200


@bp.route("/posts/<int:post_id>", endpoint="post")
def permalink(post_id: int):
    """Whoever may read the thread: a post's lasting address, sent on to the thread's page
    that shows it, at the post (links in mentions, reports, the moderation log and queue)."""
    found, thread, _subject = _post_or_404(post_id)
    return redirect(_post_url(thread, found, discussion.page_showing(found, POSTS_PER_PAGE)))


@bp.route("/posts/<int:post_id>/edit", methods=["GET", "POST"])
def edit_post(post_id: int):
    """The author rewrites their post (the earlier wording stays in its history)."""
    post, found, subject = _post_or_404(post_id)
    signed_in_only()
    if post.author_id != current_user.id:
        abort(403)
    form = PostForm(obj=post) if request.method == "GET" else PostForm()
    error = None
    if request.method == "POST" and form.validate_on_submit():
        before = post.body
        try:
            changed = discussion.edit(current_user, post, form.body.data)
        except TalkError as exc:
            refused = _refused(exc)
            if refused is not None:
                return refused
            db.session.rollback()
            error = error_message(exc)
        else:
            if changed:
                flash(
                    _("Your post is changed; the earlier wording stays in its history."), "success"
                )
                _mentioned(post, before)
            return done(url_for("network.post", post_id=post.id))
    return render_template(
        "network/talk/edit.html", post=post, thread=found, subject=subject, form=form, error=error
    ), 400 if error or form.errors else 200


@bp.route("/posts/<int:post_id>/history")
def post_history(post_id: int):
    """Every earlier wording of a visible post (hidden posts show no history but to
    moderators)."""
    post, found, subject = _post_or_404(post_id)
    if post.state != "visible" and not is_moderator(current_user):
        abort(404)
    return render_template(
        "network/talk/history.html",
        post=post,
        thread=found,
        subject=subject,
        revisions=discussion.revisions(post),
        render_markdown=render_markdown,
        name=author_name(current_user, post.author),
    )


@bp.route("/posts/<int:post_id>/report", methods=["GET", "POST"])
def report_post(post_id: int):
    """A member tells the moderators about a post (a second report of theirs counts once)."""
    post, found, subject = _post_or_404(post_id)
    signed_in_only()
    form = ReportForm()
    error = None
    if request.method == "POST" and form.validate_on_submit():
        try:
            moderation.report_post(current_user, post, form.reason.data or "")
        except TalkError as exc:
            refused = _refused(exc)
            if refused is not None:
                return refused
            db.session.rollback()
            error = error_message(exc)
        else:
            db.session.commit()
            flash(_("Thank you: the moderators will look at this post."), "success")
            return done(url_for("network.post", post_id=post.id))
    return render_template(
        "network/talk/report.html",
        post=post,
        thread=found,
        subject=subject,
        form=form,
        error=error,
        reasons=REPORT_REASONS,
        action=url_for("network.report_post", post_id=post.id),
    ), 400 if error or form.errors else 200
