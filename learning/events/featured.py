"""The home page's upcoming events (the core feature's HOME_SECTIONS slot)."""

from __future__ import annotations

from typing import Any

from learning.events.services.listing import upcoming
from learning.language.i18n import session_time
from learning.platform.slots import Section

SHOWN = 3


def coming_up() -> dict[str, Any]:
    """The context of the section: the next SHOWN published events (those under way count);
    empty (nothing shown) when none is coming."""
    events = upcoming(limit=SHOWN)
    return {"events": events, "session_time": session_time} if events else {}


SECTION = Section("events", ("events",), "events/_home_section.html", coming_up, order=20)
