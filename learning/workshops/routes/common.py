"""What several workshop route modules share: links that take a workshop, the trainers-only
check, a plain 400 page, and undoing an upload the domain refused."""

from __future__ import annotations

from typing import Any

from flask import Response, abort
from flask import url_for as flask_url_for
from flask_login import current_user

from learning.platform.extensions import db
from learning.storage import kept
from learning.storage import services as storage
from learning.storage.models import StoredFile
from learning.web.errors import render_error
from learning.workshops.access import sign_in
from learning.workshops.services.permissions import is_trainer


def url_for(endpoint: str, **values: Any) -> str:
    """url_for that takes a Workshop for ``slug``."""
    workshop = values.pop("workshop", None)
    if workshop is not None:
        values["slug"] = workshop.slug
    return flask_url_for(endpoint, **values)


def trainer_only() -> None:
    """Trainers and admins go on; visitors sign in first; anyone else gets a 403."""
    if not current_user.is_authenticated:
        sign_in()
    if not is_trainer(current_user):
        abort(403)


def bad_request(text: str) -> Response:
    """The 400 page saying ``text``."""
    return render_error(400, text)


def discard(*files: StoredFile | None) -> None:
    """Undo an upload after the domain refused the rest of the form."""
    db.session.rollback()
    for file in files:
        # A file kept from the form's earlier try stays pending: the form shown again keeps it.
        if file is not None and not kept.was_kept(file):
            storage.abandon_upload(file)
