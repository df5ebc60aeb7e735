"""What the account pages say when a sign-in or a link is refused, in the reader's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

LOGIN_PROBLEMS = {
    "bad_credentials": _l("The e-mail or the password is not right. Check both and try again."),
    "unconfirmed": _l(
        "Please confirm your e-mail address first: follow the link we sent you. "
        "You can ask for a new link below."
    ),
    "deactivated": _l(
        "This account has been deactivated. Write to the programme team if you think "
        "this is a mistake."
    ),
}

LINK_PROBLEMS = {
    "expired": _l("This link has expired. Ask for a new one below."),
    "invalid": _l("This link is not valid. Check that you copied all of it, or ask for a new one."),
    "used": _l("This link has already been used. Ask for a new one if you still need it."),
}

CONFIRMED_FOR_OTHER = _l(
    "The address %(email)s is confirmed. You are still signed in as %(name)s: "
    "sign out, then sign in with %(email)s."
)
