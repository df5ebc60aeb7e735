"""Enrolment's words for people: the labels of states, modes and statuses, what each refusal
(``EnrolmentError`` code) and each refused CSV row means, in the reader's language."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from learning.enrolment.services.common import EnrolmentError
from learning.enrolment.services.imports import Refusal
from learning.language.taxonomy import SECTORS
from learning.web.views import message

# Contexts: in Spanish the implied noun is "inscripción" (feminine).
STATE_LABELS = {
    "pending": lazy_pgettext("enrolment state", "pending approval"),
    "waitlisted": lazy_pgettext("enrolment state", "waitlisted"),
    "active": lazy_pgettext("enrolment state", "enrolled"),
    "completed": lazy_pgettext("enrolment state", "completed"),
    "withdrawn": lazy_pgettext("enrolment state", "withdrawn"),
    "rejected": lazy_pgettext("enrolment state", "not accepted"),
}
MODE_LABELS = {
    "open": _l("Open: anyone signed in"),
    "approval": _l("Approval required"),
    "key": _l("With an enrolment key"),
    "invitation": _l("By invitation only"),
}
EDITION_STATUS_LABELS = {
    "draft": _l("Draft: only trainers see it"),
    "open": _l("Open"),
    "closed": _l("Closed to new enrolments"),
    "cancelled": _l("Cancelled"),
}

MESSAGES = {
    "edition_closed": _l("This edition does not accept enrolments."),
    "not_open_yet": _l("Enrolment for this edition has not opened yet."),
    "enrolment_closed": _l("Enrolment for this edition has closed."),
    "already_enrolled": _l("You are already enrolled in this edition (or waiting for a seat)."),
    "was_rejected": _l("Your request for this edition was not accepted. Write to the trainers "
                       "if you think this is a mistake."),
    "key_missing": _l("This edition needs an enrolment key. Enter the key the trainers gave "
                      "you."),
    "wrong_key": _l("The enrolment key is not right. Check it with the trainers and try again."),
    "invitation_only": _l("This edition is by invitation only. Ask the trainers for an "
                          "invitation."),
    "workshop_not_published": _l("This workshop is not in the catalogue yet."),
    "not_enrolled": _l("You are not enrolled in this edition."),
    "not_pending": _l("This person is not waiting for a decision any more."),
    "bad_target": _l("Choose another edition of the same workshop."),
    "already_in_target": _l("This person is already in that edition."),
    "name_missing": _l("Give the edition a name of at most 200 characters."),
    "dates_missing": _l("Enter the first and last day."),
    "dates_order": _l("The last day must be on or after the first day."),
    "bad_timezone": _l("Choose a time zone from the list."),
    "bad_capacity": _l("Enter a number of seats from 1 to 100000, or leave it empty."),
    "bad_status": _l("Choose a status from the list."),
    "bad_country": _l("Choose a country from the list."),
    "bad_mode": _l("Choose who may enrol from the list."),
    "key_length": _l("The enrolment key needs 4 to 128 characters."),
    "window_order": _l("Enrolment must close after it opens."),
    "not_live": _l("This lesson is not a live session."),
    "session_times": _l("Enter when the session starts and ends; it must end after it starts."),
    "bad_url": _l("Enter a full link starting with https:// (or http://)."),
    "csv_empty": _l("The file is empty. Choose a CSV file with a header row and people."),
    "csv_binary": _l("This is not a CSV file. In your spreadsheet, use “Save as” → CSV."),
    "csv_no_header": _l("The file has no header row. The first row must name the columns: "
                        "email, name."),
    "already_confirmed": _l("This file has already been imported."),
}  # fmt: skip

REASONS = {
    "email_missing": _l("The e-mail is empty."),
    "email_invalid": _l("This is not a valid e-mail address."),
    "name_missing": _l("The name is empty."),
    "name_too_long": _l("The name is longer than 200 characters."),
    "too_long": _l("Longer than 200 characters."),
    "country_unknown": _l("Unknown country: use a two-letter code (MX) or the name in Spanish "
                          "or English."),
    "language_unknown": _l("Use es (Spanish) or en (English)."),
    "already_invited": _l("Already invited to this edition."),
}  # fmt: skip

# The roster export's header, in the reader's language; the Spanish words are ones the CSV
# import reads too (services/imports.py COLUMN_ALIASES), so an exported roster imports again.
ROSTER_COLUMNS = (
    lazy_pgettext("roster csv header", "name"),
    lazy_pgettext("roster csv header", "email"),
    lazy_pgettext("roster csv header", "state"),
    lazy_pgettext("roster csv header", "country"),
    lazy_pgettext("roster csv header", "organisation"),
    lazy_pgettext("roster csv header", "sector"),
    lazy_pgettext("roster csv header", "language"),
    lazy_pgettext("roster csv header", "since"),
    lazy_pgettext("roster csv header", "note"),
)


def roster_header() -> list[str]:
    """The roster export's header in the reader's language."""
    return [str(label) for label in ROSTER_COLUMNS]


def in_words(rows: Iterable[list[object]]) -> Iterator[list[object]]:
    """Roster rows (services.roster.roster_rows) with their state in the reader's words."""
    states = {key: str(label) for key, label in STATE_LABELS.items()}
    for row in rows:
        row[2] = states.get(str(row[2]), row[2])
        yield row


COLUMN_LABELS = {
    "email": lazy_pgettext("csv column", "email"),
    "name": lazy_pgettext("csv column", "name"),
    "country": lazy_pgettext("csv column", "country"),
    "organisation": lazy_pgettext("csv column", "organisation"),
    "sector": lazy_pgettext("csv column", "sector"),
    "language": lazy_pgettext("csv column", "language"),
}


def error_message(error: EnrolmentError) -> str:
    """What to tell the person about ``error``, in their language."""
    if error.code == "csv_missing_columns":
        return _(
            "The file has no column %(columns)s. The first row must name the columns: email, "
            "name (optional: country, organisation, sector, language).",
            columns=", ".join(error.detail.get("columns", [])),
        )
    if error.code == "csv_too_many_rows":
        return _(
            "The file has more than %(limit)s rows. Split it into smaller files.",
            limit=error.detail.get("limit"),
        )
    return message(error, MESSAGES)


def reason(refusal: Refusal) -> str:
    """Why a CSV row was refused, in the reader's language."""
    if refusal.reason == "duplicate_in_file":
        return _("This e-mail already appears in row %(row)s.", row=refusal.detail["first"])
    if refusal.reason == "already_enrolled":
        return _(
            "Already in this edition (%(state)s).",
            state=STATE_LABELS.get(refusal.detail["state"], refusal.detail["state"]),
        )
    if refusal.reason == "sector_unknown":
        return _("Unknown sector: use one of %(keys)s.", keys=", ".join(SECTORS))
    return str(REASONS.get(refusal.reason, refusal.reason))
