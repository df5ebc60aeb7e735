"""The network's forms: a person's profile (with who may see each field), an organisation,
asking to join one, and the directory's filters."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import Length

from learning.web.forms import Form
from learning.workshops.forms import MultiCheckboxField

TOO_LONG = _l("This text is too long.")


def _audience(label: object) -> RadioField:
    return RadioField(label, validate_choice=False, default="network")


class ProfileForm(Form):
    """A person's own network profile."""

    visibility = RadioField(_l("Who may see my profile"), validate_choice=False)
    at_risk = BooleanField(
        _l("Hide my contact details and location"),
        description=_l(
            "For journalists and activists at risk: only the programme team will see your "
            "city, country, e-mail and website, whatever you choose below."
        ),
    )
    headline = StringField(
        _l("Headline"),
        description=_l("Your work in a line, such as “Data journalist at El Faro”."),
        validators=[Length(max=200, message=TOO_LONG)],
    )
    headline_visibility = _audience(_l("Who may see the headline"))
    bio = TextAreaField(
        _l("About me"),
        description=_l(
            "Simple formatting (Markdown) is allowed. Links become clickable once your account "
            "is a few days old or the programme team has approved them."
        ),
        validators=[Length(max=4000, message=TOO_LONG)],
    )
    bio_visibility = _audience(_l("Who may see “About me”"))
    city = StringField(_l("City"), validators=[Length(max=120, message=TOO_LONG)])
    country = SelectField(_l("Country"), validate_choice=False)
    location_visibility = _audience(_l("Who may see my city and country"))
    contact_email = StringField(
        _l("Contact e-mail (optional)"), validators=[Length(max=254, message=TOO_LONG)]
    )
    website = StringField(_l("Website (optional)"), validators=[Length(max=300, message=TOO_LONG)])
    contact_visibility = _audience(_l("Who may see my e-mail and website"))
    orcid = StringField(
        _l("ORCID iD (optional)"),
        description=_l("Such as 0000-0002-1825-0097."),
        validators=[Length(max=60, message=TOO_LONG)],
    )
    orcid_visibility = _audience(_l("Who may see my ORCID iD"))
    themes = MultiCheckboxField(_l("Expertise"))
    keywords = StringField(
        _l("Keywords"),
        description=_l("Separated by commas, such as “fact-checking, elections”."),
        validators=[Length(max=1200, message=TOO_LONG)],
    )
    expertise_visibility = _audience(_l("Who may see my expertise and keywords"))
    languages = MultiCheckboxField(_l("Languages I speak"))
    languages_visibility = _audience(_l("Who may see my languages"))
    submit = SubmitField(_l("Save my profile"))


class OrganisationForm(Form):
    """An organisation, created by staff or proposed by a member."""

    kind = SelectField(_l("Type of organisation"), validate_choice=False)
    name = StringField(_l("Name"), validators=[Length(max=200, message=TOO_LONG)])
    acronym = StringField(_l("Acronym (optional)"), validators=[Length(max=32, message=TOO_LONG)])
    country = SelectField(_l("Country"), validate_choice=False)
    city = StringField(_l("City"), validators=[Length(max=120, message=TOO_LONG)])
    website = StringField(_l("Website (optional)"), validators=[Length(max=300, message=TOO_LONG)])
    description_es = TextAreaField(
        _l("Description in Spanish"), validators=[Length(max=5000, message=TOO_LONG)]
    )
    description_en = TextAreaField(
        _l("Description in English"), validators=[Length(max=5000, message=TOO_LONG)]
    )
    themes = MultiCheckboxField(_l("Themes"))
    logo = FileField(_l("Logo (optional)"), description=_l("An image: PNG, JPEG or WebP."))
    remove_logo = BooleanField(_l("Remove the logo"))
    submit = SubmitField(_l("Save the organisation"))


class JoinForm(Form):
    """Asking to join an organisation."""

    role = StringField(
        _l("Your role there"),
        description=_l("Such as “Researcher” or “Editor”."),
        validators=[Length(max=120, message=TOO_LONG)],
    )
    submit = SubmitField(_l("Ask to join"))
