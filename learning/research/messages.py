"""The research exchange's words for people: the labels of its vocabularies (types, licences,
access, states, languages, facets) and what each refusal (``ResearchError`` code) means, in the
reader's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from learning.research.services.common import MAX_FILES, ResearchError
from learning.web.views import message

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

MESSAGES = {
    "frozen": _l(
        "This version is published, so its files and description cannot change. "
        "Start a new version of the output instead."
    ),
    "in_curation": _l(
        "This version is with the curators. Wait for their answer before changing it."
    ),
    "own_deposit": _l("You cannot approve your own deposit. Another curator has to review it."),
    "not_submitted": _l("This version is not waiting for curation."),
    "access_locked": _l(
        "Who may download a published output cannot change with a new version. "
        "Write to the curators if it must change."
    ),
    "not_published": _l("Only a published output can do this."),
    "version_open": _l("A new version is already being prepared. Finish or submit it first."),
    "no_files": _l("Add at least one file before you submit the output."),
    "too_many_files": _l("A version can have at most %(n)s files.", n=MAX_FILES),
    "comment_required": _l("Write a comment that tells the researcher what to change."),
    "reason_required": _l("Give the reason for withdrawal."),
    "embargo_past": _l("The embargo must end after today. For files open now, choose Public."),
    "bad_orcid": _l("An ORCID iD is not valid."),
    "bad_doi": _l("The DOI is not valid."),
    "no_text": _l("Give the title and abstract in at least one language."),
    "no_creators": _l("Name at least one creator."),
    "no_such_file": _l("This file is not part of this version."),
    # The forms offer only valid choices and files, so these need no words of their own.
    "bad_type": _l("This cannot be done."),
    "bad_access": _l("This cannot be done."),
    "bad_file": _l("This cannot be done."),
}

# The HTTP status of each refusal; any other is 400.
STATUSES = {
    "frozen": 409,
    "in_curation": 409,
    "own_deposit": 403,
    "not_submitted": 409,
    "access_locked": 409,
    "not_published": 409,
    "version_open": 409,
    "no_such_file": 404,
}


def error_message(error: ResearchError) -> str:
    """What to tell the person about ``error``, in their language."""
    return message(error, MESSAGES)


def error_status(error: ResearchError) -> int:
    """The HTTP status that answers ``error``."""
    return STATUSES.get(error.code, 400)
