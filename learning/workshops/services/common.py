"""What several workshop services share: the domain error, slugs, the translated texts of a
form, and the ordering and file clean-up of curriculum items."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from learning.language.content import languages
from learning.language.text import normalise
from learning.platform.extensions import db
from learning.storage.models import StoredFile
from learning.workshops.models import Material

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SLUG_MAX = 80
RESERVED_SLUGS = frozenset({"new", "mine"})


class WorkshopError(Exception):
    """A domain rule refused the operation; ``code`` names which."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def escape_like(term: str) -> str:
    """A LIKE pattern fragment that matches ``term`` literally."""
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def slugify(text: str) -> str:
    """A URL slug from a title: "Periodismo de datos" -> "periodismo-de-datos"."""
    return "-".join(re.findall(r"[a-z0-9]+", normalise(text)))[:SLUG_MAX].strip("-")


@dataclass
class Texts:
    """The translatable fields given for one language (empty strings mean "not given")."""

    title: str = ""
    summary: str = ""
    description: str = ""
    body: str = ""

    @property
    def given(self) -> bool:
        """Whether anything was written for this language."""
        return any(v.strip() for v in (self.title, self.summary, self.description, self.body))


def clean_texts(texts: dict[str, Texts]) -> dict[str, Texts]:
    """Keep the known languages that have content; each needs a title.

    Raises WorkshopError("no_language") when none has content, ("title_missing:<lang>")
    when one has content but no title.
    """
    kept = {}
    for language in languages():
        given = texts.get(language)
        if given is None or not given.given:
            continue
        if not given.title.strip():
            raise WorkshopError(f"title_missing:{language}")
        kept[language] = given
    if not kept:
        raise WorkshopError("no_language")
    return kept


def sync_translations(rows: list[Any], texts: dict[str, Texts], make: Any, fields: tuple) -> None:
    """Make ``rows`` (a translations collection) hold exactly ``texts``' languages."""
    by_language = {row.language: row for row in rows}
    for language, row in by_language.items():
        if language not in texts:
            rows.remove(row)
    for language, given in texts.items():
        row = by_language.get(language)
        if row is None:
            row = make(language=language)
            rows.append(row)
        for name in fields:
            setattr(row, name, getattr(given, name).strip())


def renumber(items: list[Any]) -> None:
    """Number ``items`` 0, 1, 2... in their present order (closing the gaps)."""
    for position, item in enumerate(sorted(items, key=lambda item: item.position)):
        item.position = position


def move(items: list[Any], item: Any, direction: str) -> None:
    """Swap ``item`` with its neighbour. Raises WorkshopError("cannot_move") past the ends or
    for an unknown direction."""
    renumber(items)
    index = items.index(item)
    target = index - 1 if direction == "up" else index + 1 if direction == "down" else -1
    if not 0 <= target < len(items):
        raise WorkshopError("cannot_move")
    # Only the positions change: reassigning items of an ORM collection would orphan them.
    items[index].position, items[target].position = target, index
    db.session.flush()


def files_of(materials: Iterable[Material]) -> list[StoredFile]:
    """The stored file of every version of ``materials``."""
    return [version.file for material in materials for version in material.versions]


def forget_files(files: list[StoredFile]) -> None:
    """Delete stored-file rows once nothing points at them; their objects become unreferenced
    and ``flask storage gc`` removes them."""
    db.session.flush()
    for file in files:
        db.session.delete(file)
    db.session.flush()
