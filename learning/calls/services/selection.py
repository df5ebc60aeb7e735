"""Selecting: the ranking of a call's submitted applications by their mean weighted score,
with a per-reviewer normalisation shown beside the raw mean (a harsh reviewer's 3 may be a
lenient one's 4), the panel's decision per application with its reason and the waiting list,
and the decision record for the funder."""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import mean, pstdev

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from learning.accounts.models import User
from learning.calls.models import DECISIONS, Call, CallApplication, CallReview
from learning.calls.services import review
from learning.calls.services.common import CallError
from learning.jobs.models import Job
from learning.jobs.services import submit
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db

DECIDING = ("reviewing",)
REASON_LIMIT = 1000


@dataclass
class Rank:
    """One application in the ranking: its raw mean, its normalised mean (None without
    reviews) and the submitted reviews with each one's weighted score."""

    application: CallApplication
    raw: float | None
    normalised: float | None
    reviews: list[tuple[CallReview, float]] = field(default_factory=list)


def _submitted(call: Call) -> list[CallApplication]:
    return list(
        db.session.scalars(
            select(CallApplication)
            .where(CallApplication.call_id == call.id, CallApplication.state == "submitted")
            .options(selectinload(CallApplication.user))
            .order_by(CallApplication.id)
        )
    )


def ranking(call: Call) -> list[Rank]:
    """The submitted applications, best normalised mean first (those without a review last).

    Normalisation: each reviewer's scores become z-scores over their own reviews in the call
    (0 when they gave one score, or the same to all), mapped back onto the scale of all scores
    (overall mean + z × overall spread), then averaged per application."""
    rubric = review.criteria(call)
    applications = _submitted(call)
    reviews = list(
        db.session.scalars(
            select(CallReview)
            .where(
                CallReview.application_id.in_([a.id for a in applications]),
                CallReview.state == "submitted",
            )
            .options(selectinload(CallReview.reviewer))
            .order_by(CallReview.id)
        )
    )
    scored = [(r, review.weighted(r, rubric)) for r in reviews]
    scored = [(r, s) for r, s in scored if s is not None]
    everything = [s for _, s in scored]
    overall_mean = mean(everything) if everything else 0.0
    overall_spread = pstdev(everything) if len(everything) > 1 else 0.0
    by_reviewer: dict[int, list[float]] = {}
    for r, s in scored:
        by_reviewer.setdefault(r.reviewer_id, []).append(s)

    def normalised(r: CallReview, s: float) -> float:
        own = by_reviewer[r.reviewer_id]
        spread = pstdev(own) if len(own) > 1 else 0.0
        z = (s - mean(own)) / spread if spread else 0.0
        return overall_mean + z * overall_spread

    ranks = []
    for application in applications:
        mine = [(r, s) for r, s in scored if r.application_id == application.id]
        raw = mean(s for _, s in mine) if mine else None
        norm = mean(normalised(r, s) for r, s in mine) if mine else None
        ranks.append(Rank(application, raw, norm, mine))
    ranks.sort(key=lambda k: (k.normalised is None, -(k.normalised or 0), k.application.id))
    return ranks


def decide(application: CallApplication, decision: str, reason: str, *, by: User) -> None:
    """Record the panel's decision with its reason; a waiting-list decision takes the next
    place on the list. Raises CallError: not_deciding, not_submitted, bad_decision,
    reason_missing, too_long, full (detail ``places``)."""
    call = application.call
    if call.status not in DECIDING:
        raise CallError("not_deciding")
    if application.state != "submitted":
        raise CallError("not_submitted")
    if decision not in DECISIONS:
        raise CallError("bad_decision")
    reason = reason.strip()
    if not reason:
        raise CallError("reason_missing")
    if len(reason) > REASON_LIMIT:
        raise CallError("too_long", limit=REASON_LIMIT)
    if decision == "selected" and application.decision != "selected":
        chosen = db.session.scalar(
            select(func.count(CallApplication.id)).where(
                CallApplication.call_id == call.id, CallApplication.decision == "selected"
            )
        )
        if (chosen or 0) >= call.places:
            raise CallError("full", places=call.places)
    if decision == "waitlisted" and application.decision != "waitlisted":
        last = db.session.scalar(
            select(func.max(CallApplication.waitlist_position)).where(
                CallApplication.call_id == call.id
            )
        )
        application.waitlist_position = (last or 0) + 1
    elif decision != "waitlisted":
        application.waitlist_position = None
    application.decision = decision
    application.decision_reason = reason
    application.decided_at = utcnow()
    application.decided_by_id = by.id
    db.session.flush()


def undecided(call: Call) -> int:
    """How many submitted applications have no decision yet."""
    return (
        db.session.scalar(
            select(func.count(CallApplication.id)).where(
                CallApplication.call_id == call.id,
                CallApplication.state == "submitted",
                CallApplication.decision.is_(None),
            )
        )
        or 0
    )


def decided_people(call: Call) -> list[int]:
    """The applications with a decision, in order (the e-mails go to their applicants)."""
    return list(
        db.session.scalars(
            select(CallApplication.id)
            .where(CallApplication.call_id == call.id, CallApplication.decision.is_not(None))
            .order_by(CallApplication.id)
        )
    )


DECISIONS_JOB = "calls.decisions"


def announce(call: Call, *, by: User) -> Job:
    """Close the selection: the call is decided and every applicant with a decision is told by
    e-mail in their language, through the job queue (after the commit). Raises CallError:
    not_deciding, undecided (detail ``count``); jobs.queue.QueueUnavailable when the queue
    cannot be reached (nothing is written)."""
    if call.status not in DECIDING:
        raise CallError("not_deciding")
    left = undecided(call)
    if left:
        raise CallError("undecided", count=left)
    job = submit(DECISIONS_JOB, owner=by, params={"call_id": call.id})
    call.status = "decided"
    call.updated_at = utcnow()
    db.session.flush()
    return job
