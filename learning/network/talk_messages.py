"""The network conversation's words for people: what each refusal (``TalkError`` code) means,
in the reader's language, and what a change did."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from learning.network.services.discussion_common import TalkError
from learning.web.views import message

MESSAGES = {
    "blocked": _l(
        "A moderator has blocked you from the discussions and from writing to members. If you "
        "think this is a mistake, write to the programme team."
    ),
    "empty_title": _l("Give the discussion a title."),
    "title_too_long": _l("Write a title of at most 200 characters."),
    "empty_post": _l("Write something before you post."),
    "post_too_long": _l("Write at most 10,000 characters."),
    "not_author": _l("Only the author may edit a post."),
    "hidden": _l("A hidden post cannot be edited."),
    "unknown_reason": _l("Choose a reason from the list."),
    "own_post": _l("You cannot report your own post."),
    "not_recipient": _l("Only the person who received a message may report it."),
    "not_moderator": _l("Only moderators may do this."),
    "reason_required": _l("Give a reason: people read it in place of the post."),
    "reason_too_long": _l("Write a reason of at most 500 characters."),
    "self_block": _l("You cannot block yourself."),
    "not_allowed": _l("This member does not accept messages."),
    "empty_message": _l("Write your message before you send it."),
    "message_too_long": _l("Write at most 5,000 characters."),
    "too_many_messages": _l("You have sent many messages today. Please wait until tomorrow."),
    "unknown_digest": _l("Choose how often you want the digest from the list."),
    "unknown_target": _l("There is nothing to follow there."),
    "bad_token": _l("This link is not valid. Open the link in your latest e-mail."),
    "no_posts": _l("Choose at least one post."),
    "too_fast": _l(
        "You are posting faster than new members may. Please wait a minute before you post again."
    ),
}


def error_message(error: TalkError) -> str:
    """What to tell the person about ``error``, in their language."""
    return message(error, MESSAGES)
