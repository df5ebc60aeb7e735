"""Counting views and downloads: no robots, no repeats within a few seconds."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.research.models import ResearchHit, ResearchOutput

DEDUP_SECONDS = 30

BOT_PATTERN = re.compile(
    r"bot|crawl|spider|slurp|archiver|facebookexternalhit|embedly|preview|monitor|curl|wget|"
    r"python-requests|httpclient|java/|go-http|scrapy|headless|lighthouse|pingdom|sickle",
    re.IGNORECASE,
)


def is_bot(user_agent: str | None) -> bool:
    """Known robots and tools (and requests without a user agent) are not counted."""
    return not user_agent or bool(BOT_PATTERN.search(user_agent))


def record_hit(
    what: str, output: ResearchOutput, *, address: str, user_agent: str | None, target: int
) -> bool:
    """Count a view or download unless a robot made it or the same visitor made it in the
    last 30 seconds. ``what`` is "view" or "download"; returns whether it counted."""
    if is_bot(user_agent):
        return False
    now = utcnow()
    cutoff = now - timedelta(seconds=DEDUP_SECONDS)
    key = hashlib.sha256(f"{what}|{target}|{address}|{user_agent}".encode()).hexdigest()
    seen = db.session.scalar(select(ResearchHit.created_at).where(ResearchHit.key == key))
    if seen is not None and seen >= cutoff:
        return False  # a repeat: a read, no write (most views of a busy page)
    # Counting: clear out expired hits (this visitor's old one included), then claim the key;
    # the unique key settles two processes counting the same visit at once.
    db.session.execute(delete(ResearchHit).where(ResearchHit.created_at < cutoff))
    try:
        with db.session.begin_nested():
            db.session.add(ResearchHit(key=key, created_at=now))
    except IntegrityError:
        return False
    column = ResearchOutput.view_count if what == "view" else ResearchOutput.download_count
    # On the session's connection, not through the session: a counter is not a change of the
    # output, so cached search results stay (learning/platform/cache.py watches session statements).
    db.session.connection().execute(
        update(ResearchOutput).where(ResearchOutput.id == output.id).values({column: column + 1})
    )
    return True
