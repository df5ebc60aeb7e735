"""Administration forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, EmailField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, Length

from learning.accounts.models import ROLES
from learning.language.taxonomy import ROLE_LABELS
from learning.web.forms import Form


class RolesForm(Form):
    trainer = BooleanField(ROLE_LABELS["trainer"])
    researcher = BooleanField(ROLE_LABELS["researcher"])
    curator = BooleanField(ROLE_LABELS["curator"])
    organiser = BooleanField(ROLE_LABELS["organiser"])
    admin = BooleanField(ROLE_LABELS["admin"])
    submit = SubmitField(_l("Save roles"))

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
