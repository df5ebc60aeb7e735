"""Calls' words for people: what each refusal (``CallError`` code) means, the reason given
for each eligibility verdict, and the items of the checklist, in the reader's language."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from learning.calls.models import CAREER_STAGES, CallQuestion
from learning.calls.services.common import CallError
from learning.calls.services.eligibility import MET, NOT_MET, Verdict
from learning.language.content import language_name
from learning.language.i18n import current_language
from learning.language.questions import label_of, question_message
from learning.language.taxonomy import SECTORS, country_name
from learning.web.views import message

MESSAGES = {
    "not_found": _l("This call no longer exists."),
    "no_language": _l("Write a title in at least one language."),
    "bad_kind": _l("Choose a kind of call from the list."),
    "bad_timezone": _l("Choose a time zone from the list: the one you gave does not exist."),
    "times_missing": _l("Enter when the call opens and when it closes."),
    "times_order": _l("The call must close after it opens."),
    "bad_places": _l("Enter a number of places from 1 to 1000."),
    "bad_limit": _l("Enter a statement limit from 100 to 20000 characters."),
    "bad_rule": _l("Choose eligibility rules from the list."),
    "not_draft": _l("Only a draft call can be opened."),
    "bad_step": _l("The call cannot move to that stage from where it is."),
    "not_open": _l("This call does not take applications."),
    "not_open_yet": _l("This call does not take applications yet."),
    "closed": _l("This call has closed: applications can no longer be submitted or changed."),
    "withdrawn": _l("You withdrew this application, so it can no longer be changed."),
    "bad_country": _l("Choose a country from the list."),
    "bad_sector": _l("Choose a sector from the list."),
    "bad_stage": _l("Choose a career stage from the list."),
    "bad_start": _l("The preferred start date must be after the call closes."),
    "incomplete": _l("Some answers are missing: complete the checklist before submitting."),
    "not_eligible": _l("Your answers do not meet the call's eligibility rules, so the "
                       "application cannot be submitted."),
    "no_account": _l("No active account has this e-mail address. Ask the person to create one "
                     "first."),
    "on_panel": _l("This person is already on the panel."),
    "bad_weight": _l("Enter a weight from 1 to 100."),
    "not_submitted": _l("Only submitted applications are reviewed."),
    "not_on_panel": _l("Put this person on the panel first."),
    "already_assigned": _l("This reviewer already has this application."),
    "same_person": _l("Nobody reviews their own application."),
    "note_missing": _l("Say in a few words why you have a conflict (at most 500 characters)."),
    "already_submitted": _l("Your review is already submitted and can no longer change."),
    "conflict_declared": _l("You declared a conflict with this application, so you cannot "
                            "review it."),
    "no_rubric": _l("The call has no review criteria yet: staff must add them first."),
    "bad_score": _l("Give every criterion a score from 0 to 5."),
    "bad_confidence": _l("Choose how confident you are in your review."),
    "own_first": _l("You see the other reviewers' scores only after you submit your own."),
    "bad_reviews_each": _l("Enter a number of reviewers per application from 1 to 10."),
    "not_deciding": _l("Decisions are taken while the call is under review."),
    "bad_decision": _l("Choose a decision from the list."),
    "reason_missing": _l("Give the panel's reason for the decision."),
    "bad_referees": _l("Enter a number of referees from 0 to 5."),
    "no_referees": _l("This call does not ask for referees."),
    "referee_name": _l("Enter the referee's name (at most 200 characters)."),
    "referee_email": _l("Enter the referee's e-mail address, like name@example.org."),
    "referee_self": _l("You cannot be your own referee: give someone else's address."),
    "referee_twice": _l("This referee is already named in your application."),
    "referee_language": _l("Choose the language of the request from the list."),
    "bad_link": _l("This link is not valid: it was altered, or the applicant removed you as a "
                   "referee. Check that you copied the whole address from the e-mail."),
    "letters_closed": _l("This link has expired: letters for this call are no longer taken."),
    "placement_not_selected": _l("Placements are only for applicants the panel selected in a "
                                 "decided call."),
    "placement_exists": _l("This person already has a placement."),
    "host_missing": _l("Enter the host institution (at most 200 characters)."),
    "dates_missing": _l("Enter when the placement starts and ends."),
    "dates_order": _l("The placement must end after it starts."),
    "bad_status": _l("Choose a status from the list."),
    "milestone_title": _l("Enter what the milestone is (at most 200 characters)."),
    "milestone_date": _l("Enter the milestone's due date."),
    "report_empty": _l("Write the report or attach it as a file."),
    "bad_output": _l("Choose one of your own research outputs."),
    "output_linked": _l("This output is already linked to the placement."),
    "form_locked": _l("The application form can change only while the call is a draft or "
                      "open."),
    "bad_file_types": _l("Choose at least one type of file from the list."),
    "bad_file_field": _l("This question takes a file: choose one to upload."),
    "placement_closed": _l("This placement is finished or cancelled, so it can no longer "
                           "change."),
}  # fmt: skip

CONFLICTS = {
    "same_organisation": _l("same organisation"),
    "same_domain": _l("same e-mail domain"),
    "coauthors": _l("co-authors in the research exchange"),
}

RULE_NAMES = {
    "country": _l("Country of residence"),
    "sector": _l("Sector"),
    "career_stage": _l("Career stage"),
    "document": _l("Supporting document"),
    "no_award": _l("Previous award"),
}

MISSING = {
    "country": _l("Your country of residence (step 1)"),
    "sector": _l("Your sector (step 1)"),
    "career_stage": _l("Your career stage (step 1)"),
    "previous_award": _l("Whether you held an award from the programme before (step 1)"),
    "project_title": _l("The title of your project (step 2)"),
    "statement": _l("Your statement (step 2)"),
    "start_on": _l("Your preferred start date (step 2)"),
    "document": _l("The supporting document (step 3)"),
    "referees": _l("The names of your referees (below)"),
}


def missing_message(code: str, asked: dict[int, CallQuestion]) -> str:
    """An item of the checklist: a code of MISSING, or ``question:<id>`` for a required
    question of the call's own form (named by its label)."""
    if code.startswith("question:"):
        question = asked.get(int(code.split(":", 1)[1]))
        label = label_of(question) if question is not None else ""
        return _("Your answer to “%(label)s” (step 4)", label=label)
    return str(MISSING[code])


def error_message(error: CallError) -> str:
    """What to tell the person about ``error``, in their language."""
    worded = question_message(error.code, error.detail)
    if worded is not None:
        return worded
    if error.code == "bad_megabytes":
        return _("Enter a size from 1 to %(limit)s MB.", limit=error.detail.get("limit"))
    if error.code == "file_too_large":
        return _(
            "The file for “%(label)s” is too large: it may be at most %(limit)s MB.",
            label=error.detail.get("label"),
            limit=error.detail.get("limit"),
        )
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
    if error.code == "conflict":
        found = ", ".join(str(CONFLICTS.get(c, c)) for c in error.detail.get("conflicts", []))
        return _(
            "Possible conflict of interest: %(conflicts)s. Give a reason to waive it, or choose "
            "another reviewer.",
            conflicts=found,
        )
    if error.code == "full":
        return _(
            "All %(places)s places are taken: put this application on the waiting list, or "
            "change another decision first.",
            places=error.detail.get("places"),
        )
    if error.code == "referees_full":
        return ngettext(
            "This call asks for %(num)s referee: remove one before naming another.",
            "This call asks for %(num)s referees: remove one before naming another.",
            error.detail.get("count", 0),
        )
    if error.code == "undecided":
        return ngettext(
            "%(num)s application has no decision yet.",
            "%(num)s applications have no decision yet.",
            error.detail.get("count", 0),
        )
    if error.code == "rule_values":
        return _(
            "Choose at least one accepted value for the rule “%(rule)s”.",
            rule=RULE_NAMES.get(error.detail.get("rule", ""), ""),
        )
    return message(error, MESSAGES)


def accepted(rule: str, values: list[str]) -> str:
    """The values a rule accepts, named in the reader's language ("Mexico, Guatemala")."""
    if rule == "country":
        language = current_language()
        return ", ".join(country_name(code, language) for code in values)
    names = SECTORS if rule == "sector" else CAREER_STAGES
    return ", ".join(str(names.get(key, key)) for key in values)


def reason(verdict: Verdict) -> str:
    """Why a rule is met, not met or not known yet, in the reader's language."""
    rule = verdict.rule
    if rule in ("country", "sector", "career_stage"):
        names = accepted(rule, verdict.accepted)
        if verdict.state == MET:
            return _("Met: the call accepts %(accepted)s.", accepted=names)
        if verdict.state == NOT_MET:
            return _(
                "Not met: the call accepts only %(accepted)s, and you said otherwise.",
                accepted=names,
            )
        return _("Not answered yet: the call accepts %(accepted)s.", accepted=names)
    if rule == "document":
        if verdict.state == MET:
            return _("Met: your supporting document is attached.")
        return _("Not met yet: attach the supporting document in step 3.")
    if verdict.state == MET:
        return _("Met: you have not held an award from the programme before.")
    if verdict.state == NOT_MET:
        return _("Not met: the call is for people who have not held an award from the programme.")
    return _("Not answered yet: say in step 1 whether you held an award from the programme.")
