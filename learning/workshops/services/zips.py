"""The ZIP of all a workshop's materials, streamed with bounded memory."""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from learning.storage.filenames import clean_filename
from learning.storage.models import StoredFile
from learning.workshops.models import Material


class _Pipe:
    """A write-only file object whose bytes are collected and handed out chunk by chunk."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.chunks.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        """Nothing is buffered here."""

    def drain(self) -> Iterator[bytes]:
        chunks, self.chunks = self.chunks, []
        yield from chunks


def zip_entries(materials: Iterable[Material]) -> list[tuple[str, StoredFile]]:
    """(name inside the zip, file) for each material's current version: cleaned, unique."""
    entries = []
    seen: set[str] = set()
    for material in materials:
        version = material.current
        if version is None or not version.file.is_available:
            continue
        name = clean_filename(version.file.original_name)
        stem, dot, extension = name.rpartition(".")
        if not dot:
            stem, extension = name, ""
        candidate, n = name, 1
        while candidate.casefold() in seen:
            n += 1
            candidate = f"{stem} ({n}).{extension}" if extension else f"{stem} ({n})"
        seen.add(candidate.casefold())
        entries.append((candidate, version.file))
    return entries


def stream_zip(storage: Any, entries: list[tuple[str, str, int, datetime]]) -> Iterator[bytes]:
    """Yield a ZIP (stored, not compressed) of (name, key, size, time) entries, reading each
    object in chunks: memory stays bounded by the chunk size whatever the total."""
    pipe = _Pipe()
    with zipfile.ZipFile(pipe, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as archive:
        for name, key, size, when in entries:
            info = zipfile.ZipInfo(name, date_time=when.timetuple()[:6])
            info.compress_type = zipfile.ZIP_STORED
            info.file_size = size
            with archive.open(info, "w", force_zip64=size >= 2**31) as member:
                for chunk in storage.iter_range(key):
                    member.write(chunk)
                    yield from pipe.drain()
            yield from pipe.drain()
    yield from pipe.drain()
