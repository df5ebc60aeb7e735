"""The network's words for people (organisations and profiles): what each refusal
(``NetworkError`` code) means, in the reader's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from learning.network.services.common import NetworkError
from learning.web.views import message

MESSAGES = {
    "bad_visibility": _l("Choose who may see your profile and each field from the list."),
    "headline_too_long": _l("Write a headline of at most 200 characters."),
    "bio_too_long": _l("Write an introduction of at most 4,000 characters."),
    "city_too_long": _l("Write a city of at most 120 characters."),
    "bad_country": _l("Choose a country from the list."),
    "bad_email": _l("Write a valid e-mail address, such as name@example.org."),
    "bad_url": _l("Enter a full link starting with https:// (or http://)."),
    "bad_orcid": _l(
        "This is not a valid ORCID iD: it has 16 digits, such as 0000-0002-1825-0097, and the "
        "last one is a check digit. Copy it from your ORCID record."
    ),
    "bad_theme": _l("Choose themes from the list."),
    "bad_language": _l("Choose languages from the list."),
    "keyword_too_long": _l("Each keyword may have at most 64 characters."),
    "too_many_keywords": _l("Give at most 15 keywords, separated by commas."),
    "bad_kind": _l("Choose a type of organisation from the list."),
    "name_missing": _l("Write the organisation's name."),
    "name_too_long": _l("Write a name of at most 200 characters."),
    "acronym_too_long": _l("Write an acronym of at most 32 characters."),
    "description_too_long": _l("Write a description of at most 5,000 characters."),
    "not_active": _l("This organisation is waiting for the programme team's review."),
    "already_member": _l("You are already a member of this organisation, or have asked to be."),
    "role_too_long": _l("Write a role of at most 120 characters."),
    "not_pending": _l("This request has already been decided."),
    "not_confirmed": _l("Only confirmed members can be made admins."),
}


def error_message(error: NetworkError) -> str:
    """What to tell the person about ``error``, in their language."""
    return message(error, MESSAGES)
