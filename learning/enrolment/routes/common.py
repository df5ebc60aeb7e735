"""What the enrolment pages share: loading an edition as the reader may see or run it, and
committing before the e-mails go out."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from learning.enrolment.services.common import can_manage
from learning.enrolment.services.notices import Notice, deliver
from learning.platform.extensions import db
from learning.workshops.access import EditionFacts, edition_facts, visible_facts
from learning.workshops.access import sign_in as _sign_in
from learning.workshops.models import Edition
from learning.workshops.services.permissions import can_edit, can_see


def visible_edition(edition_id: int) -> Edition:
    """The edition if this person may see it: 404 for drafts (of workshop or edition) they may
    not manage."""
    edition = db.session.get(Edition, edition_id)
    if edition is None or not can_see(current_user, edition.workshop):
        abort(404)
    if edition.status == "draft" and not can_manage(current_user, edition):
        abort(404)
    return edition


def managed_edition(edition_id: int) -> Edition:
    """The edition if this person runs it: 404 as ``visible_edition``, sign-in, else 403."""
    return managed_facts(edition_id).load()


def managed_facts(edition_id: int) -> EditionFacts:
    """``managed_edition`` from kept facts (learning.workshops.access), without loading the
    edition: 404 as ``visible_edition``, sign-in, else 403."""
    found = edition_facts(edition_id)
    if found is None:
        abort(404)
    manager = can_edit(current_user, visible_facts(found.workshop_slug))
    if found.status == "draft" and not manager:
        abort(404)
    if not current_user.is_authenticated:
        _sign_in()
    if not manager:
        abort(403)
    return found


def commit_and_send(notices: list[Notice]) -> None:
    """Commit the request's changes, then send their e-mails."""
    db.session.commit()
    deliver(notices)
