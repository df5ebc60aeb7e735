"""Writing to a member without seeing their e-mail address, and reporting a message received.

Who may: signed-in members write to members who allow it and whose profile they may see
(anyone else is a 404, so the page does not tell who exists); blocked members get a 403;
only the recipient reports a message (404 for others).
"""

from __future__ import annotations

from flask import abort, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning.accounts.models import User
from learning.network.blueprint import bp
from learning.network.routes.discussion_common import signed_in_only
from learning.network.services import contact as contacting
from learning.network.services import moderation
from learning.network.services.discussion_common import TalkError, author_name
from learning.network.talk_forms import MessageForm, ReportForm
from learning.network.talk_messages import error_message
from learning.network.talk_models import REPORT_REASONS, Message
from learning.platform.extensions import db, limiter
from learning.web.errors import render_error
from learning.web.views import done, load_or_404


@bp.route("/contact/<int:user_id>", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
def contact(user_id: int):
    """Write to a member; the message goes by e-mail with a link to answer here."""
    signed_in_only()
    recipient = db.session.get(User, user_id)
    if recipient is None:
        abort(404)
    name = author_name(current_user, recipient)
    if not contacting.may_write_to(current_user, recipient):
        return render_error(403, error_message(TalkError("not_allowed")))
    form = MessageForm()
    error = None
    if request.method == "POST" and form.validate_on_submit():
        try:
            letter = contacting.send(current_user, recipient, form.body.data)
        except TalkError as exc:
            db.session.rollback()
            if exc.code == "blocked":
                return render_error(403, error_message(exc))
            error = error_message(exc)
        else:
            db.session.commit()
            contacting.deliver(letter)
            flash(_("Your message is sent. Their answer will come by e-mail."), "success")
            return done(url_for("network.contact", user_id=recipient.id))
    return render_template(
        "network/talk/contact.html", recipient=recipient, name=name, form=form, error=error
    ), 400 if error or form.errors else 200


@bp.route("/messages/<int:message_id>/report", methods=["GET", "POST"])
def message_report(message_id: int):
    """The recipient reports a message as abuse."""
    signed_in_only()
    message = load_or_404(Message, message_id, recipient_id=current_user.id)
    form = ReportForm()
    error = None
    if request.method == "POST" and form.validate_on_submit():
        try:
            moderation.report_message(current_user, message, form.reason.data or "")
        except TalkError as exc:
            db.session.rollback()
            error = error_message(exc)
        else:
            db.session.commit()
            flash(_("Thank you: the moderators will look at this message."), "success")
            return done(url_for("network.feed"))
    return render_template(
        "network/talk/report.html",
        post=None,
        message=message,
        form=form,
        error=error,
        reasons=REPORT_REASONS,
        action=url_for("network.message_report", message_id=message.id),
    ), 400 if error or form.errors else 200
