"""Applying to a call: the draft saved step by step (profile, proposal, document, and the
call's own questions when it asks any), the checklist of what is missing, submitting (to the
second, on the server), changing until the close, and withdrawing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import case, select
from sqlalchemy.orm import selectinload

from learning.accounts.models import User
from learning.calls.models import CAREER_STAGES, Call, CallAnswer, CallApplication, CallQuestion
from learning.calls.services import eligibility, questions
from learning.calls.services.common import CallError, lock_call
from learning.language.taxonomy import SECTORS, is_country
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.storage.models import StoredFile

STEPS = ("profile", "proposal", "document", "questions")
# Types and size of the supporting document (a CV, a letter, a plan).
DOCUMENT_EXTENSIONS = frozenset({"pdf", "odt", "docx"})
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
TITLE_LIMIT = 200


@dataclass
class Profile:
    """The first step's answers."""

    country: str = ""
    sector: str = ""
    career_stage: str = ""
    previous_award: str = ""  # "yes", "no" or "" (not answered)


@dataclass
class Proposal:
    """The second step's answers."""

    project_title: str = ""
    statement: str = ""
    start_on: date | None = None


def steps_of(call: Call) -> tuple[str, ...]:
    """The steps of an application to ``call``: the call's own questions come last, when it
    asks any."""
    return STEPS if call.questions else STEPS[:-1]


def mine(user: Any, call: Call) -> CallApplication | None:
    """``user``'s application to ``call``, if they started one."""
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(
        select(CallApplication).where(
            CallApplication.call_id == call.id, CallApplication.user_id == user.id
        )
    )


def _check_open(call: Call, now: datetime | None = None) -> datetime:
    """The time the check was made at (the server's). Raises CallError: not_open,
    not_open_yet, closed."""
    if call.status != "open":
        raise CallError("not_open")
    now = now or utcnow()
    if now < call.opens_at:
        raise CallError("not_open_yet")
    if now >= call.closes_at:
        raise CallError("closed")
    return now


def start(user: User, call: Call) -> CallApplication:
    """The person's application, started as a draft from their profile if they have none.
    Raises CallError: not_open, not_open_yet, closed, withdrawn."""
    found = mine(user, call)
    if found is not None:
        if found.state == "withdrawn":
            raise CallError("withdrawn")
        return found
    _check_open(call)
    application = CallApplication(
        call=call,
        user=user,
        state="draft",
        country=user.country if user.country and is_country(user.country) else None,
        sector=user.sector if user.sector in SECTORS else None,
    )
    db.session.add(application)
    db.session.flush()
    return application


def check_editable(application: CallApplication) -> None:
    """Raises CallError (withdrawn, not_open, not_open_yet, closed) unless the application may
    still change."""
    if application.state == "withdrawn":
        raise CallError("withdrawn")
    _check_open(application.call)


def save_profile(application: CallApplication, given: Profile) -> None:
    """Save the profile step (empty answers stay unanswered). Raises CallError: closed,
    not_open, withdrawn, bad_country, bad_sector, bad_stage."""
    check_editable(application)
    country = given.country.strip().upper()
    if country and not is_country(country):
        raise CallError("bad_country")
    if given.sector and given.sector not in SECTORS:
        raise CallError("bad_sector")
    if given.career_stage and given.career_stage not in CAREER_STAGES:
        raise CallError("bad_stage")
    application.country = country or None
    application.sector = given.sector or None
    application.career_stage = given.career_stage or None
    application.previous_award = {"yes": True, "no": False}.get(given.previous_award)
    application.updated_at = utcnow()
    db.session.flush()


def save_proposal(application: CallApplication, given: Proposal) -> None:
    """Save the proposal step. Raises CallError: closed, not_open, withdrawn, title_too_long,
    too_long (detail ``limit``), bad_start."""
    check_editable(application)
    title = given.project_title.strip()
    if len(title) > TITLE_LIMIT:
        raise CallError("too_long", limit=TITLE_LIMIT)
    statement = given.statement.strip().replace("\r\n", "\n")
    limit = application.call.statement_limit
    if len(statement) > limit:
        raise CallError("too_long", limit=limit)
    if given.start_on is not None and given.start_on < application.call.closes_at.date():
        raise CallError("bad_start")
    application.project_title = title
    application.statement = statement
    application.start_on = given.start_on
    application.updated_at = utcnow()
    db.session.flush()


def set_document(application: CallApplication, file: StoredFile) -> None:
    """Attach the supporting document (the previous one's row goes; ``flask storage gc``
    removes its object). Raises CallError: closed, not_open, withdrawn."""
    check_editable(application)
    old = application.document
    application.document = file
    application.updated_at = utcnow()
    if old is not None and old is not file:
        db.session.delete(old)
    db.session.flush()


def missing(
    application: CallApplication,
    read: tuple[list[CallQuestion], dict[int, CallAnswer]] | None = None,
) -> list[str]:
    """The checklist: what is still to be answered before the application can go, in the
    order of the steps (codes worded by messages.MISSING; ``question:<id>`` for the call's own
    questions, ``read`` being their ``questions.to_read`` when the caller has it)."""
    gaps = []
    if not application.country:
        gaps.append("country")
    if not application.sector:
        gaps.append("sector")
    if not application.career_stage:
        gaps.append("career_stage")
    if application.call.rule("no_award") is not None and application.previous_award is None:
        gaps.append("previous_award")
    if not application.project_title:
        gaps.append("project_title")
    if not application.statement:
        gaps.append("statement")
    if application.start_on is None:
        gaps.append("start_on")
    if application.call.rule("document") is not None and application.document_file_id is None:
        gaps.append("document")
    gaps.extend(f"question:{q.id}" for q in questions.unanswered(application, read))
    if application.call.referees and len(application.referees) < application.call.referees:
        gaps.append("referees")
    return gaps


def submit(application: CallApplication) -> CallApplication:
    """Submit (or re-submit after a change) the application. The call's lock is taken first and
    the close compared with the server's time after it, so a request that waited for the lock
    past the close is refused. Raises CallError: not_found, closed, not_open, withdrawn,
    incomplete, not_eligible."""
    call = lock_call(application.call_id)
    db.session.refresh(application)
    if application.state == "withdrawn":
        raise CallError("withdrawn")
    # One instant, taken after the lock: the close is compared with the time recorded.
    now = _check_open(call, utcnow())
    if missing(application):
        raise CallError("incomplete")
    if not eligibility.eligible(eligibility.check(call, application.user, application)):
        raise CallError("not_eligible")
    application.state = "submitted"
    application.submitted_at = now
    application.updated_at = application.submitted_at
    db.session.flush()
    return application


def withdraw(application: CallApplication) -> None:
    """Withdraw the application (before the close). Raises CallError: closed, not_open,
    withdrawn."""
    check_editable(application)
    application.state = "withdrawn"
    application.submitted_at = None
    application.updated_at = utcnow()
    db.session.flush()


def applications_of(call: Call) -> list[CallApplication]:
    """Staff: the call's applications, submitted first, then drafts and withdrawn ones."""
    return list(
        db.session.scalars(
            select(CallApplication)
            .where(CallApplication.call_id == call.id)
            .options(selectinload(CallApplication.user))
            .order_by(
                case({"submitted": 0, "draft": 1}, value=CallApplication.state, else_=2),
                CallApplication.id,
            )
        )
    )


def forget_person(user: User) -> None:
    """ACCOUNT_DELETING: the free texts a person wrote in their applications (their answers to
    the calls' own questions too, files included) go; the rows stay
    (anonymous) for the programme's figures."""
    for application in db.session.scalars(
        select(CallApplication).where(CallApplication.user_id == user.id)
    ):
        application.project_title = ""
        application.statement = ""
        for referee in list(application.referees):
            if referee.letter is not None:
                db.session.delete(referee.letter)
            application.referees.remove(referee)
    questions.forget_answers(user.id)
    db.session.flush()
