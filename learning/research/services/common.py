"""What the research operations share: their error, their limits and the programme's today."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app

MAX_FILES = 20
FACETS = ("type", "theme", "country", "language", "year", "organisation")
# Documents, data and slides: what a research library keeps (no audio, video or images).
RESEARCH_EXTENSIONS = frozenset(
    {"pdf", "docx", "doc", "odt", "xlsx", "xls", "ods", "csv", "pptx", "ppt", "odp", "txt", "zip"}
)


class ResearchError(Exception):
    """A research operation was refused; ``code`` says why (routes word it for people)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def programme_today() -> date:
    """Today in the programme's timezone: embargoes lift at its midnight."""
    return datetime.now(ZoneInfo(current_app.config["DEFAULT_TIMEZONE"])).date()
