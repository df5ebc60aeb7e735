"""Forms after the event: the rule of the certificates of attendance, the materials, and the
satisfaction survey (completion's ``SurveyForm``, asking about the event). Revoking a
certificate uses completion's ``RevokeForm``: a reason, kept for the record."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import RadioField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from learning.completion.forms import RATINGS, SurveyForm
from learning.web.forms import Form

MEASURE_CHOICES = [
    SelectChoice("days", _l("Days present")),
    SelectChoice("sessions", _l("Sessions attended")),
    SelectChoice("share", _l("Share of the sessions (percent)")),
]
MODE_CHOICES = [
    SelectChoice("any", _l("In person or online")),
    SelectChoice("in-person", _l("In person only")),
    SelectChoice("online", _l("Online only")),
]


class RuleForm(Form):
    """Who earns a certificate of attendance: at least ``minimum`` of ``measure``, in ``mode``.
    The service checks the values (its refusals are shown in the reader's language)."""

    measure = RadioField(
        _l("What counts"), choices=MEASURE_CHOICES, default="days", validate_choice=False
    )
    minimum = StringField(
        _l("At least"),
        default="1",
        description=_l("A number of days or sessions, or a percentage from 1 to 100."),
    )
    mode = RadioField(
        _l("Attendance that counts"), choices=MODE_CHOICES, default="any", validate_choice=False
    )
    submit = SubmitField(_l("Save the rule"))


class EventSurveyForm(SurveyForm):
    """The workshops' satisfaction survey, asking about the event."""

    rating = RadioField(
        _l("How satisfied are you with the event?"),
        choices=RATINGS,
        validators=[InputRequired(_l("Choose a rating from 1 to 5."))],
        validate_choice=False,
    )


MATERIAL_KIND_CHOICES = [
    SelectChoice("slides", _l("Slides")),
    SelectChoice("recording", _l("Recording")),
    SelectChoice("report", _l("Report")),
]
MATERIAL_ACCESS_CHOICES = [
    SelectChoice("public", _l("Everyone")),
    SelectChoice("registered", _l("Only people registered for the event")),
]


class MaterialForm(Form):
    """A material after the event: what it is, a title, where it belongs, who may open it, and
    a link or a file (the service checks the values)."""

    kind = RadioField(
        _l("Kind"), choices=MATERIAL_KIND_CHOICES, default="slides", validate_choice=False
    )
    title = StringField(_l("Title"))
    session = SelectField(_l("Attached to"), validate_choice=False)
    access = RadioField(
        _l("Who may open it"),
        choices=MATERIAL_ACCESS_CHOICES,
        default="public",
        validate_choice=False,
    )
    url = StringField(_l("Link"), description=_l("A full link (https://…), or upload a file."))
    file = FileField(
        _l("File"),
        description=_l("PDF, PowerPoint, Word, OpenDocument, MP3 or MP4."),
    )
    submit = SubmitField(_l("Add the material"))
