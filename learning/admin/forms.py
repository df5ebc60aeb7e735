"""Administration forms."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, EmailField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, Length

from learning.accounts.models import ROLES
from learning.language.taxonomy import ROLE_LABELS
from learning.language.text import plain_text
from learning.web.forms import Form


class RolesForm(Form):
    """One box per role (ROLES): a ticked box sends "y"; any other value is forged, and
    refused (the page answers 400) rather than read as ticked."""

    trainer = BooleanField(ROLE_LABELS["trainer"])
    researcher = BooleanField(ROLE_LABELS["researcher"])
    curator = BooleanField(ROLE_LABELS["curator"])
    organiser = BooleanField(ROLE_LABELS["organiser"])
    moderator = BooleanField(
        ROLE_LABELS["moderator"],
        description=_l(
            "Hides and restores posts, approves links and blocks members in the network's "
            "discussions."
        ),
    )
    admin = BooleanField(ROLE_LABELS["admin"])
    submit = SubmitField(_l("Save roles"))

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        for role in ROLES:
            field = getattr(self, role)
            # Control characters go as from every field (learning/web/forms.py).
            if field.raw_data and [plain_text(str(v)).strip() for v in field.raw_data] != ["y"]:
                field.errors = [*field.errors, _l("Choose the roles with the boxes on this page.")]
                valid = False
        return valid

    def chosen(self) -> set[str]:
        return {role for role in ROLES if getattr(self, role).data}


class ActiveForm(Form):
    submit = SubmitField()


class ProbeUploadForm(Form):
    file = FileField(
        _l("File"),
        description=_l("Any accepted document, image, audio or video file. It is kept here."),
    )
    submit = SubmitField(_l("Upload"))


class SettingsForm(Form):
    programme_name = StringField(
        _l("Programme name"),
        description=_l("Shown in the header of every page, in e-mails and on certificates."),
        validators=[DataRequired(_l("Enter the programme's name.")), Length(max=120)],
    )
    contact_email = EmailField(
        _l("Contact address"),
        description=_l("Shown in the footer and the privacy notice."),
        validators=[
            DataRequired(_l("Enter a contact address.")),
            Email(_l("Enter a valid e-mail address, such as ana@example.org.")),
            Length(max=254),
        ],
    )
    funding_note_es = StringField(
        _l("Funding acknowledgement in Spanish"),
        validators=[DataRequired(_l("Enter the acknowledgement.")), Length(max=200)],
    )
    funding_note_en = StringField(
        _l("Funding acknowledgement in English"),
        validators=[DataRequired(_l("Enter the acknowledgement.")), Length(max=200)],
    )
    signatory_name = StringField(
        _l("Who signs the certificates (optional)"),
        description=_l("A name, printed above the role. Leave it empty for the role alone."),
        validators=[Length(max=120)],
    )
    signatory_role_es = StringField(
        _l("Signatory's role in Spanish"),
        description=_l("For example: Coordinación del programa. Empty: this default."),
        validators=[Length(max=120)],
    )
    signatory_role_en = StringField(
        _l("Signatory's role in English"),
        description=_l("For example: Programme coordinator. Empty: this default."),
        validators=[Length(max=120)],
    )
    submit = SubmitField(_l("Save settings"))
