"""What every feature's routes do the same way: refuse a post without its token, redirect after
a change, load a row or answer 404, and say a domain error in the reader's language."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol, TypeVar

from flask import Response, abort, redirect
from flask_babel import gettext as _

from learning.platform.extensions import db
from learning.web.forms import ActionForm

T = TypeVar("T")


class CodedError(Protocol):
    """A domain error: a ``code`` the routes turn into words."""

    code: str


def require_action_form() -> None:
    """Buttons that post carry a CSRF token; aborts with 400 when it is missing or wrong."""
    if not ActionForm().validate_on_submit():
        abort(400)


def done(target: str) -> Response:
    """After a change: see the result at ``target`` (303, so a reload does not post again)."""
    return redirect(target, 303)


def load_or_404(model: type[T], ident: int, **belongs: Any) -> T:
    """The ``model`` row with primary key ``ident`` whose attributes equal ``belongs`` (for
    example ``workshop_id=workshop.id``); aborts with 404 when there is none."""
    row = db.session.get(model, ident)
    if row is None or any(getattr(row, name) != value for name, value in belongs.items()):
        abort(404)
    return row


def message(error: CodedError, messages: Mapping[str, Any]) -> str:
    """What to tell the person about ``error``: its entry in ``messages`` (lazy strings), or a
    general sentence for a code nobody wrote words for."""
    return str(messages.get(error.code, _("Something in the form was not right.")))
