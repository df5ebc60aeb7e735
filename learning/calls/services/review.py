"""Reviewing a call: its panel, its rubric, assigning reviewers (by staff, or balanced
automatically), the three layers of conflicts of interest, scoring with confidence, and what a
reviewer may see of the others' scores (only once their own review is submitted)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from learning.accounts.models import User
from learning.audit.services import record
from learning.calls.models import (
    Call,
    CallApplication,
    CallCriterion,
    CallCriterionTranslation,
    CallReview,
    CallReviewer,
    CallScore,
)
from learning.calls.review_models import MAX_SCORE
from learning.calls.services.common import CallError
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.research.models import ResearchCreator
from learning.workshops.services.common import Texts, WorkshopError, clean_texts, sync_translations

REASON_LIMIT = 500
# Public mail providers: sharing one says nothing about a tie between two people.
PUBLIC_DOMAINS = frozenset(
    {"gmail.com", "hotmail.com", "outlook.com", "yahoo.com", "yahoo.com.mx", "icloud.com",
     "live.com", "protonmail.com", "proton.me", "aol.com", "gmx.com"}
)  # fmt: skip


def panel(call: Call) -> list[CallReviewer]:
    """The call's reviewers, with their accounts."""
    return list(
        db.session.scalars(
            select(CallReviewer)
            .where(CallReviewer.call_id == call.id)
            .options(selectinload(CallReviewer.user))
            .order_by(CallReviewer.id)
        )
    )


def is_reviewer(user: Any, call: Call) -> bool:
    """Whether ``user`` sits on the call's panel (the per-call reviewer role)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return (
        db.session.scalar(
            select(CallReviewer.id).where(
                CallReviewer.call_id == call.id, CallReviewer.user_id == user.id
            )
        )
        is not None
    )


def add_reviewer(call: Call, email: str) -> CallReviewer:
    """Put the account with ``email`` on the panel. Raises CallError: no_account, on_panel."""
    user = db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
    if user is None or not user.active:
        raise CallError("no_account")
    if is_reviewer(user, call):
        raise CallError("on_panel")
    row = CallReviewer(call_id=call.id, user_id=user.id)
    db.session.add(row)
    db.session.flush()
    return row


def add_criterion(call: Call, texts: dict[str, Texts], weight: int | None) -> CallCriterion:
    """Add a criterion to the rubric. Raises CallError: no_language, title_missing:<lang>,
    bad_weight."""
    try:
        kept = clean_texts(texts)
    except WorkshopError as exc:
        raise CallError(exc.code) from exc
    if weight is None or not 1 <= weight <= 100:
        raise CallError("bad_weight")
    count = db.session.scalar(
        select(func.count(CallCriterion.id)).where(CallCriterion.call_id == call.id)
    )
    criterion = CallCriterion(call_id=call.id, weight=weight, position=count or 0)
    db.session.add(criterion)
    sync_translations(criterion.translations, kept, CallCriterionTranslation, ("title",))
    db.session.flush()
    return criterion


def criteria(call: Call) -> list[CallCriterion]:
    """The rubric, in order."""
    return list(
        db.session.scalars(
            select(CallCriterion)
            .where(CallCriterion.call_id == call.id)
            .order_by(CallCriterion.position, CallCriterion.id)
        )
    )


def _domain(email: str) -> str:
    return email.rpartition("@")[2].lower()


def _coauthors(a: User, b: User) -> bool:
    """Whether both names appear among the creators of one research version."""
    mine = select(ResearchCreator.version_id).where(
        func.lower(ResearchCreator.name) == a.name.lower()
    )
    return (
        db.session.scalar(
            select(ResearchCreator.id)
            .where(
                ResearchCreator.version_id.in_(mine),
                func.lower(ResearchCreator.name) == b.name.lower(),
            )
            .limit(1)
        )
        is not None
    )


def detected_conflicts(reviewer: User, applicant: User) -> list[str]:
    """What Puente knows that links the two: same_person, same_organisation, same_domain,
    coauthors (codes worded by messages.CONFLICTS)."""
    if reviewer.id == applicant.id:
        return ["same_person"]
    found = []
    if (
        reviewer.organisation
        and applicant.organisation
        and reviewer.organisation.strip().lower() == applicant.organisation.strip().lower()
    ):
        found.append("same_organisation")
    domain = _domain(reviewer.email)
    if domain == _domain(applicant.email) and domain not in PUBLIC_DOMAINS:
        found.append("same_domain")
    if _coauthors(reviewer, applicant):
        found.append("coauthors")
    return found


def assign(
    application: CallApplication, reviewer: User, *, by: User, waiver: str = ""
) -> CallReview:
    """Staff assign ``reviewer`` to ``application``. A detected conflict refuses it unless staff
    give a reason to waive it, which is kept on the review and in the audit log.

    Raises CallError: not_submitted, not_on_panel, already_assigned, conflict (detail
    ``conflicts``), same_person."""
    call = application.call
    if application.state != "submitted":
        raise CallError("not_submitted")
    if not is_reviewer(reviewer, call):
        raise CallError("not_on_panel")
    if db.session.scalar(
        select(CallReview.id).where(
            CallReview.application_id == application.id, CallReview.reviewer_id == reviewer.id
        )
    ):
        raise CallError("already_assigned")
    conflicts = detected_conflicts(reviewer, application.user)
    waiver = waiver.strip()[:REASON_LIMIT]
    if "same_person" in conflicts:
        raise CallError("same_person")
    if conflicts and not waiver:
        raise CallError("conflict", conflicts=conflicts)
    review = CallReview(application_id=application.id, reviewer_id=reviewer.id, state="assigned")
    if conflicts:
        review.waived_by_id = by.id
        review.waiver_reason = waiver
    db.session.add(review)
    db.session.flush()
    if conflicts:
        record(
            "calls.conflict_waived",
            target_type="call_application",
            target_id=application.id,
            actor_id=by.id,
            reason=waiver,
            conflicts=conflicts,
            reviewer=reviewer.id,
        )
    return review


def balance(call: Call) -> int:
    """Give each submitted application ``call.reviews_each`` reviewers with no conflict (detected
    or declared), choosing the least loaded panel members first. Returns how many reviews were
    assigned; applications without enough free reviewers keep fewer."""
    members = [row.user for row in panel(call)]
    submitted = list(
        db.session.scalars(
            select(CallApplication)
            .where(CallApplication.call_id == call.id, CallApplication.state == "submitted")
            .options(selectinload(CallApplication.user))
            .order_by(CallApplication.id)
        )
    )
    reviews = list(
        db.session.scalars(
            select(CallReview).where(CallReview.application_id.in_([a.id for a in submitted]))
        )
    )
    load = {m.id: 0 for m in members}
    taken: dict[int, set[int]] = {a.id: set() for a in submitted}
    for review in reviews:
        taken[review.application_id].add(review.reviewer_id)
        if review.state != "conflict" and review.reviewer_id in load:
            load[review.reviewer_id] += 1
    made = 0
    for application in submitted:
        active = sum(
            1 for r in reviews if r.application_id == application.id and r.state != "conflict"
        )
        for member in sorted(members, key=lambda m: (load[m.id], m.id)):
            if active >= call.reviews_each:
                break
            if member.id in taken[application.id]:
                continue
            if detected_conflicts(member, application.user):
                continue
            db.session.add(
                CallReview(application_id=application.id, reviewer_id=member.id, state="assigned")
            )
            taken[application.id].add(member.id)
            load[member.id] += 1
            active += 1
            made += 1
    db.session.flush()
    return made


def reviewer_list(call: Call, reviewer: User) -> list[CallReview]:
    """The reviewer's assignments for the call, with the applications (the reviewer's list)."""
    return list(
        db.session.scalars(
            select(CallReview)
            .join(CallApplication, CallApplication.id == CallReview.application_id)
            .where(CallApplication.call_id == call.id, CallReview.reviewer_id == reviewer.id)
            .options(selectinload(CallReview.scores))
            .order_by(CallReview.id)
        )
    )


def reviews_application(user: Any, application_id: int) -> bool:
    """Whether ``user`` reviews the application (an assigned or submitted review: not one
    where they declared a conflict)."""
    if not getattr(user, "is_authenticated", False):
        return False
    found = db.session.scalar(
        select(func.count(CallReview.id)).where(
            CallReview.application_id == application_id,
            CallReview.reviewer_id == user.id,
            CallReview.state != "conflict",
        )
    )
    return bool(found)


def application_of(review: CallReview) -> CallApplication:
    """The application a review is about."""
    return db.session.get(CallApplication, review.application_id)


def declare_conflict(review: CallReview, note: str) -> None:
    """The reviewer declares a conflict with the application: they no longer see it.
    Raises CallError: already_submitted, note_missing."""
    if review.state == "submitted":
        raise CallError("already_submitted")
    note = note.strip()
    if not note or len(note) > REASON_LIMIT:
        raise CallError("note_missing")
    review.state = "conflict"
    review.conflict_note = note
    db.session.flush()


@dataclass
class Scoring:
    """What the review form gives: criterion id -> score, confidence (1 to 3), comment."""

    scores: dict[int, int | None]
    confidence: int | None
    comment: str


def submit_review(review: CallReview, rubric: list[CallCriterion], given: Scoring) -> None:
    """Score every criterion and submit. Raises CallError: conflict_declared, already_submitted,
    no_rubric, bad_score, bad_confidence, too_long (detail ``limit``)."""
    if review.state == "conflict":
        raise CallError("conflict_declared")
    if review.state == "submitted":
        raise CallError("already_submitted")
    if not rubric:
        raise CallError("no_rubric")
    values = {}
    for criterion in rubric:
        value = given.scores.get(criterion.id)
        if value is None or not 0 <= value <= MAX_SCORE:
            raise CallError("bad_score")
        values[criterion.id] = value
    if given.confidence is None or not 1 <= given.confidence <= 3:
        raise CallError("bad_confidence")
    if len(given.comment) > 5000:
        raise CallError("too_long", limit=5000)
    for criterion_id, value in values.items():
        review.scores.append(CallScore(criterion_id=criterion_id, score=value))
    review.confidence = given.confidence
    review.comment = given.comment.strip()
    review.state = "submitted"
    review.submitted_at = utcnow()
    db.session.flush()


def weighted(review: CallReview, rubric: list[CallCriterion]) -> float | None:
    """The review's weighted mean score (0 to MAX_SCORE), or None before it is submitted."""
    if review.state != "submitted":
        return None
    weights = {c.id: c.weight for c in rubric}
    total = sum(weights.get(s.criterion_id, 0) for s in review.scores)
    if not total:
        return None
    return sum(s.score * weights.get(s.criterion_id, 0) for s in review.scores) / total


def others(review: CallReview) -> list[CallReview]:
    """The other submitted reviews of the same application: only for a reviewer whose own is
    submitted. Raises CallError("own_first") before that."""
    if review.state != "submitted":
        raise CallError("own_first")
    return list(
        db.session.scalars(
            select(CallReview)
            .where(
                CallReview.application_id == review.application_id,
                CallReview.id != review.id,
                CallReview.state == "submitted",
            )
            .options(selectinload(CallReview.reviewer))
            .order_by(CallReview.id)
        )
    )
