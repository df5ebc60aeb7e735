"""The form that writes a question of a form staff define (learning/language/questions.py):
its kind, whether it must be answered, the longest text answer, and per language its label
and options. Events and calls use it as it is or add their own fields."""

from __future__ import annotations

from typing import Any

from flask import current_app, request
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import Length, Optional

from learning.language.questions import QuestionData
from learning.workshops.forms import TranslatedForm, _name, _translated, field_key

TOO_LONG = _l("This text is too long.")


class QuestionFormBase(TranslatedForm):
    # The service checks kinds, labels, options and the limit, with messages that name them.
    kind = SelectField(_l("Kind of question"), validate_choice=False, default="text")
    required = BooleanField(_l("An answer is required"))
    max_length = IntegerField(
        _l("Longest answer, in characters (text questions; optional)"),
        description=_l("From 1 to 2000. Leave it empty for 2000."),
        validators=[Optional()],
    )
    submit = SubmitField(_l("Save the question"))


WORDING = {
    "label": lambda language: StringField(
        _l("Question (%(language)s)", language=_name(language)),
        validators=[Length(max=300, message=TOO_LONG)],
    ),
    "options": lambda language: TextAreaField(
        _l("Options (%(language)s)", language=_name(language)),
        description=_l(
            "Choice questions only: one option a line, in the same order in each language."
        ),
        validators=[Length(max=10000, message=TOO_LONG)],
    ),
}


def question_form(base: type[QuestionFormBase] = QuestionFormBase) -> Any:
    """The form class (made per configured languages) for ``base``."""
    return _translated(base, WORDING)


def fill_question_form(form: Any, question: Any | None, kinds: dict[str, Any]) -> Any:
    """Offer ``kinds``; on a GET of an existing question, show what it says now."""
    form.kind.choices = list(kinds.items())
    if request.method == "GET" and question is not None:
        form.kind.data = question.kind
        form.required.data = question.required
        form.max_length.data = question.max_length
        for row in question.translations:
            key = field_key(row.language)
            if f"label_{key}" in form:
                form[f"label_{key}"].data = row.label
                form[f"options_{key}"].data = row.options
    return form


def question_data(form: Any) -> QuestionData:
    """What the editor sent, for check_question."""
    languages = current_app.config["LANGUAGES"]
    return QuestionData(
        kind=form.kind.data or "",
        required=bool(form.required.data),
        max_length=form.max_length.data,
        labels={code: form[f"label_{field_key(code)}"].data or "" for code in languages},
        options={code: form[f"options_{field_key(code)}"].data or "" for code in languages},
    )
