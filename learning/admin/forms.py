"""Administration forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, SubmitField

from learning.accounts.models import ROLES
from learning.taxonomy import ROLE_LABELS


class RolesForm(FlaskForm):
    trainer = BooleanField(ROLE_LABELS["trainer"])
    researcher = BooleanField(ROLE_LABELS["researcher"])
    curator = BooleanField(ROLE_LABELS["curator"])
    admin = BooleanField(ROLE_LABELS["admin"])
    submit = SubmitField(_l("Save roles"))

    def chosen(self) -> set[str]:
        return {role for role in ROLES if getattr(self, role).data}


class ActiveForm(FlaskForm):
    submit = SubmitField()


class ProbeUploadForm(FlaskForm):
    file = FileField(
        _l("File"),
        description=_l("Any accepted document, image, audio or video file. It is kept here."),
    )
    submit = SubmitField(_l("Upload"))
