"""Content in several languages: pick the reader's language, fall back with a visible note.

Translatable texts live in ``<thing>_translations`` tables, one row per language, so a third
language is a configuration change (``LANGUAGES``), not a schema change.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Generic, Protocol, TypeVar

from babel import Locale
from flask import current_app

from learning.language.i18n import current_language


class Translation(Protocol):
    """A translation row: it says which language it is in."""

    language: str


T = TypeVar("T", bound=Translation)


def languages() -> list[str]:
    """The content languages this installation offers, in order of preference for fallback."""
    return list(current_app.config["LANGUAGES"])


def language_name(code: str, in_language: str | None = None) -> str:
    """A language's name in the reader's language ("inglés", "English")."""

    try:
        name = Locale.parse(code).get_display_name(in_language or current_language())
    except (ValueError, TypeError):
        return code
    return name or code


class Localised(Generic[T]):
    """One translation chosen for a reader; ``fallback`` is true when it is not their language.

    Attribute access goes to the translation row, so templates write ``text.title``.
    """

    def __init__(self, row: T, requested: str) -> None:
        self.row = row
        self.language = row.language
        self.requested = requested

    @property
    def fallback(self) -> bool:
        """Whether the text is in another language than the reader's."""
        return self.language != self.requested

    @property
    def language_label(self) -> str:
        """The name of the language the text is in, in the reader's language."""
        return language_name(self.language)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.row, name)


def choose(rows: Iterable[T], language: str | None = None) -> Localised[T] | None:
    """The translation in ``language`` (default: the reader's), else the first available in
    the configured order, else any; None when there is no translation at all."""

    wanted = language or current_language()
    by_language = {row.language: row for row in rows}
    if not by_language:
        return None
    for code in [wanted, *languages()]:
        if code in by_language:
            return Localised(by_language[code], wanted)
    return Localised(next(iter(by_language.values())), wanted)
