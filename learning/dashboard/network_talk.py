"""The network's conversation per month, for the last twelve months: threads started, posts
written (hidden ones count: they were written) and active members (people who wrote at least
one post that month). Active members below the dashboard's threshold show as "<5", as people
could be recognised in small numbers. Two grouped queries, whatever the data size."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from learning.dashboard.services import suppress
from learning.network.talk_models import Post, Thread
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db

MONTHS = 12


def _month(column: Any) -> Any:
    if db.engine.dialect.name == "postgresql":
        return func.to_char(column, "YYYY-MM")
    return func.strftime("%Y-%m", column)


def monthly() -> list[tuple[str, int, int, str | int | float | None]]:
    """(month "YYYY-MM", threads, posts, active members suppressed) for the last months with
    any activity, newest first."""
    since = utcnow() - timedelta(days=31 * MONTHS)
    month = _month(Thread.created_at)
    threads = dict(
        db.session.execute(
            select(month, func.count(Thread.id)).where(Thread.created_at >= since).group_by(month)
        ).all()
    )
    month = _month(Post.created_at)
    posts = {
        key: (count, people)
        for key, count, people in db.session.execute(
            select(month, func.count(Post.id), func.count(func.distinct(Post.author_id)))
            .where(Post.created_at >= since)
            .group_by(month)
        ).all()
    }
    months = sorted(set(threads) | set(posts), reverse=True)[:MONTHS]
    return [
        (key, threads.get(key, 0), posts.get(key, (0, 0))[0], suppress(posts.get(key, (0, 0))[1]))
        for key in months
    ]
