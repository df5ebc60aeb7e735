"""The satisfaction survey: one answer per completed enrolment, and the results for programme
reporting."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from learning.completion.models import Completion, SurveyResponse
from learning.completion.services.common import CompletionError, insert_ignoring_duplicates
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.workshops.models import Edition, Enrolment, Workshop

COMMENT_MAX = 2000


def survey_response(enrolment: Enrolment) -> SurveyResponse | None:
    """The enrolment's survey answer, if given."""
    return db.session.scalar(
        select(SurveyResponse).where(SurveyResponse.enrolment_id == enrolment.id)
    )


def submit_survey(enrolment: Enrolment, rating: int | None, comment: str) -> SurveyResponse:
    """Keep the survey answer, once, after completion.

    Raises CompletionError: not_completed, already_answered, bad_rating, comment_too_long.
    """
    if (
        db.session.scalar(select(Completion.id).where(Completion.enrolment_id == enrolment.id))
        is None
    ):
        raise CompletionError("not_completed")
    if survey_response(enrolment) is not None:
        raise CompletionError("already_answered")
    if rating is None or not 1 <= rating <= 5:
        raise CompletionError("bad_rating")
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise CompletionError("comment_too_long")
    inserted = insert_ignoring_duplicates(
        SurveyResponse,
        ("enrolment_id",),
        {
            "enrolment_id": enrolment.id,
            "rating": rating,
            "comment": comment,
            "submitted_at": utcnow(),
        },
    )
    if not inserted:
        raise CompletionError("already_answered")
    return survey_response(enrolment)  # type: ignore[return-value]


@dataclass
class SurveySummary:
    """Survey results: how many answered, the average rating, answers per rating."""

    count: int
    average: float | None
    ratings: dict[int, int]


def survey_summary(
    workshop: Workshop | None = None, edition: Edition | None = None
) -> SurveySummary:
    """Survey results for programme reporting: everything, one workshop or one edition."""
    query = (
        select(SurveyResponse.rating, func.count(SurveyResponse.id))
        .join(Enrolment, SurveyResponse.enrolment_id == Enrolment.id)
        .group_by(SurveyResponse.rating)
    )
    if edition is not None:
        query = query.where(Enrolment.edition_id == edition.id)
    elif workshop is not None:
        query = query.join(Edition, Enrolment.edition_id == Edition.id).where(
            Edition.workshop_id == workshop.id
        )
    ratings = {rating: 0 for rating in range(1, 6)}
    for rating, count in db.session.execute(query):
        ratings[rating] = count
    count = sum(ratings.values())
    average = round(sum(r * n for r, n in ratings.items()) / count, 1) if count else None
    return SurveySummary(count, average, ratings)
