"""Who may use a route: one decorator for roles, shared by every feature."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from flask import abort
from flask_login import current_user

from learning.platform.extensions import login_manager

P = ParamSpec("P")
R = TypeVar("R")


def roles_required(*roles: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Signed-out visitors are sent to sign in; signed-in people without a role get 403."""

    def decorator(view: Callable[P, R]) -> Callable[P, R]:
        @wraps(view)
        def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()  # type: ignore[return-value]
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def has_role(*roles: str) -> bool:
    """Whether the signed-in person holds any of ``roles`` (admins hold all)."""
    return bool(current_user.is_authenticated and current_user.has_role(*roles))
