"""Public pages: the list of calls (open ones first, closing soon highlighted) and a call's
page with its window in the call's time zone and the reader's, and the eligibility check."""

from __future__ import annotations

from flask import render_template
from flask_babel import get_timezone
from flask_login import current_user

from learning.calls.blueprint import bp
from learning.calls.routes.common import visible_call
from learning.calls.services import applications, eligibility, review
from learning.calls.services.calls import NEXT_STATUS, public_calls
from learning.calls.services.placements import alumni
from learning.platform.dbtypes import utcnow
from learning.web.forms import ActionForm
from learning.web.pagination import paginate

LIST_PAGE = 12
ALUMNI_SHOWN = 12


@bp.route("/")
def index():
    """Anyone: the calls taking applications (closing first), then the past ones; for
    signed-in readers, the programme's fellows and alumni."""
    now = utcnow()
    page = paginate(public_calls(now), per_page=LIST_PAGE)
    # The network has no slot for another feature's panel on its pages, so the alumni are
    # shown here, to signed-in readers (people who applied did not publish their names).
    shown = current_user.is_authenticated and page.number == 1
    return render_template(
        "calls/index.html", page=page, now=now, alumni=alumni(ALUMNI_SHOWN) if shown else []
    )


@bp.route("/<int:call_id>")
def detail(call_id: int):
    """Whoever may see the call: its texts, window, places, rules and each rule's verdict for
    the reader before they start."""
    call = visible_call(call_id)
    mine = applications.mine(current_user, call)
    verdicts = eligibility.check(call, current_user, mine) if current_user.is_authenticated else []
    return render_template(
        "calls/detail.html",
        call=call,
        text=call.text(),
        mine=mine,
        verdicts=verdicts,
        excluded=eligibility.excluded(verdicts),
        reader_zone=str(get_timezone()),
        not_yet=call.status == "open" and utcnow() < call.opens_at,
        next_status=NEXT_STATUS.get(call.status),
        reviewer=call.status != "draft" and review.is_reviewer(current_user, call),
        form=ActionForm(),
    )
