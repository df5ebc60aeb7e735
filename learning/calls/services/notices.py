"""The e-mails calls send: the submission receipt with a copy of the answers, in the
applicant's language (templates/mail/calls_receipt.txt), the decision, and the request for a
letter to each referee with their signed link; all sent once the transaction is committed."""

from __future__ import annotations

import logging

from flask_babel import force_locale

from learning.calls.models import CAREER_STAGES, CallApplication, CallReferee
from learning.calls.services import questions
from learning.calls.services.referees import deadline, token
from learning.enrolment.services.notices import _link
from learning.language.i18n import session_time
from learning.language.questions import label_of, shown
from learning.language.taxonomy import SECTORS, country_name
from learning.platform.mail import MailError, send_mail

log = logging.getLogger(__name__)


def send_receipt(application: CallApplication) -> bool:
    """E-mail the applicant the receipt of their submission with a copy of their answers.
    A failing server is logged, not raised; returns whether the mail was handed over."""
    user = application.user
    call = application.call
    language = user.preferred_language
    text = call.text(language)
    with force_locale(language):
        answers = {
            "country": country_name(application.country or "", language),
            "sector": str(SECTORS.get(application.sector or "", "")),
            "career_stage": str(CAREER_STAGES.get(application.career_stage or "", "")),
        }
        given = questions.answers_of(application)
        own = [
            (label_of(q, language), shown(q, given[q.id].value, language) if q.id in given else "")
            for q in questions.questions_of(call)
        ]
    try:
        send_mail(
            user.email,
            "calls_receipt",
            language=language,
            name=user.name,
            title=text.title if text else "",
            submitted=session_time(application.submitted_at, call.timezone, language),
            closes=session_time(call.closes_at, call.timezone, language),
            application=application,
            answers=answers,
            own=own,
            document=application.document.original_name if application.document else "",
            link=_link("calls.application", call_id=call.id),
        )
    except MailError as exc:
        log.warning("call receipt to %s not sent: %s", user.email, exc)
        return False
    return True


def send_decision(application: CallApplication) -> bool:
    """E-mail the applicant the panel's decision and its reason, in their language. A failing
    server is logged, not raised; returns whether the mail was handed over."""
    user = application.user
    call = application.call
    language = user.preferred_language
    text = call.text(language)
    try:
        send_mail(
            user.email,
            "calls_decision",
            language=language,
            name=user.name,
            title=text.title if text else "",
            decision=application.decision,
            reason=application.decision_reason,
            position=application.waitlist_position,
            link=_link("calls.application", call_id=call.id),
        )
    except MailError as exc:
        log.warning("call decision to %s not sent: %s", user.email, exc)
        return False
    return True


def send_referee_request(referee: CallReferee, application: CallApplication) -> bool:
    """E-mail a referee the request for a letter with their signed link, in the language the
    applicant chose for them. A failing server is logged, not raised; returns whether the mail
    was handed over."""
    call = application.call
    language = referee.language
    text = call.text(language)
    try:
        send_mail(
            referee.email,
            "calls_referee",
            language=language,
            name=referee.name,
            applicant=application.user.name,
            title=text.title if text else "",
            deadline=session_time(deadline(call), call.timezone, language),
            link=_link("calls.referee_letter", token=token(referee)),
        )
    except MailError as exc:
        log.warning("referee request to %s not sent: %s", referee.email, exc)
        return False
    return True
