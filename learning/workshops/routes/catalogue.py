"""The catalogue of published workshops, and the list of workshops a trainer authors."""

from __future__ import annotations

from typing import Any

from flask import render_template, request
from flask_login import current_user

from learning.language.taxonomy import AUDIENCES, THEMES
from learning.platform import cache
from learning.platform.dbtypes import utcnow
from learning.platform.slots import CATALOGUE_SEATS
from learning.web.pagination import paginate
from learning.workshops.blueprint import bp
from learning.workshops.routes.common import trainer_only
from learning.workshops.services import authoring
from learning.workshops.services import catalogue as catalogue_services

CATALOGUE_PAGE = 12


@bp.route("/")
def catalogue():
    """Anyone: published workshops, filtered and searched in every language."""
    filters = catalogue_services.Filters(
        q=(request.args.get("q") or "").strip()[:200],
        theme=request.args.get("theme") or "",
        audience=request.args.get("audience") or "",
        format=request.args.get("format") or "",
        language=request.args.get("language") or "",
    )
    bad = catalogue_services.invalid_filters(filters)
    today = utcnow().date()

    def results() -> dict[str, Any]:
        page = paginate(catalogue_services.catalogue_query(filters), per_page=CATALOGUE_PAGE)
        seats = CATALOGUE_SEATS.get()
        return {
            "page": page,
            # Seats left (the enrolment feature's), by edition id.
            "seats": seats(page.items) if seats is not None and page.items else {},
            "offered": catalogue_services.card_editions(page.items, today),
            "filters": filters,
            "bad_filters": bad,
            "themes": THEMES,
            "audiences": AUDIENCES,
            "today": today,
        }

    # The same for every reader of a language: made once per change of the workshops.
    html = cache.rendered(
        ("workshops",),
        (today, *sorted(request.args.items(multi=True))),
        "workshops/_catalogue_results.html",
        results,
    )
    return render_template("workshops/catalogue.html", results=html), 400 if bad else 200


@bp.route("/mine")
def mine():
    """Trainers and admins: the workshops they may author, drafts included."""
    trainer_only()
    page = paginate(authoring.my_workshops(current_user))
    return render_template("workshops/mine.html", page=page)
