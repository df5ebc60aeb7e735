"""Event forms: the event and its sessions (per-language fields made from ``LANGUAGES``, as
workshops do), registering, and the decisions of organisers."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from learning.enrolment.forms import AnnouncementForm
from learning.web.forms import Form
from learning.workshops.forms import MultiCheckboxField, TranslatedForm, _name, _translated
from learning.workshops.question_forms import question_form

WALL_CLOCK = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]
TOO_LONG = _l("This text is too long.")


def _title(language: str) -> StringField:
    return StringField(
        _l("Title (%(language)s)", language=_name(language)),
        validators=[Length(max=200, message=_l("Write a title of at most 200 characters."))],
    )


class _EventBase(TranslatedForm):
    kind = SelectField(_l("Kind of event"), validate_choice=False, default="forum")
    format = RadioField(_l("Format"), validate_choice=False, default="in-person")
    themes = MultiCheckboxField(_l("Themes"))
    countries = MultiCheckboxField(_l("Countries"))
    timezone = SelectField(_l("Time zone of the event"), validate_choice=False)
    starts_at = DateTimeLocalField(_l("Starts"), format=WALL_CLOCK, validators=[Optional()])
    ends_at = DateTimeLocalField(_l("Ends"), format=WALL_CLOCK, validators=[Optional()])
    venue = StringField(
        _l("Venue"),
        description=_l("Needed for events in person or hybrid."),
        validators=[Length(max=200, message=TOO_LONG)],
    )
    address = StringField(_l("Address (optional)"), validators=[Length(max=300, message=TOO_LONG)])
    online_url = StringField(
        _l("Online link (optional)"),
        description=_l(
            "Shown only to registered people, from an hour before the start. An address "
            "starting with https://"
        ),
        validators=[Length(max=500, message=TOO_LONG)],
    )
    opens_at = DateTimeLocalField(
        _l("Registration opens (optional)"), format=WALL_CLOCK, validators=[Optional()]
    )
    closes_at = DateTimeLocalField(
        _l("Registration closes (optional)"), format=WALL_CLOCK, validators=[Optional()]
    )
    capacity = IntegerField(
        _l("Places (optional)"),
        description=_l("Leave it empty for no limit. When it is full, people join the waitlist."),
        validators=[
            Optional(),
            NumberRange(1, 100000, _l("Enter a number of places from 1 to 100000.")),
        ],
    )
    requires_approval = BooleanField(_l("Organisers approve each registration"))
    # The service checks the range, with its own message.
    offer_hours = IntegerField(
        _l("Hours to accept a place from the waitlist"),
        description=_l(
            "When a place becomes free, the next person waiting is offered it by e-mail and "
            "keeps it this long (48 if empty); then it goes to the next one."
        ),
        validators=[Optional()],
    )
    cover = FileField(
        _l("Cover image (optional)"),
        description=_l("PNG, JPEG or WebP, at most 5 MB. Shown on the event page."),
    )
    remove_cover = BooleanField(_l("Remove the current cover image"))
    submit = SubmitField(_l("Save event"))


EventForm = _translated(
    _EventBase,
    {
        "title": _title,
        "summary": lambda language: TextAreaField(
            _l("Summary (%(language)s)", language=_name(language)),
            description=_l("One or two sentences for the list of events."),
            validators=[Length(max=500, message=_l("Write a summary of at most 500 characters."))],
        ),
        "description": lambda language: TextAreaField(
            _l("Description (%(language)s)", language=_name(language)),
            description=_l("Markdown: **bold**, *italic*, lists, [links](https://…)."),
            validators=[Length(max=20000, message=TOO_LONG)],
        ),
    },
)


class _SessionBase(TranslatedForm):
    starts_at = DateTimeLocalField(_l("Starts"), format=WALL_CLOCK, validators=[Optional()])
    ends_at = DateTimeLocalField(_l("Ends"), format=WALL_CLOCK, validators=[Optional()])
    room = StringField(
        _l("Room or track (optional)"), validators=[Length(max=120, message=TOO_LONG)]
    )
    speakers = TextAreaField(
        _l("Speakers (optional)"),
        description=_l(
            "One a line: name — affiliation. For a member of the platform, write their e-mail "
            "address instead of the name: their name and profile come from their account."
        ),
        validators=[Length(max=10000, message=TOO_LONG)],
    )
    interpretation = MultiCheckboxField(_l("Interpretation into"))
    # The service checks the range, with its own message.
    capacity = IntegerField(
        _l("Places in this session (optional)"),
        description=_l(
            "Leave it empty when anyone at the event may come. With a number, people with a "
            "place at the event choose the session; when it is full they join its waitlist."
        ),
        validators=[Optional()],
    )
    submit = SubmitField(_l("Save session"))


SessionForm = _translated(_SessionBase, {"title": _title})


QuestionForm = question_form()


class RegistrationForm(Form):
    consent_list = BooleanField(_l("My name may appear in the list of participants"))
    consent_photos = BooleanField(_l("I agree to appear in photos and recordings of the event"))
    consent_news = BooleanField(_l("Send me news of the programme's events"))
    # The service checks the length, with a message that names the limit.
    accessibility = TextAreaField(
        _l("Accessibility or interpretation needs (optional)"),
        description=_l("For example: wheelchair access, sign language, live captions."),
    )
    submit = SubmitField(_l("Confirm my registration"))


class MailingForm(AnnouncementForm):
    """An organiser's message: the trainers' announcement form (subject and limits), with its
    own audiences and words."""

    audience = RadioField(_l("To"), validate_choice=False, default="registered")
    body = TextAreaField(
        _l("Message"),
        description=_l(
            "Plain text. Each person receives it by e-mail, with a link to the event's page."
        ),
        validators=[DataRequired(_l("Write the message.")), Length(max=5000)],
    )
    submit = SubmitField(_l("Send the message"))


class CheckInForm(Form):
    """The door: a ticket code typed, pasted or scanned (the service checks it)."""

    code = StringField(_l("Ticket code"))
    submit = SubmitField(_l("Check in"))


class WalkInForm(Form):
    """Someone who came without registering (the service checks both fields)."""

    name = StringField(_l("Name"))
    email = StringField(_l("E-mail"))
    submit = SubmitField(_l("Add the walk-in"))


class AttendForm(Form):
    """A registered person enters the day's attendance code during the event."""

    code = StringField(
        _l("Attendance code"), description=_l("The six characters the organisers show.")
    )
    submit = SubmitField(_l("I am here"))


class _SpeakerBase(TranslatedForm):
    submit = SubmitField(_l("Save the bio"))


# The service checks the length, with a message that names the limit.
SpeakerForm = _translated(
    _SpeakerBase,
    {
        "bio": lambda language: TextAreaField(
            _l("Bio (%(language)s)", language=_name(language)),
            description=_l("A few lines shown under the speaker's name, at most 600 characters."),
        ),
    },
)
