"""The API's limit per caller (a token, or the address of a call without one), counted in the
limits' storage shared by every worker (Redis in production) through Flask-Limiter — but not
with one round trip to that storage per call.

A round trip costs more than serving a kept page (the load benchmark showed the API at about
half the catalogue's rate with one per call), so each worker counts a caller's calls itself and
hands them to the storage ``batch`` at a time, as one hit of that cost: Flask-Limiter's
``exempt_when`` lets a call through while its count is only local, and ``cost`` gives the
batch's size to the call that hands it over. The batch is a hundredth of the limit (600 a
minute: 6), and 1 — every call counted in the storage, exactly — for a limit under 200.

What that allows: a caller may exceed the limit by up to ``batch - 1`` calls per worker per
window (600 a minute on 8 workers: at most 40 more). Once a caller is refused, this worker
sends each of their calls to the storage until the window ends, so a refused caller stays
refused everywhere. The state is per process and small (one number per recent caller); a
worker that restarts forgets fewer than ``batch`` calls per caller.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from functools import cache

from flask import current_app, g
from flask_limiter import RequestLimit
from limits import parse

_lock = threading.Lock()
# Past this many callers the oldest counts go (each is under one batch: nothing much is lost).
MAX_CALLERS = 10_000


@cache
def batch_for(rate: str) -> int:
    """How many calls a worker counts before handing them to the storage, for ``rate``
    ("600 per minute" -> 6; under 200 calls a window -> 1)."""
    return max(1, parse(rate).amount // 100)


def _tables() -> tuple[dict[str, int], dict[str, float]]:
    """This app's counts: a caller's calls counted here and not yet in the storage, and the
    callers refused lately (with when their window ends, on this process's clock)."""
    found = current_app.extensions.get("api_rate_batches")
    if found is None:
        found = current_app.extensions["api_rate_batches"] = ({}, {})
    return found


def _forget_some(table: dict) -> None:
    for key in list(table)[: len(table) // 2]:
        table.pop(key, None)


def counted_here(rate: Callable[[], str], key: Callable[[], str]) -> Callable[[], bool]:
    """Flask-Limiter's ``exempt_when`` for the limit ``rate`` counted by ``key``: True when the
    call is only counted in this worker; False when it goes to the storage (a full batch, the
    exact count, or a caller refused lately), with the cost in ``g``."""

    def exempt() -> bool:
        batch = batch_for(rate())
        if batch == 1:
            return False
        caller = key()
        pending, refused_ = _tables()
        with _lock:
            until = refused_.get(caller)
            if until is not None:
                if until > time.monotonic():
                    return False
                del refused_[caller]
            count = pending.get(caller, 0) + 1
            if count < batch:
                if len(pending) >= MAX_CALLERS:
                    _forget_some(pending)
                pending[caller] = count
                return True
            pending.pop(caller, None)
        g.api_rate_cost = count
        return False

    return exempt


def cost() -> int:
    """Flask-Limiter's ``cost``: the calls this one hands to the storage (itself included)."""
    return int(g.pop("api_rate_cost", 1))


def refused(key: Callable[[], str]) -> Callable[[RequestLimit], None]:
    """Flask-Limiter's ``on_breach``: the caller goes to the storage on every call until their
    window ends."""

    def remember(limit: RequestLimit) -> None:
        left = max(1.0, limit.reset_at - time.time())
        refused_ = _tables()[1]
        with _lock:
            if len(refused_) >= MAX_CALLERS:
                _forget_some(refused_)
            refused_[key()] = time.monotonic() + left

    return remember
