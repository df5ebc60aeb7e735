"""The programme's fixed vocabularies (themes, audiences, regions, sectors, countries)."""

from __future__ import annotations

from babel import Locale
from flask_babel import lazy_gettext as _l

from learning.language.text import fold

ROLE_LABELS = {
    "trainer": _l("Trainer"),
    "researcher": _l("Researcher"),
    "curator": _l("Curator"),
    "organiser": _l("Event organiser"),
    "moderator": _l("Discussion moderator"),
    "admin": _l("Administrator"),
}

THEMES = {
    "democracy": _l("Democracy and governance"),
    "digital": _l("Digital transformation (EU-LAC Digital Alliance)"),
    "climate": _l("Climate and environment"),
    "growth": _l("Inclusive growth"),
}

AUDIENCES = {
    "journalists": _l("Journalists"),
    "policy-makers": _l("Policy-makers"),
    "civil-society": _l("Civil-society leaders"),
    "business": _l("Business community"),
    "academia": _l("Academics and think tanks"),
    "culture": _l("Influencers and cultural actors"),
}

# Sectors people declare at registration; they mirror the audiences for reporting.
SECTORS = {
    "media": _l("Journalism and media"),
    "government": _l("Government and public sector"),
    "civil-society": _l("Civil society"),
    "business": _l("Business and private sector"),
    "academia": _l("Academia and think tanks"),
    "culture": _l("Culture and influence"),
    "international": _l("International cooperation"),
    "other": _l("Other"),
}

GENDERS = {
    "woman": _l("Woman"),
    "man": _l("Man"),
    "non-binary": _l("Non-binary or another identity"),
    "undisclosed": _l("Prefer not to say"),
}

PROGRAMME_COUNTRIES = ("MX", "GT", "BZ", "SV", "HN", "NI", "CR", "PA")
EU_MEMBER_STATES = (
    "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE"
).split()

REGIONS = {
    "MX": _l("Mexico"),
    "GT": _l("Guatemala"),
    "BZ": _l("Belize"),
    "SV": _l("El Salvador"),
    "HN": _l("Honduras"),
    "NI": _l("Nicaragua"),
    "CR": _l("Costa Rica"),
    "PA": _l("Panama"),
    "EU": _l("EU member states"),
    "other": _l("Other"),
}

# ISO 3166 codes Babel knows that are not real present-day countries.
_NOT_COUNTRIES = {"ZZ", "QO", "EU", "EZ", "UN", "XA", "XB", "XK"}


def region_of(country: str | None) -> str:
    """The programme region a country belongs to (a REGIONS key)."""
    if country in PROGRAMME_COUNTRIES:
        return country
    if country in EU_MEMBER_STATES:
        return "EU"
    return "other"


def country_choices(language: str) -> list[tuple[str, str]]:
    """Countries as (code, name in ``language``): programme countries first, then the rest."""
    names = Locale.parse(language).territories
    codes = [c for c in names if len(c) == 2 and c.isalpha() and c not in _NOT_COUNTRIES]
    first = [(c, names[c]) for c in PROGRAMME_COUNTRIES]
    rest = sorted(
        ((c, names[c]) for c in codes if c not in PROGRAMME_COUNTRIES),
        key=lambda item: _sort_key(item[1]),
    )
    return first + rest


def country_name(code: str | None, language: str) -> str:
    """A country's name in ``language``; empty for no country."""
    if not code:
        return ""
    return Locale.parse(language).territories.get(code, code)


def is_country(code: str) -> bool:
    """Whether ``code`` is a country code we accept."""
    return code in Locale.parse("en").territories and code not in _NOT_COUNTRIES and len(code) == 2


def _sort_key(name: str) -> str:

    return fold(name)
