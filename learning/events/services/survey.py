"""The satisfaction survey after an event, in the shape of the workshops' survey (a rating from
1 to 5 and a comment; completion's ``SurveySummary`` for the results): offered, once the event
has ended, to people who attended it (a day or a session, in person or online), answered once.

Results for who runs the event: with fewer than ``SUPPRESS_BELOW`` answers only their number
is shown (nobody can be recognised by their rating or words); the CSV of answers holds no
names and is refused below that number too.
"""

from __future__ import annotations

from sqlalchemy import exists, func, select
from sqlalchemy.dialects import postgresql, sqlite

from learning.accounts.models import User
from learning.completion.services.survey import COMMENT_MAX, SurveySummary
from learning.events.models import (
    Event,
    EventAttendance,
    EventSessionAttendance,
    EventSurveyResponse,
)
from learning.events.services.common import EventError
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db

# As the dashboard's small-number suppression (learning/dashboard/services.py).
SUPPRESS_BELOW = 5


def attended(event: Event, user: User) -> bool:
    """Whether ``user`` was at ``event`` (a day or a session, in person or online)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    EventAttendance.event_id == event.id, EventAttendance.user_id == user.id
                )
                | exists().where(
                    EventSessionAttendance.event_id == event.id,
                    EventSessionAttendance.user_id == user.id,
                )
            )
        )
    )


def answer_of(event: Event, user: User) -> EventSurveyResponse | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(
        select(EventSurveyResponse).where(
            EventSurveyResponse.event_id == event.id, EventSurveyResponse.user_id == user.id
        )
    )


def check_may_answer(event: Event, user: User) -> None:
    """Raises EventError("not_ended"|"not_attended"|"already_answered")."""
    if event.ends_at > utcnow() or event.status not in ("published", "archived"):
        raise EventError("survey_not_yet")
    if not attended(event, user):
        raise EventError("not_attended")
    if answer_of(event, user) is not None:
        raise EventError("already_answered")


def offered(event: Event, user: User) -> bool:
    """Whether the event's page should offer ``user`` the survey."""
    try:
        check_may_answer(event, user)
    except EventError:
        return False
    return True


def submit(event: Event, user: User, rating: int | str | None, comment: str) -> None:
    """Keep ``user``'s answer, once (ON CONFLICT DO NOTHING: a double submission keeps one).

    Raises EventError("survey_not_yet"|"not_attended"|"already_answered"|"bad_rating"|
    "comment_too_long")."""
    check_may_answer(event, user)
    try:
        number = int(str(rating))
    except (TypeError, ValueError) as exc:
        raise EventError("bad_rating") from exc
    if not 1 <= number <= 5:
        raise EventError("bad_rating")
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise EventError("comment_too_long")
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(EventSurveyResponse)
        .values(
            event_id=event.id,
            user_id=user.id,
            rating=number,
            comment=comment,
            submitted_at=utcnow(),
        )
        .on_conflict_do_nothing(index_elements=["event_id", "user_id"])
    )
    result = db.session.execute(statement.execution_options(owner=user.id))
    if not result.rowcount:
        raise EventError("already_answered")


def summary(event: Event) -> SurveySummary:
    """How many answered, the average rating and answers per rating (one grouped query)."""
    ratings = {rating: 0 for rating in range(1, 6)}
    rows = db.session.execute(
        select(EventSurveyResponse.rating, func.count(EventSurveyResponse.id))
        .where(EventSurveyResponse.event_id == event.id)
        .group_by(EventSurveyResponse.rating)
    )
    for rating, count in rows:
        ratings[rating] = count
    count = sum(ratings.values())
    average = round(sum(r * n for r, n in ratings.items()) / count, 1) if count else None
    return SurveySummary(count, average, ratings)


def comments(event: Event) -> list[str]:
    """The comments given (no names), newest first."""
    return list(
        db.session.scalars(
            select(EventSurveyResponse.comment)
            .where(EventSurveyResponse.event_id == event.id, EventSurveyResponse.comment != "")
            .order_by(EventSurveyResponse.submitted_at.desc(), EventSurveyResponse.id.desc())
        )
    )


def answers(event: Event) -> list[tuple[int, str]]:
    """Every answer as (rating, comment), without names, in an order that says nothing of who
    answered when (by rating, then comment)."""
    return [
        (rating, comment)
        for rating, comment in db.session.execute(
            select(EventSurveyResponse.rating, EventSurveyResponse.comment)
            .where(EventSurveyResponse.event_id == event.id)
            .order_by(EventSurveyResponse.rating, EventSurveyResponse.comment)
        )
    ]
