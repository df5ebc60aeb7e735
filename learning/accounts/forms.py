"""Account forms: labels and messages are lazy so they follow the reader's language."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, EqualTo, Length, Optional, ValidationError

from learning.accounts.services import PASSWORD_MAX, PASSWORD_MIN, email_taken, password_problem
from learning.language.i18n import LANGUAGE_ENDONYMS, current_language
from learning.language.taxonomy import GENDERS, SECTORS, country_choices, is_country
from learning.language.timezones import timezone_choices
from learning.web.forms import Form

PASSWORD_MESSAGES = {
    "too_short": _l("Use at least %(n)s characters.", n=PASSWORD_MIN),
    "too_long": _l("Use at most %(n)s characters.", n=PASSWORD_MAX),
    "too_common": _l("This password is too common or too simple; choose another."),
    "too_personal": _l("Do not use your name or e-mail in the password."),
}


def check_email(form: Form, field: EmailField) -> None:
    """A syntactically valid e-mail address (no DNS look-up: the network may be closed)."""
    try:
        validate_email(field.data or "", check_deliverability=False)
    except EmailNotValidError as exc:
        raise ValidationError(_l("Enter a valid e-mail address, such as ana@example.org.")) from exc


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


class EmailMixin:
    email = EmailField(
        _l("E-mail"),
        filters=[_strip],
        validators=[DataRequired(_l("Enter your e-mail address.")), Length(max=254), check_email],
    )


class LoginForm(EmailMixin, Form):
    password = PasswordField(
        _l("Password"), validators=[DataRequired(_l("Enter your password.")), Length(max=1024)]
    )
    remember = BooleanField(_l("Keep me signed in on this device"))
    next = HiddenField()
    submit = SubmitField(_l("Sign in"))


class NewPasswordMixin:
    password = PasswordField(
        _l("Password"),
        description=_l("At least %(n)s characters. A short sentence is easy to remember.", n=10),
        validators=[DataRequired(_l("Choose a password."))],
    )
    password_again = PasswordField(
        _l("Repeat the password"),
        validators=[
            DataRequired(_l("Repeat the password.")),
            EqualTo("password", _l("The two passwords do not match.")),
        ],
    )

    # The e-mail of an existing account, for forms that do not ask for it.
    account_email = ""

    def validate_password(self, field: PasswordField) -> None:
        email = getattr(self, "email", None)
        name = getattr(self, "name", None)
        problem = password_problem(
            field.data or "",
            email=(email.data if email is not None else "") or self.account_email,
            name=(name.data if name is not None else "") or "",
        )
        if problem:
            raise ValidationError(PASSWORD_MESSAGES[problem])


class AccountPasswordForm(NewPasswordMixin, Form):
    """A new password for a known account (its e-mail given by the route)."""

    def __init__(self, *args: object, account_email: str = "", **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.account_email = account_email


def _language_choices() -> list[tuple[str, str]]:
    return list(LANGUAGE_ENDONYMS.items())


class ProfileFieldsMixin:
    name = StringField(
        _l("Full name"),
        description=_l("As it should appear on certificates."),
        validators=[DataRequired(_l("Enter your name.")), Length(max=200)],
    )
    country = SelectField(
        _l("Country"), validators=[DataRequired(_l("Choose your country."))], validate_choice=False
    )
    organisation = StringField(_l("Organisation"), validators=[Optional(), Length(max=200)])
    sector = SelectField(_l("Sector"), validators=[DataRequired(_l("Choose your sector."))])
    preferred_language = SelectField(_l("Preferred language"))
    gender = SelectField(
        _l("Gender (optional)"),
        description=_l("Only used, without your name, for the programme's statistics."),
        validators=[Optional()],
    )

    def fill_choices(self) -> None:
        language = current_language()
        self.country.choices = [("", _l("Choose…")), *country_choices(language)]
        self.sector.choices = [("", _l("Choose…")), *SECTORS.items()]
        self.preferred_language.choices = _language_choices()
        self.gender.choices = [("", _l("Not stated")), *GENDERS.items()]

    def validate_country(self, field: SelectField) -> None:
        if not is_country(field.data or ""):
            raise ValidationError(_l("Choose a country from the list."))


class RegisterForm(ProfileFieldsMixin, EmailMixin, NewPasswordMixin, Form):
    next = HiddenField()
    submit = SubmitField(_l("Create account"))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fill_choices()
        if not self.preferred_language.data:
            self.preferred_language.data = current_language()

    def validate_email(self, field: EmailField) -> None:
        if field.data and email_taken(field.data):
            raise ValidationError(
                _l("An account with this e-mail already exists. Sign in or reset your password.")
            )


class ProfileForm(ProfileFieldsMixin, Form):
    timezone = SelectField(_l("Time zone"))
    submit = SubmitField(_l("Save profile"))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fill_choices()

        self.timezone.choices = timezone_choices()


class ChangePasswordForm(AccountPasswordForm):
    current_password = PasswordField(
        _l("Current password"), validators=[DataRequired(_l("Enter your current password."))]
    )
    submit = SubmitField(_l("Change password"))


class RequestResetForm(EmailMixin, Form):
    submit = SubmitField(_l("Send me a link"))


class ResendConfirmationForm(EmailMixin, Form):
    submit = SubmitField(_l("Send the confirmation link again"))


class ResetPasswordForm(AccountPasswordForm):
    submit = SubmitField(_l("Set new password"))


class DeleteAccountForm(Form):
    password = PasswordField(
        _l("Your password"),
        description=_l("To make sure it is you."),
        validators=[DataRequired(_l("Enter your password."))],
    )
    confirm = BooleanField(
        _l("I understand that my account and my personal data will be deleted for good."),
        validators=[DataRequired(_l("Tick the box to confirm."))],
    )
    submit = SubmitField(_l("Delete my account"))
