"""Storage suite: shared sizes and payloads (fixtures live in conftest.py)."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from werkzeug.test import TestResponse

from learning.storage.store import Storage

MiB = 1024 * 1024
PART = 5 * MiB
"""Threshold and part size of the S3 storages under test: the smallest S3 allows."""


def payload(size: int, seed: int = 0) -> bytes:
    """Deterministic incompressible bytes."""
    return random.Random(seed).randbytes(size)


@dataclass
class Backend:
    """One backend under test: its ``storage`` and what it left behind (files, objects, uploads)."""

    name: str
    storage: Storage
    leftovers: Callable[[], list[str]]


Download = Callable[..., TestResponse]
"""download(storage, key, *, filename, content_type, size, as_attachment, headers) -> response"""
