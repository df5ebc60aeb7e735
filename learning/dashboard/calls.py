"""Call indicators: the selection funnel of the academic exchange calls — applied (started an
application), eligible (submitted: the eligibility rules are checked on submission), reviewed
(at least one submitted review) and selected — by country or region, sector and gender, with
the dashboard's period filter (when the application was started). Small counts are suppressed
on the page as in exports for publication. Four grouped queries per table, whatever the data
size."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from learning.accounts.models import User
from learning.calls.models import Call, CallApplication, CallReview
from learning.dashboard.services import Filters, _people, _period, region_expression, suppress
from learning.language.taxonomy import GENDERS, REGIONS, SECTORS
from learning.platform.extensions import db


def _column(dimension: str) -> Any:
    return {
        "region": region_expression(CallApplication.country),
        "sector": func.coalesce(CallApplication.sector, "other"),
        "gender": func.coalesce(User.gender, "undisclosed"),
    }[dimension]


def _count(f: Filters, dimension: str, *where: Any) -> dict[str, int]:
    key = _column(dimension)
    query = (
        select(key, func.count(func.distinct(CallApplication.id)))
        .join(User, User.id == CallApplication.user_id)
        .join(Call, Call.id == CallApplication.call_id)
        .where(Call.status != "draft", _period(CallApplication.created_at, f), _people(f), *where)
        .group_by(key)
    )
    return {k: n for k, n in db.session.execute(query)}


def funnel(f: Filters, dimension: str) -> list[tuple[str, Any, Any, Any, Any]]:
    """(key, applied, eligible, reviewed, selected) per key of ``dimension``; counts from 1 to 4
    read "<5"."""
    reviewed = (
        select(CallReview.id)
        .where(CallReview.application_id == CallApplication.id, CallReview.state == "submitted")
        .exists()
    )
    steps = [
        _count(f, dimension),
        _count(f, dimension, CallApplication.state == "submitted"),
        _count(f, dimension, CallApplication.state == "submitted", reviewed),
        _count(f, dimension, CallApplication.decision == "selected"),
    ]
    keys = {"region": REGIONS, "sector": SECTORS, "gender": GENDERS}[dimension]
    return [(key, *(suppress(step.get(key, 0)) for step in steps)) for key in keys]
