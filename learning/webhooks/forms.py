"""The form that registers a webhook endpoint."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Length

from learning.web.forms import Form
from learning.webhooks.events import EVENT_TYPES
from learning.workshops.forms import MultiCheckboxField


class EndpointForm(Form):
    """URL, description and the event types; the service checks the URL and the types."""

    url = StringField(
        _l("URL"),
        description=_l("Where we send the events: an https:// address on the internet."),
        validators=[DataRequired(message=_l("Give the address to send the events to."))],
    )
    description = StringField(
        _l("Description"),
        description=_l('What receives them, so others recognise it ("funder\'s reports").'),
        validators=[Length(max=200, message=_l("Use at most 200 characters."))],
    )
    event_types = MultiCheckboxField(_l("Events to send"))
    submit = SubmitField(_l("Register the endpoint"))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.event_types.choices = [(name, label) for name, label in EVENT_TYPES.items()]
