"""File names: the display name kept in the database, the download header, and opaque keys.

User-supplied names never enter a storage key; they are cleaned once on upload, stored with the
row, and sent back only inside ``Content-Disposition``.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any
from urllib.parse import quote
from uuid import uuid4

from flask import Response

MAX_FILENAME_LENGTH = 200
_MAX_EXTENSION_LENGTH = 16
_KIND = re.compile(r"[a-z0-9-]+")
# Joiners stay: emoji sequences and several scripts (Persian, Indic) need them. Every other
# format character goes, notably the bidi overrides that make "evil\u202efdp.exe" look like a PDF.
_KEPT_FORMAT_CHARACTERS = {"\u200c", "\u200d"}
# "<img src=x onerror=...>.pdf" must not reach a header, a page or a ZIP as it came.
_MARKUP = frozenset("<>")
# RFC 5987 attr-char, minus what quote() already leaves alone (letters, digits, "_.-~").
_ATTR_CHAR_EXTRA = "!#$&+^`|"


def clean_filename(name: str) -> str:
    """Return a safe display name: last path segment, no control characters and no angle
    brackets (a name is never markup), NFC, at most 200. Every upload path stores its file
    through ``storage.services.begin_upload``, which keeps this name on the row."""
    name = "".join(_clean_character(ch) for ch in name)
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = unicodedata.normalize("NFC", " ".join(name.split()))
    stem, extension = _split_extension(name)
    stem = stem.strip(". ")
    if extension:
        stem = stem[: MAX_FILENAME_LENGTH - len(extension) - 1].rstrip(". ")
    else:
        stem = stem[:MAX_FILENAME_LENGTH].rstrip(". ")
    stem = stem or "file"
    return f"{stem}.{extension}" if extension else stem


def content_disposition(filename: str, as_attachment: bool) -> str:
    """Build an RFC 6266 ``Content-Disposition`` value with an ASCII and an RFC 5987 name."""
    name = clean_filename(filename)
    disposition = "attachment" if as_attachment else "inline"
    fallback = _ascii_fallback(name).replace("\\", "\\\\").replace('"', '\\"')
    encoded = quote(name, safe=_ATTR_CHAR_EXTRA)
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{encoded}"


def private_download(body: Any, mimetype: str, filename: str) -> Response:
    """A file made for one person (an export, a certificate, a ZIP): an attachment named
    ``filename`` that no shared cache keeps."""
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = content_disposition(filename, True)
    response.headers["Cache-Control"] = "private, no-store"
    return response


def new_key(kind: str) -> str:
    """Return a fresh opaque key ``<kind>/<hex uuid>``; ValueError unless kind is [a-z0-9-]+."""
    if not _KIND.fullmatch(kind):
        raise ValueError(f"invalid object kind {kind!r}")
    return f"{kind}/{uuid4().hex}"


def _clean_character(ch: str) -> str:
    if ch.isspace():
        return " "
    if ch in _MARKUP:
        return ""
    category = unicodedata.category(ch)
    if category in ("Cc", "Cs") or (category == "Cf" and ch not in _KEPT_FORMAT_CHARACTERS):
        return ""
    return ch


def _split_extension(name: str) -> tuple[str, str]:
    stem, dot, extension = name.rpartition(".")
    if dot and extension.isalnum() and len(extension) <= _MAX_EXTENSION_LENGTH:
        return stem, extension
    return name, ""


def _ascii_fallback(name: str) -> str:
    out: list[str] = []
    for ch in unicodedata.normalize("NFKD", name):
        if unicodedata.combining(ch):
            continue
        # "%" goes too: some clients percent-decode the plain parameter (RFC 6266, appendix D).
        if " " <= ch <= "~" and ch != "%":
            out.append(ch)
        elif not out or out[-1] != "_":
            out.append("_")
    return "".join(out)
