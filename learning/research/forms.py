"""Research forms: labels and messages are lazy so they follow the reader's language.

The title and abstract fields are made per configured language (``LANGUAGES``), so adding a
language to the configuration adds its fields without touching this file.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    MultipleFileField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from learning.language.i18n import LANGUAGE_NAMES
from learning.language.taxonomy import REGIONS, THEMES
from learning.research.messages import ACCESS_LABELS, LICENCE_LABELS, OUTPUT_LANGUAGES, TYPE_LABELS
from learning.research.services.common import MAX_FILES, programme_today
from learning.research.services.deposit import CreatorData, VersionData
from learning.research.services.identifiers import normalise_doi, normalise_orcid
from learning.web.forms import Form


class CheckboxesField(SelectMultipleField):
    """Several choices as checkboxes (rendered by the research templates' macro)."""

    def pre_validate(self, form: Any) -> None:
        known = {value for value, _label in self.choices or []}
        if any(value not in known for value in self.data or []):
            raise ValidationError(_l("Choose from the list."))


def parse_creators(raw: str) -> list[CreatorData]:
    """One creator per line: ``name; ORCID; affiliation`` (ORCID and affiliation optional).

    Raises ValueError with a message for people when a line is not right.
    """
    creators = []
    for number, line in enumerate((raw or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split(";")]
        name = parts[0]
        orcid = parts[1] if len(parts) > 1 else ""
        affiliation = "; ".join(p for p in parts[2:] if p) if len(parts) > 2 else ""
        if not name or len(name) > 200:
            raise ValueError(str(_l("Line %(n)s: write the creator's name first.", n=number)))
        normalised = None
        if orcid:
            normalised = normalise_orcid(orcid)
            if normalised is None:
                raise ValueError(
                    str(
                        _l(
                            "Line %(n)s: %(orcid)s is not a valid ORCID iD. It looks like "
                            "0000-0002-1825-0097; check the last character.",
                            n=number,
                            orcid=orcid,
                        )
                    )
                )
        creators.append(
            CreatorData(name=name, orcid=normalised, affiliation=affiliation[:200] or None)
        )
    return creators


def _creator_line(creator: Any) -> str:
    parts = [creator.name, creator.orcid or "", creator.affiliation or ""]
    while parts and not parts[-1]:
        parts.pop()
    return "; ".join(parts)


class _DepositBase(Form):
    output_type = SelectField(
        _l("Type"), validators=[DataRequired(_l("Choose the type of output."))]
    )
    creators = TextAreaField(
        _l("Creators"),
        description=_l(
            "One person per line, in citation order: name; ORCID iD (optional); affiliation "
            "(optional). For example: Rosa Quesada; 0000-0002-1825-0097; CEDES"
        ),
        validators=[DataRequired(_l("Name at least one creator.")), Length(max=10_000)],
    )
    organisation = StringField(
        _l("Organisation (think tank)"),
        validators=[DataRequired(_l("Name the organisation.")), Length(max=200)],
    )
    publication_date = DateField(
        _l("Publication date"),
        validators=[DataRequired(_l("Enter the publication date."))],
    )
    languages = CheckboxesField(_l("Languages of the output"))
    keywords = StringField(
        _l("Keywords"),
        description=_l("Separated by commas."),
        validators=[Optional(), Length(max=1000)],
    )
    themes = CheckboxesField(_l("Themes"))
    countries = CheckboxesField(_l("Countries"))
    licence = SelectField(_l("Licence"), default="CC-BY-4.0")
    doi = StringField(
        _l("DOI (optional)"),
        description=_l("For example 10.1234/abcd.5678 or https://doi.org/10.1234/abcd.5678"),
        validators=[Optional(), Length(max=220)],
    )
    funding_note = TextAreaField(_l("Funding note (optional)"), validators=[Length(max=2000)])
    access = RadioField(_l("Who may download the files"), default="public")
    embargo_until = DateField(
        _l("Embargo until"),
        description=_l("Only for embargoed outputs: the files open on this day."),
        validators=[Optional()],
    )

    def fill_choices(self) -> None:
        self.output_type.choices = [("", _l("Choose…")), *TYPE_LABELS.items()]
        self.languages.choices = list(OUTPUT_LANGUAGES.items())
        self.themes.choices = list(THEMES.items())
        self.countries.choices = list(REGIONS.items())
        self.licence.choices = list(LICENCE_LABELS.items())
        self.access.choices = list(ACCESS_LABELS.items())

    def text_fields(self) -> list[tuple[str, Any, Any]]:
        """(language, title field, abstract field) for each configured language."""
        return [
            (lang, self[f"title_{lang}"], self[f"abstract_{lang}"])
            for lang in current_app.config["LANGUAGES"]
        ]

    def validate(self, extra_validators: Any = None) -> bool:
        ok = super().validate(extra_validators)
        if self.access.data == "embargoed" and not self.embargo_until.errors:
            if self.embargo_until.data is None:
                self.embargo_until.errors.append(_l("Give the date when the embargo ends."))
                ok = False
            elif self.embargo_until.data <= programme_today():
                self.embargo_until.errors.append(
                    _l("The embargo must end after today. For files open now, choose Public.")
                )
                ok = False
        texts = self.text_fields()
        if not any((t.data or "").strip() for _lang, t, _a in texts):
            texts[0][1].errors.append(_l("Give the title in at least one language."))
            ok = False
        for _lang, title, abstract in texts:
            if (title.data or "").strip() and not (abstract.data or "").strip():
                abstract.errors.append(_l("Write the abstract in the same language as the title."))
                ok = False
            if (abstract.data or "").strip() and not (title.data or "").strip():
                title.errors.append(_l("Give the title in the same language as the abstract."))
                ok = False
        return ok

    def validate_creators(self, field: TextAreaField) -> None:
        try:
            self.parsed_creators = parse_creators(field.data or "")
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc
        if not self.parsed_creators:
            raise ValidationError(_l("Name at least one creator."))

    def validate_doi(self, field: StringField) -> None:
        if field.data and normalise_doi(field.data) is None:
            raise ValidationError(
                _l("This is not a DOI. A DOI starts with 10. and a slash, like 10.1234/abcd.")
            )

    def version_data(self) -> VersionData:
        """The form's content as the service wants it."""
        keywords = []
        for word in (self.keywords.data or "").split(","):
            word = word.strip()[:100]
            if word and word not in keywords:
                keywords.append(word)
        return VersionData(
            output_type=self.output_type.data,
            organisation=self.organisation.data.strip(),
            publication_date=self.publication_date.data,
            texts={
                lang: ((t.data or "").strip(), (a.data or "").strip())
                for lang, t, a in self.text_fields()
            },
            creators=self.parsed_creators,
            languages=list(self.languages.data or []),
            keywords=keywords[:30],
            themes=list(self.themes.data or []),
            countries=list(self.countries.data or []),
            licence=self.licence.data,
            doi=normalise_doi(self.doi.data) if self.doi.data else None,
            funding_note=self.funding_note.data,
        )

    def fill_from(self, version: Any) -> None:
        """Pre-fill from an existing version (for editing)."""
        self.output_type.data = version.output_type
        self.organisation.data = version.organisation
        self.publication_date.data = version.publication_date
        self.languages.data = list(version.languages)
        self.keywords.data = ", ".join(version.keywords)
        self.themes.data = list(version.themes)
        self.countries.data = list(version.countries)
        self.licence.data = version.licence
        self.doi.data = version.doi or ""
        self.funding_note.data = version.funding_note or ""
        self.access.data = version.output.access
        self.embargo_until.data = version.output.embargo_until
        self.creators.data = "\n".join(_creator_line(c) for c in version.creators)
        for text in version.texts:
            if f"title_{text.language}" in self:
                self[f"title_{text.language}"].data = text.title
                self[f"abstract_{text.language}"].data = text.abstract


@cache
def _form_class(languages: tuple[str, ...], with_files: bool) -> type[_DepositBase]:

    attrs: dict[str, Any] = {}
    for lang in languages:
        name = LANGUAGE_NAMES.get(lang, lang)
        attrs[f"title_{lang}"] = StringField(
            _l("Title in %(language)s", language=name), validators=[Length(max=500)]
        )
        attrs[f"abstract_{lang}"] = TextAreaField(
            _l("Abstract in %(language)s", language=name), validators=[Length(max=10_000)]
        )
    if with_files:
        attrs["files"] = MultipleFileField(
            _l("Files"),
            description=_l(
                "PDF, Word, Excel, PowerPoint, OpenDocument, CSV, text or ZIP; up to %(n)s files.",
                n=MAX_FILES,
            ),
        )
    attrs["submit"] = SubmitField(_l("Save draft"))
    return type("DepositForm", (_DepositBase,), attrs)


def deposit_form(*, with_files: bool, **kwargs: Any) -> _DepositBase:
    """The deposit/edit form for the configured languages."""
    cls = _form_class(tuple(current_app.config["LANGUAGES"]), with_files)
    form = cls(**kwargs)
    form.fill_choices()
    return form


class FilesForm(Form):
    files = MultipleFileField(_l("Add files"))
    submit = SubmitField(_l("Upload"))


class CurationForm(Form):
    comment = TextAreaField(
        _l("Comment for the researcher"),
        description=_l("Required when you return the output: say what to change."),
        validators=[Length(max=5000)],
    )
    approve = SubmitField(_l("Publish"))
    send_back = SubmitField(_l("Return to the researcher"))


class WithdrawForm(Form):
    reason = TextAreaField(
        _l("Reason for withdrawal"),
        description=_l("Shown publicly on the output's page."),
        validators=[DataRequired(_l("Give the reason for withdrawal.")), Length(max=2000)],
    )
    submit = SubmitField(_l("Withdraw the output"))
