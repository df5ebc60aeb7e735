"""Text as people type or paste it, made fit to keep, search and send."""

from __future__ import annotations

import re
import unicodedata

# Control characters (Unicode category Cc: C0, DEL and C1), with the spaces around them.
# PostgreSQL refuses NUL in text, e-mail headers refuse line breaks (U+0085 is one), and
# XML 1.0 has no room for most of them.
_CONTROLS = re.compile(r" *[\x00-\x1f\x7f-\x9f]+ *")
_CONTROLS_BUT_LINES = re.compile(r" *[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]+ *")


def plain_text(text: str, *, multiline: bool = False) -> str:
    """``text`` with each run of control characters (NUL, escape, DEL, …) as one space; tabs
    and line breaks stay when ``multiline``. A space rather than nothing, so that an e-mail
    address or a workshop address holding one fails its own check instead of becoming
    another one."""
    return (_CONTROLS_BUT_LINES if multiline else _CONTROLS).sub(" ", text)


def fold(text: str) -> str:
    """Lower case without accents: "Política" and "politica" fold to the same text."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise(text: str) -> str:
    """``fold``ed words separated by single spaces, control characters counting as spaces
    (PostgreSQL refuses a NUL byte in text): how searches compare what people type."""
    return " ".join(fold(plain_text(text)).split())
