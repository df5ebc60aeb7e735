"""Enrolment forms; labels are lazy so they follow the reader's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from learning.web.forms import Form

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]


class EditionForm(Form):
    name = StringField(
        _l("Name"),
        description=_l("For example “2026 · 1” or “Guatemala, March 2026”."),
        validators=[InputRequired(_l("Give the edition a name.")), Length(max=200)],
    )
    starts_on = DateField(_l("First day"), validators=[InputRequired(_l("Enter the first day."))])
    ends_on = DateField(_l("Last day"), validators=[InputRequired(_l("Enter the last day."))])
    timezone = SelectField(_l("Time zone"), validate_choice=False)
    status = SelectField(_l("Status"), validate_choice=False, default="open")
    capacity = IntegerField(
        _l("Seats (optional)"),
        description=_l("Leave empty for no limit. When the seats are taken, people join the "
                       "waitlist."),
        validators=[Optional(), NumberRange(1, 100000, _l("Enter a number from 1 to 100000."))],
    )  # fmt: skip
    mode = SelectField(_l("Who may enrol"), validate_choice=False, default="open")
    key = PasswordField(
        _l("Enrolment key"),
        description=_l("Only for “with an enrolment key”. At least 4 characters. Leave empty to "
                       "keep the current key."),
        validators=[Optional(), Length(max=128)],
    )  # fmt: skip
    opens_at = DateTimeLocalField(
        _l("Enrolment opens (optional)"), format=DATETIME_FORMATS, validators=[Optional()]
    )
    closes_at = DateTimeLocalField(
        _l("Enrolment closes (optional)"),
        description=_l("In the edition's time zone."),
        format=DATETIME_FORMATS,
        validators=[Optional()],
    )
    country = SelectField(_l("Country (in-person editions)"), validate_choice=False)
    place = StringField(
        _l("Place (in-person editions)"),
        description=_l("Venue and city."),
        validators=[Length(max=300)],
    )
    submit = SubmitField(_l("Save edition"))


class SessionForm(Form):
    starts_at = DateTimeLocalField(
        _l("Starts"),
        format=DATETIME_FORMATS,
        validators=[InputRequired(_l("Enter when the session starts."))],
    )
    ends_at = DateTimeLocalField(
        _l("Ends"),
        format=DATETIME_FORMATS,
        validators=[InputRequired(_l("Enter when the session ends."))],
    )
    place = StringField(_l("Place (optional)"), validators=[Length(max=300)])
    meeting_url = StringField(
        _l("Meeting link (optional)"),
        description=_l("An address starting with https://"),
        validators=[Length(max=500)],
    )
    submit = SubmitField(_l("Save session"))


class EnrolForm(Form):
    key = PasswordField(_l("Enrolment key"), validators=[Optional(), Length(max=128)])
    submit = SubmitField(_l("Enrol"))


class DecisionForm(Form):
    note = TextAreaField(
        _l("Message to the person (optional)"),
        description=_l("It is included in the e-mail they receive."),
        validators=[Length(max=1000)],
    )


class MoveForm(Form):
    target = SelectField(_l("Move to edition"), validate_choice=False)
    submit = SubmitField(_l("Move"))


class ImportForm(Form):
    file = FileField(
        _l("CSV file"),
        description=_l("Columns: email, name; optional: country, organisation, sector, language. "
                       "UTF-8 or Excel's CSV, separated by commas or semicolons; at most 5 MB."),
    )  # fmt: skip
    submit = SubmitField(_l("Check the file"))


class ConfirmImportForm(Form):
    import_id = HiddenField()
    notify = BooleanField(_l("Send each person an e-mail"), default=True)
    submit = SubmitField(_l("Enrol and invite the accepted rows"))


class AnnouncementForm(Form):
    audience = SelectField(_l("To"), validate_choice=False, default="participants")
    subject = StringField(
        _l("Subject"),
        validators=[DataRequired(_l("Write a subject.")), Length(max=150)],
    )
    body = TextAreaField(
        _l("Message"),
        description=_l("Plain text. Each person receives it by e-mail, with a link to the "
                       "edition."),
        validators=[DataRequired(_l("Write the message.")), Length(max=5000)],
    )  # fmt: skip
    submit = SubmitField(_l("Send the announcement"))
