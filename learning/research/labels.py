"""Words for the research vocabularies, in the reader's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

TYPE_LABELS = {
    "policy_brief": _l("Policy brief"),
    "working_paper": _l("Working paper"),
    "research_report": _l("Research report"),
    "journal_article": _l("Journal article"),
    "book_chapter": _l("Book chapter"),
    "dataset": _l("Dataset"),
    "presentation": _l("Presentation"),
    "other": _l("Other"),
}

LICENCE_LABELS = {
    "CC-BY-4.0": _l("Creative Commons Attribution 4.0 (CC BY 4.0)"),
    "CC-BY-SA-4.0": _l("Creative Commons Attribution-ShareAlike 4.0 (CC BY-SA 4.0)"),
    "CC-BY-NC-4.0": _l("Creative Commons Attribution-NonCommercial 4.0 (CC BY-NC 4.0)"),
    "CC-BY-NC-SA-4.0": _l(
        "Creative Commons Attribution-NonCommercial-ShareAlike 4.0 (CC BY-NC-SA 4.0)"
    ),
    "CC-BY-ND-4.0": _l("Creative Commons Attribution-NoDerivatives 4.0 (CC BY-ND 4.0)"),
    "CC-BY-NC-ND-4.0": _l(
        "Creative Commons Attribution-NonCommercial-NoDerivatives 4.0 (CC BY-NC-ND 4.0)"
    ),
    "CC0-1.0": _l("Public domain dedication (CC0 1.0)"),
    "all-rights-reserved": _l("All rights reserved"),
}

LICENCE_URLS = {
    "CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/",
    "CC-BY-SA-4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
    "CC-BY-NC-4.0": "https://creativecommons.org/licenses/by-nc/4.0/",
    "CC-BY-NC-SA-4.0": "https://creativecommons.org/licenses/by-nc-sa/4.0/",
    "CC-BY-ND-4.0": "https://creativecommons.org/licenses/by-nd/4.0/",
    "CC-BY-NC-ND-4.0": "https://creativecommons.org/licenses/by-nc-nd/4.0/",
    "CC0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
}

ACCESS_LABELS = {
    "public": _l("Public: anyone"),
    "network": _l("Network only: signed-in members"),
    "embargoed": _l("Embargoed until a date (the description is public, the files are not)"),
}

STATE_LABELS = {
    "draft": _l("draft"),
    "submitted": _l("submitted"),
    "returned": _l("returned"),
    "published": _l("published"),
    "withdrawn": _l("withdrawn"),
}

# Languages a research output may be written in (not only the interface languages).
OUTPUT_LANGUAGES = {
    "es": _l("Spanish"),
    "en": _l("English"),
    "pt": _l("Portuguese"),
    "fr": _l("French"),
}

FACET_LABELS = {
    "type": _l("Type"),
    "theme": _l("Theme"),
    "country": _l("Country"),
    "language": _l("Language"),
    "year": _l("Year"),
    "organisation": _l("Organisation"),
}
