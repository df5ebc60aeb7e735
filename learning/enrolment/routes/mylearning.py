"""My learning: a signed-in person's enrolments by state, next live sessions, progress and
certificates (from the features above, through slots), and their private calendar link."""

from __future__ import annotations

import time
from typing import Any

from flask import render_template
from flask_login import current_user

from learning.enrolment.blueprint import bp
from learning.enrolment.messages import STATE_LABELS
from learning.enrolment.routes.common import commit_and_send
from learning.enrolment.services import calendars, mylearning, schedule, seats
from learning.language.i18n import date_formatter
from learning.platform import cache
from learning.platform.extensions import db
from learning.platform.slots import MY_LEARNING_PANELS
from learning.web.forms import ActionForm
from learning.workshops.access import sign_in as _sign_in


@bp.route("/my-learning")
def my_learning():
    """Signed-in people: their enrolments by state, next live session, progress."""
    if not current_user.is_authenticated:
        _sign_in()
    # Open invitations to the person's address become enrolments on a visit. Whether there
    # are any is kept with the person's records and the editions (an invitation renews them).
    if cache.fragment(
        ("workshops", *cache.person_kinds()),
        ("open-invitations",),
        lambda: seats.has_open_invitations(current_user),
    ):
        notices = seats.claim_invitations(current_user)
        if notices or db.session.dirty or db.session.new:
            commit_and_send(notices)
    body = cache.rendered(
        ("workshops", *cache.person_kinds()),
        # Next live sessions follow the clock: a new key every five minutes, on the hour's
        # fifths, so a session starting on the hour drops out at once.
        (current_user.timezone, int(time.time() // 300)),
        "enrolment/_my_learning_body.html",
        _my_learning_body,
    )
    panels = [panel.render() for panel in MY_LEARNING_PANELS.fillings()]
    return render_template("enrolment/my_learning.html", body=body, panels=panels)


def _my_learning_body() -> dict[str, Any]:
    """My learning's enrolments by state, next live sessions, progress, certificates and
    calendar link."""
    enrolments = mylearning.my_enrolments(current_user)
    groups: dict[str, list[Any]] = {state: [] for state in mylearning.MY_LEARNING_ORDER}
    for enrolment in enrolments:
        groups.setdefault(enrolment.state, []).append(enrolment)
    return {
        "groups": groups,
        "total": len(enrolments),
        "next_sessions": schedule.next_sessions(enrolments),
        "progress": mylearning.progress_for(enrolments),
        # One query for every group's certificates.
        "certificates": mylearning.certificates_for(enrolments),
        "calendar": calendars.calendar_token_row(current_user),
        "action_form": ActionForm(),
        # Worked out once for the page, not once per card.
        "state_names": {key: str(label) for key, label in STATE_LABELS.items()},
        "day": date_formatter(),
    }
