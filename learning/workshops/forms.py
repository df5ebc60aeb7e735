"""Workshop forms. Per-language fields are made from ``LANGUAGES``, so a third language needs
no code change; labels are lazy so they follow the reader's language."""

from __future__ import annotations

from functools import cache
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    Field,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from learning.language.content import language_name
from learning.web.forms import Form
from learning.workshops.services.common import Texts


class MultiCheckboxField(SelectMultipleField):
    """Several checkboxes; the service checks the values (no English-only choice errors)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form: Any) -> None:
        """Values are checked by the service with a message in the reader's language."""


def _name(language: str) -> LazyString:
    """The language's name in the reader's language, worked out when the label is shown."""
    return LazyString(lambda: language_name(language))


def field_key(language: str) -> str:
    """The form-field suffix for a language code ("pt-BR" -> "pt_br")."""
    return language.lower().replace("-", "_")


class TranslatedForm(Form):
    """A form with per-language fields named ``<field>_<language>``."""

    translated: tuple[str, ...] = ()

    def texts(self) -> dict[str, Texts]:
        """What was written, per language."""
        out = {}
        for language in current_app.config["LANGUAGES"]:
            values = {
                name: (self[f"{name}_{field_key(language)}"].data or "") for name in self.translated
            }
            out[language] = Texts(**values)
        return out

    def fill_texts(self, translations: list[Any]) -> None:
        """Put existing translations into the fields (on GET)."""
        for row in translations:
            for name in self.translated:
                key = f"{name}_{field_key(row.language)}"
                if key in self:
                    self[key].data = getattr(row, name)

    def language_fields(self, language: str) -> list[Field]:
        """The fields of one language, in order, for the template."""
        return [self[f"{name}_{field_key(language)}"] for name in self.translated]

    def field_by_name(self, name: str, language: str) -> Field | None:
        """One language's field, if the form has it."""
        key = f"{name}_{field_key(language)}"
        return self[key] if key in self else None


def _translated(base: type[TranslatedForm], specs: dict[str, Any]) -> Any:
    @cache
    def build(languages: tuple[str, ...]) -> type[TranslatedForm]:
        attrs: dict[str, Any] = {"translated": tuple(specs)}
        for language in languages:
            for name, make in specs.items():
                attrs[f"{name}_{field_key(language)}"] = make(language)
        return type(base.__name__, (base,), attrs)

    def factory(*args: Any, **kwargs: Any) -> Any:
        return build(tuple(current_app.config["LANGUAGES"]))(*args, **kwargs)

    return factory


def _title(language: str) -> StringField:
    return StringField(
        _l("Title (%(language)s)", language=_name(language)), validators=[Length(max=200)]
    )


class _WorkshopBase(TranslatedForm):
    slug = StringField(
        _l("Address name"),
        description=_l(
            "Lower-case letters, numbers and hyphens, used in the page address. "
            "Leave it empty to make one from the title."
        ),
        validators=[Optional(), Length(max=80)],
    )
    themes = MultiCheckboxField(_l("Themes"))
    audiences = MultiCheckboxField(_l("Audiences"))
    format = RadioField(_l("Format"), validate_choice=False, default="online")
    teaching_languages = MultiCheckboxField(_l("Teaching languages"))
    estimated_hours = IntegerField(
        _l("Estimated hours"),
        default=0,
        validators=[
            InputRequired(_l("Enter the estimated hours.")),
            NumberRange(0, 1000, _l("Enter a number of hours from 0 to 1000.")),
        ],
    )
    trainers = MultiCheckboxField(_l("Trainers"), coerce=int)
    cover = FileField(
        _l("Cover image (optional)"),
        description=_l("PNG, JPEG or WebP, at most 5 MB. Shown on the workshop page."),
    )
    remove_cover = BooleanField(_l("Remove the current cover image"))
    submit = SubmitField(_l("Save workshop"))


WorkshopForm = _translated(
    _WorkshopBase,
    {
        "title": _title,
        "summary": lambda language: TextAreaField(
            _l("Summary (%(language)s)", language=_name(language)),
            description=_l("One or two sentences for the catalogue."),
            validators=[Length(max=500)],
        ),
        "description": lambda language: TextAreaField(
            _l("Description (%(language)s)", language=_name(language)),
            description=_l("Markdown: **bold**, *italic*, lists, [links](https://…)."),
            validators=[Length(max=20000)],
        ),
    },
)


class _ModuleBase(TranslatedForm):
    release_on = DateField(
        _l("Opens on (optional)"),
        description=_l("Participants see its lessons from this date."),
        validators=[Optional()],
    )
    prerequisite = SelectField(_l("Prerequisite module (optional)"), validate_choice=False)
    submit = SubmitField(_l("Save module"))


ModuleForm = _translated(
    _ModuleBase,
    {
        "title": _title,
        "summary": lambda language: TextAreaField(
            _l("Summary (%(language)s)", language=_name(language)), validators=[Length(max=2000)]
        ),
    },
)


class _LessonBase(TranslatedForm):
    module = SelectField(_l("Module"), validate_choice=False)
    estimated_minutes = IntegerField(
        _l("Estimated minutes"),
        default=15,
        validators=[
            InputRequired(_l("Enter the estimated minutes.")),
            NumberRange(0, 10000, _l("Enter a number of minutes from 0 to 10000.")),
        ],
    )
    required = BooleanField(_l("Required to complete the workshop"), default=True)
    file = FileField(_l("File (optional)"))
    url = StringField(
        _l("Link (optional)"),
        description=_l("An address starting with https://"),
        validators=[Length(max=500)],
    )
    starts_at = DateTimeLocalField(
        _l("Starts"), format=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"], validators=[Optional()]
    )
    ends_at = DateTimeLocalField(
        _l("Ends"), format=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"], validators=[Optional()]
    )
    timezone = SelectField(_l("Time zone of the session"), validate_choice=False)
    place = StringField(_l("Place (optional)"), validators=[Length(max=300)])
    meeting_url = StringField(
        _l("Meeting link (optional)"),
        description=_l("An address starting with https://"),
        validators=[Length(max=500)],
    )
    submit = SubmitField(_l("Save lesson"))


LessonForm = _translated(
    _LessonBase,
    {
        "title": _title,
        "body": lambda language: TextAreaField(
            _l("Text (%(language)s)", language=_name(language)),
            description=_l("Markdown: **bold**, *italic*, lists, [links](https://…)."),
            validators=[Length(max=100000)],
        ),
    },
)


class MaterialForm(Form):
    file = FileField(_l("File"))
    title = StringField(_l("Title"), validators=[Length(max=200)])
    language = SelectField(_l("Language of the material"), validate_choice=False)
    description = TextAreaField(_l("Description (optional)"), validators=[Length(max=2000)])
    attach_to = SelectField(_l("Belongs to"), validate_choice=False)
    submit = SubmitField(_l("Upload material"))


class ReplaceForm(Form):
    file = FileField(_l("New file"))
    submit = SubmitField(_l("Upload new version"))
