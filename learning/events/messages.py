"""Events' words for people: what each refusal (``EventError`` code) means, in the reader's
language, and the labels of interpretation languages."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from babel.dates import format_time
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from learning.events.services.common import EventError
from learning.language.content import language_name
from learning.language.questions import question_message
from learning.web.views import message

MESSAGES = {
    "not_found": _l("This event no longer exists."),
    "no_language": _l("Write a title in at least one language."),
    "bad_kind": _l("Choose a kind of event from the list."),
    "bad_format": _l("Choose a format from the list."),
    "bad_theme": _l("Choose themes from the list."),
    "bad_country": _l("Choose countries from the list."),
    "bad_timezone": _l("Choose a time zone from the list: the one you gave does not exist."),
    "times_missing": _l("Enter when it starts and when it ends."),
    "times_order": _l("The event must end after it starts."),
    "session_times": _l("The session must end after it starts."),
    "window_order": _l("Registration must close after it opens."),
    "bad_capacity": _l("Enter a number of places from 1 to 100000, or leave it empty."),
    "venue_missing": _l("Give the venue of an event that takes place in person."),
    "bad_url": _l("Enter a full link starting with https:// (or http://)."),
    "bad_interpretation": _l("Choose interpretation languages from the list."),
    "bad_language": _l("Choose a language from the list."),
    "not_depositable": _l("Only slides and reports can be deposited into the research "
                          "exchange."),
    "deposit_needs_file": _l("Only a material with a file can be deposited: a link stays "
                             "on the event's page."),
    "already_deposited": _l("This material is already in the research exchange."),
    "deposit_refused": _l("The research exchange refused this material. Check its file "
                          "and title, and try again."),
    "speaker_too_long": _l("Each speaker's name and affiliation may have at most 200 "
                           "characters."),
    "not_draft": _l("A cancelled event cannot be published again."),
    "already_cancelled": _l("This event is already cancelled."),
    "not_open": _l("This event does not take registrations."),
    "not_open_yet": _l("Registration for this event has not opened yet."),
    "registration_closed": _l("Registration for this event has closed."),
    "already_registered": _l("You are already registered for this event (or on its waitlist)."),
    "not_registered": _l("You are not registered for this event."),
    "not_pending": _l("This person is not waiting for a decision any more."),
    "bad_ticket": _l("This ticket code is not valid for this event. Check that it was copied "
                     "whole."),
    "ticket_not_valid": _l("This ticket no longer holds a place: the registration was "
                           "withdrawn or is not confirmed."),
    "bad_day": _l("Choose a day of the event from the list."),
    "no_check_in": _l("Only a published event takes attendance: this one is a draft or was "
                      "cancelled."),
    "walk_in_name": _l("Write the person's name (at most 200 characters)."),
    "walk_in_email": _l("Write a valid e-mail address, such as name@example.org."),
    "no_online": _l("This event has no online attendance."),
    "not_running": _l("You can enter the attendance code only while the event is under way."),
    "bad_code": _l("This is not today's attendance code. Check it with the organisers and "
                   "try again."),
    "offer_taken": _l("You have already accepted this place: you are registered."),
    "no_offer": _l("There is no place offered to you for this event."),
    "offer_expired": _l("The time to accept this place has passed: it goes to the next person "
                        "on the waitlist."),
    "bad_session_capacity": _l("Enter a number of places from 1 to 100000, or leave it empty."),
    "no_session_places": _l("Anyone at the event may come to this session: there is no "
                            "place to take."),
    "session_not_registered": _l("Only people with a place at the event can choose its "
                                 "sessions."),
    "already_in_session": _l("You already have a place in this session (or are on its "
                             "waitlist)."),
    "not_in_session": _l("You have no place in this session."),
    "bad_offer_hours": _l("Enter a number of hours from 1 to 336 to accept a place offered."),
    # Attendance per session and certificates of attendance (learning/events/certificates*).
    "bad_session": _l("Choose a session of this event from the list."),
    "session_not_running": _l("This is the code of a session that is not under way: enter it "
                              "while the session runs."),
    "bad_rule": _l("Choose what counts and enter a number from 1 to 100 (a share is a "
                   "percentage of the sessions)."),
    "no_rule": _l("Set the rule for certificates of attendance first."),
    "not_ended": _l("Certificates of attendance are issued once the event has ended."),
    "not_qualified": _l("This person does not meet the event's rule for a certificate of "
                        "attendance."),
    "revoke_reason": _l("Write why the certificate is revoked (at most 2000 characters)."),
    "already_revoked": _l("This certificate is already revoked."),
    "survey_not_yet": _l("The survey opens once the event has ended."),
    "not_attended": _l("The survey is for the people who attended the event."),
    "already_answered": _l("You have already answered the survey. Thank you."),
    "bad_rating": _l("Choose a rating from 1 to 5."),
    "comment_too_long": _l("Write at most 2000 characters."),
    "bad_material_kind": _l("Choose slides, a recording or a report."),
    "bad_material_access": _l("Choose who may open the material."),
    "material_title": _l("Write a title of at most 200 characters."),
    "link_or_file": _l("Give either a link or a file, not both."),
    "too_few_answers": _l("Fewer than 5 people answered: the answers stay hidden so nobody can "
                          "be recognised."),
}  # fmt: skip


def error_message(error: EventError) -> str:
    """What to tell the person about ``error``, in their language."""
    worded = question_message(error.code, error.detail)
    if worded is not None:
        return worded
    if error.code.startswith("title_missing:"):
        return _(
            "Give a title in %(language)s, or leave every field of that language empty.",
            language=language_name(error.code.split(":", 1)[1]),
        )
    if error.code == "too_long":
        return _(
            "Your answer is too long: write at most %(limit)s characters.",
            limit=error.detail.get("limit"),
        )
    if error.code == "unknown_speaker":
        return _(
            "No member has the e-mail address %(email)s: check it, or write the speaker's name "
            "instead.",
            email=error.detail.get("email"),
        )
    if error.code == "bio_too_long":
        return _("Write a bio of at most %(limit)s characters.", limit=error.detail.get("limit"))
    if error.code == "too_many_speakers":
        return _("A session may have at most %(limit)s speakers.", limit=error.detail.get("limit"))
    if error.code == "already_present":
        at = format_time(
            error.detail["at"], "short", tzinfo=ZoneInfo(error.detail["zone"]), locale=get_locale()
        )
        if error.detail.get("mode") == "online":
            return _("Already marked present online today at %(time)s.", time=at)
        return _("Already checked in at %(time)s.", time=at)
    return message(error, MESSAGES)


def interpretation_label(code: str) -> str:
    """An interpretation language's name in the reader's language."""
    return _("Sign language") if code == "sign" else language_name(code)
