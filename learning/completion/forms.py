"""Completion forms. Quiz answers and attendance marks have one field per question or person,
so their routes read them from the request; these forms carry the fixed fields and the CSRF
token. Labels are lazy so they follow the reader's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, IntegerField, RadioField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from learning.completion.models import QUESTION_KINDS
from learning.web.forms import Form

RATINGS = [
    SelectChoice("1", _l("1 – Very poor")),
    SelectChoice("2", _l("2 – Poor")),
    SelectChoice("3", _l("3 – Fair")),
    SelectChoice("4", _l("4 – Good")),
    SelectChoice("5", _l("5 – Excellent")),
]


class QuizSettingsForm(Form):
    """A quiz's pass mark, attempt limit, role and when its answers are shown."""

    pass_mark = IntegerField(
        _l("Pass mark (%)"),
        validators=[InputRequired(), NumberRange(0, 100)],
        description=_l("The score needed to pass, from 0 to 100."),
    )
    max_attempts = IntegerField(
        _l("Attempts allowed"),
        validators=[Optional(), NumberRange(1, 100)],
        description=_l("Leave empty for no limit."),
    )
    role = SelectField(
        _l("Use in the knowledge-gain measure"),
        choices=[
            SelectChoice("", _l("No")),
            SelectChoice("pre", _l("Pre-test")),
            SelectChoice("post", _l("Post-test")),
        ],
        validate_choice=False,
    )
    reveal = SelectField(
        _l("Show participants the right answers"),
        choices=[
            SelectChoice("after_pass", _l("Once they pass")),
            SelectChoice("always", _l("After every attempt")),
            SelectChoice("never", _l("Never (for example, a pre-test)")),
        ],
        default="after_pass",
        validate_choice=False,
    )


class QuestionForm(Form):
    """A new question; choices are written one per line, the correct ones starting with *."""

    kind = SelectField(
        _l("Kind of question"),
        choices=[SelectChoice(k, v) for k, v in QUESTION_KINDS.items()],
        validate_choice=False,
    )
    prompt_es = TextAreaField(_l("Question in Spanish"), validators=[Length(max=2000)])
    prompt_en = TextAreaField(_l("Question in English"), validators=[Length(max=2000)])
    choices_es = TextAreaField(
        _l("Choices in Spanish"),
        validators=[Length(max=4000)],
        description=_l("One per line. Start the correct ones with an asterisk (*)."),
    )
    choices_en = TextAreaField(
        _l("Choices in English"),
        validators=[Length(max=4000)],
        description=_l("Same order as the Spanish ones; asterisks are read from Spanish."),
    )
    true_answer = RadioField(
        _l("The statement is"),
        choices=[SelectChoice("true", _l("True")), SelectChoice("false", _l("False"))],
        default="true",
        validate_choice=False,
    )
    accepted = TextAreaField(
        _l("Accepted answers"),
        validators=[Length(max=4000)],
        description=_l(
            "For short answers: one per line. Capitals and accents are ignored when comparing."
        ),
    )
    feedback_es = TextAreaField(_l("Feedback in Spanish"), validators=[Length(max=2000)])
    feedback_en = TextAreaField(_l("Feedback in English"), validators=[Length(max=2000)])


class RuleForm(Form):
    """The workshop's completion rule."""

    min_quiz_average = IntegerField(
        _l("Minimum average quiz score (%)"),
        validators=[Optional(), NumberRange(0, 100)],
        description=_l("Leave empty for no minimum. The pre-test does not count."),
    )
    min_attendance_share = IntegerField(
        _l("Minimum attendance at live sessions (%)"),
        validators=[Optional(), NumberRange(0, 100)],
        description=_l(
            "Leave empty for no minimum. Counts the marked sessions; excused absences do not count."
        ),
    )
    step = HiddenField(default="preview")


class RevokeForm(Form):
    """Revoking a certificate needs a reason (kept for the record)."""

    reason = TextAreaField(
        _l("Reason for revoking"), validators=[InputRequired(), Length(max=2000)]
    )


class SurveyForm(Form):
    """The satisfaction survey after completion."""

    rating = RadioField(
        _l("How satisfied are you with the workshop?"),
        choices=RATINGS,
        validators=[InputRequired(_l("Choose a rating from 1 to 5."))],
        validate_choice=False,
    )
    comment = TextAreaField(
        _l("Comment (optional)"),
        validators=[Length(max=2000, message=_l("Write at most 2000 characters."))],
    )
