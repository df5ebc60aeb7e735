"""Call forms: the call (per-language fields made from ``LANGUAGES``, as events do) with its
eligibility rules, and the three steps of an application."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import Length, Optional

from learning.web.forms import Form
from learning.workshops.forms import MultiCheckboxField, TranslatedForm, _name, _translated
from learning.workshops.question_forms import QuestionFormBase, question_form

WALL_CLOCK = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]
TOO_LONG = _l("This text is too long.")
NUMBER = _l("Enter a whole number.")


class _CallBase(TranslatedForm):
    kind = SelectField(_l("Kind of call"), validate_choice=False, default="fellowship")
    timezone = SelectField(_l("Time zone of the call"), validate_choice=False)
    opens_at = DateTimeLocalField(_l("Opens"), format=WALL_CLOCK, validators=[Optional()])
    closes_at = DateTimeLocalField(
        _l("Closes"),
        description=_l("Applications are refused from this second on, whatever the clock of "
                       "the applicant's device says."),
        format=WALL_CLOCK,
        validators=[Optional()],
    )  # fmt: skip
    places = IntegerField(_l("Places"), validators=[Optional()])
    statement_limit = IntegerField(
        _l("Longest statement (characters)"), default=3000, validators=[Optional()]
    )
    blind = BooleanField(_l("Blind review: reviewers do not see names or organisations"))
    reviews_each = IntegerField(_l("Reviewers per application"), default=2, validators=[Optional()])
    referees = IntegerField(
        _l("Referees each applicant names"),
        default=0,
        description=_l("From 0 (none) to 5. Each referee gets a link by e-mail to upload a "
                       "letter the applicant never sees."),
        validators=[Optional()],
    )  # fmt: skip
    rules = MultiCheckboxField(_l("Eligibility rules"))
    rule_countries = MultiCheckboxField(_l("Countries accepted"))
    rule_sectors = MultiCheckboxField(_l("Sectors accepted"))
    rule_stages = MultiCheckboxField(_l("Career stages accepted"))
    submit = SubmitField(_l("Save call"))


CallForm = _translated(
    _CallBase,
    {
        "title": lambda language: StringField(
            _l("Title (%(language)s)", language=_name(language)),
            validators=[Length(max=200, message=_l("Write a title of at most 200 characters."))],
        ),
        "summary": lambda language: TextAreaField(
            _l("Summary (%(language)s)", language=_name(language)),
            description=_l("One or two sentences for the list of calls."),
            validators=[Length(max=500, message=_l("Write a summary of at most 500 characters."))],
        ),
        "description": lambda language: TextAreaField(
            _l("Description (%(language)s)", language=_name(language)),
            description=_l("Markdown: **bold**, *italic*, lists, [links](https://…)."),
            validators=[Length(max=20000, message=TOO_LONG)],
        ),
        "body": lambda language: TextAreaField(
            _l("Documents required (%(language)s)", language=_name(language)),
            description=_l("What the supporting document must contain, for applicants."),
            validators=[Length(max=5000, message=TOO_LONG)],
        ),
    },
)


class ProfileForm(Form):
    """Step 1: who the applicant is (the eligibility rules look at these answers)."""

    country = SelectField(_l("Country of residence"), validate_choice=False)
    sector = SelectField(_l("Sector"), validate_choice=False)
    career_stage = RadioField(_l("Career stage"), validate_choice=False)
    previous_award = RadioField(
        _l("Have you held an award from the programme before?"), validate_choice=False
    )
    submit = SubmitField(_l("Save and continue"))


class ProposalForm(Form):
    """Step 2: the proposal (the service checks the lengths, with messages that name them)."""

    project_title = StringField(_l("Title of your project"))
    statement = TextAreaField(_l("Statement"))
    start_on = DateField(
        _l("Preferred start date"),
        validators=[Optional()],
        description=_l("After the call closes."),
    )
    submit = SubmitField(_l("Save and continue"))


class DocumentForm(Form):
    """Step 3: the supporting document."""

    document = FileField(
        _l("Supporting document"), description=_l("PDF, ODT or DOCX, at most 10 MB.")
    )
    submit = SubmitField(_l("Upload and continue"))


class ReviewerForm(Form):
    """Staff put a person on the panel by their e-mail address."""

    email = StringField(_l("E-mail of the reviewer"), validators=[Length(max=254)])
    submit = SubmitField(_l("Add to the panel"))


class _CriterionBase(TranslatedForm):
    weight = IntegerField(_l("Weight"), default=1, validators=[Optional()])
    submit = SubmitField(_l("Add the criterion"))


CriterionForm = _translated(
    _CriterionBase,
    {
        "title": lambda language: StringField(
            _l("Criterion (%(language)s)", language=_name(language)),
            validators=[Length(max=200, message=TOO_LONG)],
        ),
    },
)


class ConflictForm(Form):
    """A reviewer declares a conflict of interest."""

    note = TextAreaField(_l("Why you have a conflict"))
    submit = SubmitField(_l("Declare a conflict"))


class RefereeForm(Form):
    """The applicant names a referee (the service checks the answers)."""

    referee_name = StringField(_l("Referee's name"))
    referee_email = StringField(_l("Referee's e-mail"))
    referee_relation = StringField(
        _l("How they know you"), description=_l("For example: thesis supervisor, editor.")
    )
    referee_language = SelectField(_l("Language of the request"), validate_choice=False)
    submit = SubmitField(_l("Name the referee"))


class LetterForm(Form):
    """A referee uploads their letter."""

    letter = FileField(_l("Your letter"), description=_l("PDF only, at most 10 MB."))
    submit = SubmitField(_l("Upload the letter"))


class PlacementForm(Form):
    """Staff: a placement's host institution, dates and status."""

    host = StringField(_l("Host institution"))
    starts_on = DateField(_l("Starts on"), validators=[Optional()])
    ends_on = DateField(_l("Ends on"), validators=[Optional()])
    status = SelectField(_l("Status"), validate_choice=False, default="planned")
    submit = SubmitField(_l("Save the placement"))


class AgreementForm(Form):
    """Staff: the signed agreement."""

    agreement = FileField(_l("Agreement"), description=_l("PDF, ODT or DOCX, at most 20 MB."))
    submit = SubmitField(_l("Upload the agreement"))


class MilestoneForm(Form):
    """Staff: a milestone of the placement."""

    title = StringField(_l("Milestone"))
    due_on = DateField(_l("Due on"), validators=[Optional()])
    submit = SubmitField(_l("Add the milestone"))


class ReportForm(Form):
    """The fellow: a report, written here or attached (or both)."""

    text = TextAreaField(_l("Report text"))
    report_file = FileField(
        _l("Report as a file"), description=_l("PDF, ODT or DOCX, at most 20 MB.")
    )
    submit = SubmitField(_l("Save the report"))


class _CallQuestionBase(QuestionFormBase):
    max_length = IntegerField(
        _l("Longest answer, in characters (text questions; optional)"),
        description=_l("From 1 to 20000. Leave it empty for 20000."),
        validators=[Optional()],
    )
    file_types = MultiCheckboxField(_l("Types of file accepted (file questions)"))
    max_megabytes = IntegerField(
        _l("Largest file, in MB (file questions; optional)"),
        description=_l("From 1 to 10. Leave it empty for 10."),
        validators=[Optional()],
    )


CallQuestionForm = question_form(_CallQuestionBase)
