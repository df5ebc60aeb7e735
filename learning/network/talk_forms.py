"""The network conversation's forms: starting a thread, posting and editing, reporting,
moderating (one post or many), blocking, writing to a member and one's settings."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, StringField, TextAreaField
from wtforms.validators import Length

from learning.network.talk_models import DIGESTS
from learning.web.forms import Form

MENTION_HINT = _l(
    "Markdown works as in lessons. To mention a member, write @[their name]: they get an "
    "e-mail if their profile lets people mention them."
)


class PostForm(Form):
    """A reply, or an edit of one's post."""

    body = TextAreaField(
        _l("Your post"),
        description=MENTION_HINT,
        validators=[Length(max=10_000, message=_l("Write at most 10,000 characters."))],
    )


class ThreadForm(PostForm):
    """A new thread: its title and first post."""

    title = StringField(
        _l("Title"),
        validators=[Length(max=200, message=_l("Write a title of at most 200 characters."))],
    )


class ReportForm(Form):
    """Why a post or message should be looked at."""

    # The page draws the reasons (REPORT_REASONS); the service refuses any other value.
    reason = StringField(_l("Why are you reporting it?"))


class ReasonForm(Form):
    """A moderator's reason (hiding, blocking)."""

    reason = StringField(
        _l("Reason"),
        description=_l("Shown to everyone in place of the post and in the moderation log."),
        validators=[Length(max=500, message=_l("Write a reason of at most 500 characters."))],
    )


class MessageForm(Form):
    """A message to another member."""

    body = TextAreaField(
        _l("Your message"),
        description=_l(
            "It arrives by e-mail without your address; they answer here, on the platform."
        ),
        validators=[Length(max=5000, message=_l("Write at most 5,000 characters."))],
    )


class SettingsForm(Form):
    """How the network may reach the person."""

    digest = RadioField(
        _l("E-mail digest of what you follow"), default="never", validate_choice=False
    )
    allow_messages = BooleanField(_l("Members may write to me (your address stays hidden)"))
    allow_mentions = BooleanField(_l("Members may mention me in discussions"))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.digest.choices = [(key, str(label)) for key, label in DIGESTS.items()]
