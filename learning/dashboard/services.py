"""Programme indicators, computed with a handful of grouped queries whatever the data size.

Definitions (also stated on the page):
- registered: accounts created in the period;
- enrolled: enrolments created in the period that are active or completed now;
- active: of those, still active; completed: completions recorded in the period;
- completion rate: completed ÷ (active + completed) among the period's enrolments;
- hours delivered: the workshop's estimated hours for every completion in the period;
- knowledge gain: best post-test score minus the first pre-test score, for people with both;
- research: outputs published in the period; downloads are their totals to date.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, case, exists, func, select, true
from sqlalchemy.orm import aliased

from learning.accounts.models import User
from learning.completion.models import (
    Certificate,
    Completion,
    QuizAttempt,
    QuizSettings,
    SurveyResponse,
)
from learning.language.taxonomy import (
    EU_MEMBER_STATES,
    GENDERS,
    PROGRAMME_COUNTRIES,
    REGIONS,
    SECTORS,
    THEMES,
)
from learning.platform.extensions import db
from learning.research.models import ResearchFacet, ResearchOutput
from learning.workshops.models import Edition, Enrolment, Workshop, WorkshopTag

SUPPRESS_BELOW = 5
ADMITTED = ("active", "completed")


@dataclass
class Filters:
    """What the dashboard is narrowed to; every field optional."""

    since: date | None = None
    until: date | None = None
    region: str | None = None
    sector: str | None = None
    gender: str | None = None
    theme: str | None = None
    workshop_id: int | None = None
    edition_id: int | None = None
    problems: list[str] = field(default_factory=list)

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> Filters:
        """Read the query string; unknown values are dropped and named in ``problems``."""
        found = cls()
        for name in ("since", "until"):
            raw = (args.get(name) or "").strip()
            if raw:
                try:
                    setattr(found, name, date.fromisoformat(raw))
                except ValueError:
                    found.problems.append(name)
        choices = {"region": REGIONS, "sector": SECTORS, "gender": GENDERS, "theme": THEMES}
        for name, allowed in choices.items():
            raw = args.get(name) or ""
            if raw:
                if raw in allowed:
                    setattr(found, name, raw)
                else:
                    found.problems.append(name)
        for name in ("workshop_id", "edition_id"):
            raw = args.get(name.removesuffix("_id")) or ""
            if raw:
                if raw.isdigit() and len(raw) < 10:
                    setattr(found, name, int(raw))
                else:
                    found.problems.append(name.removesuffix("_id"))
        if found.since and found.until and found.since > found.until:
            found.problems.append("until")
        return found

    def query_args(self) -> dict[str, str]:
        """The filters as query-string arguments (for links and exports)."""
        values = {
            "since": self.since.isoformat() if self.since else "",
            "until": self.until.isoformat() if self.until else "",
            "region": self.region or "",
            "sector": self.sector or "",
            "gender": self.gender or "",
            "theme": self.theme or "",
            "workshop": str(self.workshop_id or ""),
            "edition": str(self.edition_id or ""),
        }
        return {k: v for k, v in values.items() if v}


def _period(column: Any, f: Filters) -> ColumnElement[bool]:
    conditions = []
    if f.since:
        conditions.append(column >= datetime.combine(f.since, time.min, tzinfo=UTC))
    if f.until:
        end = datetime.combine(f.until + timedelta(days=1), time.min, tzinfo=UTC)
        conditions.append(column < end)
    return and_(true(), *conditions)


def region_expression(country: Any) -> Any:
    """SQL for the programme region (a REGIONS key) of a country column."""
    whens = [(country == code, code) for code in PROGRAMME_COUNTRIES]
    whens.append((country.in_(EU_MEMBER_STATES), "EU"))
    return case(*whens, else_="other")


def _people(f: Filters) -> ColumnElement[bool]:
    conditions = []
    if f.region:
        conditions.append(region_expression(User.country) == f.region)
    if f.sector:
        conditions.append(User.sector == f.sector)
    if f.gender:
        conditions.append(User.gender == f.gender)
    return and_(true(), *conditions)


def _teaching(f: Filters) -> ColumnElement[bool]:
    conditions = []
    if f.workshop_id:
        conditions.append(Edition.workshop_id == f.workshop_id)
    if f.edition_id:
        conditions.append(Edition.id == f.edition_id)
    if f.theme:
        conditions.append(
            exists().where(
                WorkshopTag.workshop_id == Edition.workshop_id,
                WorkshopTag.facet == "theme",
                WorkshopTag.value == f.theme,
            )
        )
    return and_(true(), *conditions)


def _enrolments(f: Filters):  # noqa: ANN202 - a Select
    return (
        select(Enrolment)
        .join(Edition, Edition.id == Enrolment.edition_id)
        .join(User, User.id == Enrolment.user_id)
        .where(_teaching(f), _people(f))
    )


def headline(f: Filters) -> dict[str, Any]:
    """The headline figures for the filters."""
    registered = db.session.scalar(
        select(func.count(User.id)).where(_period(User.created_at, f), _people(f))
    )
    admitted = (
        _enrolments(f)
        .where(_period(Enrolment.created_at, f), Enrolment.state.in_(ADMITTED))
        .subquery()
    )
    enrolled, active = db.session.execute(
        select(
            func.count(admitted.c.id),
            func.coalesce(func.sum(case((admitted.c.state == "active", 1), else_=0)), 0),
        )
    ).one()
    completions = (
        select(Completion.id, Workshop.estimated_hours)
        .join(Enrolment, Enrolment.id == Completion.enrolment_id)
        .join(Edition, Edition.id == Enrolment.edition_id)
        .join(Workshop, Workshop.id == Edition.workshop_id)
        .join(User, User.id == Enrolment.user_id)
        .where(_period(Completion.completed_at, f), _teaching(f), _people(f))
        .subquery()
    )
    completed, hours = db.session.execute(
        select(
            func.count(completions.c.id), func.coalesce(func.sum(completions.c.estimated_hours), 0)
        )
    ).one()
    certificates = db.session.scalar(
        select(func.count(Certificate.id))
        .join(Enrolment, Enrolment.id == Certificate.enrolment_id)
        .join(Edition, Edition.id == Enrolment.edition_id)
        .join(User, User.id == Enrolment.user_id)
        .where(
            Certificate.revoked_at.is_(None),
            _period(Certificate.issued_at, f),
            _teaching(f),
            _people(f),
        )
    )
    satisfaction, responses = db.session.execute(
        select(func.avg(SurveyResponse.rating), func.count(SurveyResponse.id))
        .join(Enrolment, Enrolment.id == SurveyResponse.enrolment_id)
        .join(Edition, Edition.id == Enrolment.edition_id)
        .join(User, User.id == Enrolment.user_id)
        .where(_period(SurveyResponse.submitted_at, f), _teaching(f), _people(f))
    ).one()
    gain, gain_people = knowledge_gain(f)
    base = active + completed
    return {
        "registered": registered or 0,
        "enrolled": enrolled or 0,
        "active": active or 0,
        "completed": completed or 0,
        "completion_rate": round(100 * completed / base, 1) if base else None,
        "certificates": certificates or 0,
        "hours": int(hours or 0),
        "satisfaction": round(float(satisfaction), 2) if satisfaction is not None else None,
        "responses": responses or 0,
        "knowledge_gain": gain,
        "gain_people": gain_people,
    }


def knowledge_gain(f: Filters) -> tuple[float | None, int]:
    """Average of (best post-test − first pre-test) over people who took both, and how many.

    The first pre-test attempt is the baseline: a pre-test retaken later measures learning."""

    def scores(role: str, score: Any):  # noqa: ANN202 - a subquery
        query = (
            select(QuizAttempt.enrolment_id.label("enrolment_id"), score.label("score"))
            .join(QuizSettings, QuizSettings.lesson_id == QuizAttempt.lesson_id)
            .join(Enrolment, Enrolment.id == QuizAttempt.enrolment_id)
            .join(Edition, Edition.id == Enrolment.edition_id)
            .join(User, User.id == Enrolment.user_id)
            .where(
                QuizSettings.role == role,
                _period(QuizAttempt.submitted_at, f),
                _teaching(f),
                _people(f),
            )
        )
        if role == "pre":
            return query.where(QuizAttempt.number == 1).subquery()
        return query.group_by(QuizAttempt.enrolment_id).subquery()

    pre = scores("pre", QuizAttempt.score)
    post = scores("post", func.max(QuizAttempt.score))
    average, people = db.session.execute(
        select(func.avg(post.c.score - pre.c.score), func.count()).select_from(
            pre.join(post, post.c.enrolment_id == pre.c.enrolment_id)
        )
    ).one()
    return (round(float(average), 1) if average is not None else None), people or 0


def breakdown(f: Filters, dimension: str) -> list[tuple[str, int, int, int]]:
    """(key, registered, enrolled, completed) per region, sector or gender."""
    column = {
        "region": region_expression(User.country),
        "sector": func.coalesce(User.sector, "other"),
        "gender": func.coalesce(User.gender, "undisclosed"),
    }[dimension]
    registered = dict(
        db.session.execute(
            select(column, func.count(User.id))
            .where(_period(User.created_at, f), _people(f))
            .group_by(column)
        ).all()
    )
    enrolled = dict(
        db.session.execute(
            _enrolments(f)
            .with_only_columns(column, func.count(Enrolment.id))
            .where(_period(Enrolment.created_at, f), Enrolment.state.in_(ADMITTED))
            .group_by(column)
        ).all()
    )
    completed = dict(
        db.session.execute(
            select(column, func.count(Completion.id))
            .join(Enrolment, Enrolment.id == Completion.enrolment_id)
            .join(Edition, Edition.id == Enrolment.edition_id)
            .join(User, User.id == Enrolment.user_id)
            .where(_period(Completion.completed_at, f), _teaching(f), _people(f))
            .group_by(column)
        ).all()
    )
    keys = {"region": REGIONS, "sector": SECTORS, "gender": GENDERS}[dimension]
    return [
        (key, registered.get(key, 0), enrolled.get(key, 0), completed.get(key, 0)) for key in keys
    ]


def research(f: Filters, facet: str) -> list[tuple[str, int, int]]:
    """(value, outputs published, downloads to date) per output type or country."""
    conditions = [ResearchOutput.state == "published", _period(ResearchOutput.published_at, f)]
    if f.theme:
        # An alias: the outer query already reads research_facets for the type or country.
        theme = aliased(ResearchFacet)
        conditions.append(
            exists().where(
                theme.output_id == ResearchOutput.id,
                theme.facet == "theme",
                theme.value == f.theme,
            )
        )
    rows = db.session.execute(
        select(
            ResearchFacet.value,
            func.count(ResearchOutput.id),
            func.sum(ResearchOutput.download_count),
        )
        .join(ResearchOutput, ResearchOutput.id == ResearchFacet.output_id)
        .where(ResearchFacet.facet == facet, *conditions)
        .group_by(ResearchFacet.value)
        .order_by(func.count(ResearchOutput.id).desc(), ResearchFacet.value)
    ).all()
    return [(value, count, int(downloads or 0)) for value, count, downloads in rows]


def suppress(value: int | float | None) -> str | int | float | None:
    """Counts from 1 to 4 become "<5" in exports meant for publication."""
    if isinstance(value, int) and 0 < value < SUPPRESS_BELOW:
        return f"<{SUPPRESS_BELOW}"
    return value
