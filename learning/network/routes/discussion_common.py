"""What the network conversation's pages share: sending visitors to sign in, and the e-mails
to people mentioned in a post (after the commit)."""

from __future__ import annotations

from flask import url_for
from flask_login import current_user

from learning.accounts.models import User
from learning.network.services.discussion_common import author_name
from learning.network.talk_models import Post
from learning.platform.mail import send_mail
from learning.workshops.access import sign_in


def signed_in_only() -> None:
    """Visitors are sent to sign in first."""
    if not current_user.is_authenticated:
        sign_in()


def notify_mentions(post: Post, people: list[User]) -> None:
    """E-mail each person mentioned in ``post`` (in their language), naming the author as
    their profile lets the reader see them."""
    link = url_for("network.post", post_id=post.id, _external=True)
    for person in people:
        send_mail(
            person.email,
            "network_talk_mention",
            language=person.preferred_language or "en",
            author=author_name(person, post.author),
            title=post.thread.title,
            link=link,
        )
