"""The dashboard pages: administrators only."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from learning.audit import services as audit
from learning.dashboard import calls as call_indicators
from learning.dashboard import events as event_indicators
from learning.dashboard import network_people, network_talk, services
from learning.language.content import choose
from learning.language.i18n import current_language
from learning.language.taxonomy import GENDERS, REGIONS, SECTORS, THEMES, country_name
from learning.platform.extensions import db
from learning.research import messages as research_labels
from learning.web.auth import roles_required
from learning.web.charts import bar_chart
from learning.web.csvutil import export_rows
from learning.workshops.models import Edition, Workshop

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")

DIMENSIONS = {"region": REGIONS, "sector": SECTORS, "gender": GENDERS}
DIMENSION_TITLES = {
    "region": _l("By country or region"),
    "sector": _l("By sector"),
    "gender": _l("By gender"),
}
# The exports' column names and the headline's rows, in the reader's language (issue 22: no
# internal keys such as "completion_rate" in a file someone opens in a spreadsheet).
DIMENSION_COLUMNS = {
    "region": _l("Country or region"),
    "sector": _l("Sector"),
    "gender": _l("Gender"),
}
FACET_COLUMNS = {"type": _l("Type"), "country": _l("Country")}
HEADLINE_LABELS = {
    "registered": _l("Registered"),
    "enrolled": _l("People enrolled"),
    "active": _l("Still active"),
    "completed": _l("Completions"),
    "completion_rate": _l("Completion rate (%)"),
    "certificates": _l("Certificates issued"),
    "hours": _l("Hours of training delivered"),
    "satisfaction": _l("Average satisfaction (1–5)"),
    "responses": _l("Answers about satisfaction"),
    "knowledge_gain": _l("Average knowledge gain (points)"),
    "gain_people": _l("People whose knowledge gain was measured"),
}
TABLES = (
    "headline",
    "region",
    "sector",
    "gender",
    "research-type",
    "research-country",
    "events-region",
    "events-sector",
    "events-gender",
)


@bp.before_request
@roles_required("admin")
def _admins_only() -> None:
    """Programme figures are for administrators."""


def _choices() -> dict[str, list[tuple[int, str]]]:
    from sqlalchemy.orm import selectinload

    workshops = db.session.scalars(
        select(Workshop).options(selectinload(Workshop.translations)).order_by(Workshop.slug)
    ).all()
    editions = db.session.execute(
        select(Edition.id, Edition.name, Workshop.slug)
        .join(Workshop, Workshop.id == Edition.workshop_id)
        .order_by(Workshop.slug, Edition.starts_on)
    ).all()
    return {
        "workshops": [(w.id, _title(choose(w.translations), w.slug)) for w in workshops],
        "editions": [(edition_id, f"{slug} · {name}") for edition_id, name, slug in editions],
    }


def _title(text: object, default: str) -> str:
    return getattr(text, "title", None) or default


@bp.route("/")
def index():
    """The indicators for the chosen filters, as figures, charts and tables."""

    filters = services.Filters.from_args(request.args)
    language = current_language()
    figures = services.headline(filters)
    breakdowns = {}
    charts = {}
    for dimension, labels in DIMENSIONS.items():
        rows = services.breakdown(filters, dimension)
        named = [(str(labels[key]), *counts) for key, *counts in rows]
        breakdowns[dimension] = named
        charts[dimension] = bar_chart(
            _("Completions, %(what)s", what=DIMENSION_TITLES[dimension]),
            [(label, completed) for label, _reg, _enr, completed in named],
            chart_id=f"chart-{dimension}",
            measures=_("Each bar: the people who completed a workshop, with the filters above."),
        )
    event_rows = {
        dimension: [
            (str(labels[key]), *counts)
            for key, *counts in event_indicators.registrations(filters, dimension)
        ]
        for dimension, labels in DIMENSIONS.items()
    }
    call_rows = {
        dimension: [
            (str(labels[key]), *counts)
            for key, *counts in call_indicators.funnel(filters, dimension)
        ]
        for dimension, labels in DIMENSIONS.items()
    }
    by_type = services.research(filters, "type")
    by_country = services.research(filters, "country")

    type_names = research_labels.TYPE_LABELS
    research_rows = {
        "type": [(str(type_names.get(k, k)), n, d) for k, n, d in by_type],
        "country": [(country_name(k, language) or k, n, d) for k, n, d in by_country],
    }
    return render_template(
        "dashboard/index.html",
        filters=filters,
        figures=figures,
        breakdowns=breakdowns,
        charts=charts,
        research_rows=research_rows,
        event_rows=event_rows,
        call_rows=call_rows,
        talk_rows=network_talk.monthly(),
        network_types=network_people.by_type(),
        network_regions=network_people.by_region(),
        network_kinds=network_people.ORGANISATION_KINDS,
        titles=DIMENSION_TITLES,
        choices=_choices(),
        regions=REGIONS,
        sectors=SECTORS,
        genders=GENDERS,
        themes=THEMES,
        suppress_below=services.SUPPRESS_BELOW,
    ), 400 if filters.problems else 200


@bp.route("/<table>.csv")
def export(table: str):
    """One indicator table as CSV (UTF-8 with BOM); ``publication=1`` suppresses counts < 5."""
    if table not in TABLES:
        abort(404)
    filters = services.Filters.from_args(request.args)
    if filters.problems:
        abort(400)
    publication = request.args.get("publication") == "1"
    keep = services.suppress if publication else (lambda value: value)
    if table == "headline":
        figures = services.headline(filters)
        header = [_("Indicator"), _("Value")]
        rows = [[str(HEADLINE_LABELS[name]), keep(value)] for name, value in figures.items()]
    elif table.startswith("research-"):
        facet = table.removeprefix("research-")
        header = [str(FACET_COLUMNS[facet]), _("Outputs published"), _("Downloads")]
        language = current_language()
        names = {
            "type": lambda k: str(research_labels.TYPE_LABELS.get(k, k)),
            "country": lambda k: country_name(k, language) or k,
        }[facet]
        rows = [[names(k), keep(n), keep(d)] for k, n, d in services.research(filters, facet)]
    elif table.startswith("events-"):
        dimension = table.removeprefix("events-")
        labels = DIMENSIONS[dimension]
        header = [
            str(DIMENSION_COLUMNS[dimension]),
            _("Registered for events"),
            _("On the waitlist"),
            _("Attended in person"),
            _("Attended online"),
            _("Session attendances"),
            _("Certificates of attendance"),
        ]
        rows = [
            [str(labels[key]), *(keep(n) for n in counts)]
            for key, *counts in event_indicators.registrations(filters, dimension)
        ]
    else:
        labels = DIMENSIONS[table]
        header = [
            str(DIMENSION_COLUMNS[table]),
            _("Registered"),
            _("People enrolled"),
            _("Completions"),
        ]
        rows = [
            [str(labels[key]), keep(r), keep(e), keep(c)]
            for key, r, e, c in services.breakdown(filters, table)
        ]
    audit.record(
        "export.downloaded",
        target_type="dashboard",
        table=table,
        publication=publication,
        filters=filters.query_args(),
    )
    db.session.commit()
    name = f"puente-{table}{'-publication' if publication else ''}.csv"
    return Response(
        export_rows(header, rows),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
