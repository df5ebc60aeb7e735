"""The form that makes a personal access token."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from learning.web.forms import Form


class TokenForm(Form):
    """Name, lifetime and the write scopes of a new token (read is always included)."""

    name = StringField(
        _l("Name"),
        description=_l('What the token is for, so you recognise it later ("my analysis script").'),
        validators=[
            DataRequired(message=_l("Give the token a name.")),
            Length(max=100, message=_l("Use at most 100 characters.")),
        ],
    )
    days = RadioField(
        _l("Expires after"),
        choices=[
            SelectChoice("7", _l("7 days")),
            SelectChoice("30", _l("30 days")),
            SelectChoice("90", _l("90 days")),
            SelectChoice("365", _l("1 year")),
        ],
        default="30",
        validate_choice=False,
    )
    events_write = BooleanField(
        _l("Also register for events and withdraw (events:write)"),
        description=_l("Without it, the token can only read."),
    )
    enrolments_write = BooleanField(
        _l("Also enrol in editions and leave them (enrolments:write)"),
    )
    research_write = BooleanField(
        _l("Also deposit research outputs as drafts, with files (research:write)"),
        description=_l("For researchers: the drafts wait for you to check and submit them."),
    )
    submit = SubmitField(_l("Make the token"))
