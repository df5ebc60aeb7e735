"""The discussion section on a research output's page and on an event's page (the slots
OUTPUT_PANELS and EVENT_PANELS): how many threads and posts, the latest threads, where to
start one, and following the subject."""

from __future__ import annotations

from typing import Any

from flask_login import current_user
from sqlalchemy import select

from learning.network.services import discussion, follow
from learning.platform.extensions import db
from learning.platform.slots import Panel
from learning.research.models import ResearchOutput
from learning.web.forms import ActionForm

SHOWN = 3


def _context(kind: str, key: str) -> dict[str, Any]:
    threads, posts = discussion.count_about(kind, key)
    signed_in = current_user.is_authenticated
    return {
        "kind": kind,
        "key": key,
        "thread_count": threads,
        "post_count": posts,
        "latest": discussion.threads_about(kind, key, limit=SHOWN) if threads else [],
        "following": signed_in and follow.is_following(current_user, kind, key),
        "signed_in": signed_in,
        "action_form": ActionForm(),
    }


def output_context(output_id: int) -> dict[str, Any]:
    """The panel for a research output (published ones only: drafts have no discussion)."""
    state = db.session.scalar(select(ResearchOutput.state).where(ResearchOutput.id == output_id))
    return _context("output", str(output_id)) if state == "published" else {}


def event_context(event: Any) -> dict[str, Any]:
    """The panel for a published or archived event."""
    if event.status not in ("published", "archived"):
        return {}
    return _context("event", str(event.id))


OUTPUT_PANEL = Panel("network.output_discussion", "network/talk/_panel.html", output_context)
EVENT_PANEL = Panel("network.event_discussion", "network/talk/_panel.html", event_context)
