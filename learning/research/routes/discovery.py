"""Discovery: searching published outputs by words and facets, and an output's landing page
(its latest version, or one version: each version is citable)."""

from __future__ import annotations

from flask import abort, render_template, request, url_for
from flask_babel import get_timezone
from flask_login import current_user

from learning.language.i18n import current_language
from learning.platform import cache
from learning.platform.extensions import db, login_manager
from learning.platform.slots import OUTPUT_PANELS
from learning.research import citations
from learning.research.blueprint import bp
from learning.research.messages import LICENCE_URLS
from learning.research.routes.common import visitor
from learning.research.services import access, counting, index
from learning.research.services.common import FACETS, programme_today
from learning.research.services.workshops import workshops_using
from learning.storage import services as storage
from learning.web.forms import ActionForm
from learning.web.pagination import paginate


@bp.route("/research/")
def search():
    """Anyone: find published outputs by words and facets."""
    q = (request.args.get("q") or "").strip()[:200]
    sort = "date" if request.args.get("sort") == "date" else "relevance"
    filters = {name: request.args.get(name, "")[:200] for name in FACETS if request.args.get(name)}
    member = current_user.is_authenticated

    def context() -> dict[str, object]:
        result = index.search_outputs(q, filters, sort=sort, member=member)
        return {
            "page": paginate(result.query, per_page=20),
            "q": q,
            "sort": sort,
            "filters": filters,
            "facets": result.facets,
            "language": current_language(),
        }

    # The same for every visitor (or every member) of a language: made once per change.
    results = cache.rendered(
        ("research",),
        (member, *sorted(request.args.items(multi=True))),
        "research/_search_results.html",
        context,
    )
    return render_template("research/search.html", results=results)


def _facts(output_id: int) -> access.OutputFacts:
    """``visible_output`` from kept facts: 404 when this person may not see the page."""
    facts = access.output_facts(output_id, current_language())
    if facts is None or access.page_verdict(current_user, facts) == storage.HIDE:
        abort(404)
    return facts


@bp.route("/research/<int:output_id>")
def detail(output_id: int):
    """Anyone for published outputs (network-only: members); the depositor and curators for
    the rest. Withdrawn outputs leave a tombstone."""
    facts = _facts(output_id)
    if access.page_verdict(current_user, facts) == storage.LOGIN:
        return login_manager.unauthorized()
    manager = access.may_manage(current_user, facts)
    if facts.state == "withdrawn" and not manager:
        return render_template("research/tombstone.html", output=facts.load()), 410
    version = facts.latest or (facts.newest if manager else None)
    if version is None:
        abort(404)
    return _landing(facts, version)


@bp.route("/research/<int:output_id>/v/<int:number>")
def version_detail(output_id: int, number: int):
    """Like ``detail``, for one version (each version is citable)."""
    facts = _facts(output_id)
    if access.page_verdict(current_user, facts) == storage.LOGIN:
        return login_manager.unauthorized()
    manager = access.may_manage(current_user, facts)
    if facts.state == "withdrawn" and not manager:
        return render_template("research/tombstone.html", output=facts.load()), 410
    version = facts.version(number)
    if version is None or (version.state != "published" and not manager):
        abort(404)
    return _landing(facts, version)


def _landing(facts: access.OutputFacts, version: access.VersionFacts) -> str:
    if facts.state == "published" and version.state == "published":
        address, agent = visitor()
        if counting.record_hit("view", facts, address=address, user_agent=agent, target=facts.id):
            db.session.commit()
    language = current_language()
    today = programme_today()
    verdict = access.file_verdict(current_user, facts, version, today)
    embargoed = access.embargoed(facts, today)
    manager = access.may_manage(current_user, facts)

    def context() -> dict[str, object]:
        output = facts.load()  # after the count: the depositor's page shows it at once
        full = output.version(version.number)
        url = url_for(
            "research.version_detail", output_id=output.id, number=version.number, _external=True
        )
        licence = LICENCE_URLS.get(full.licence)
        return {
            "output": output,
            "version": full,
            "text": full.text_for(language),
            "language": language,
            "verdict": verdict,
            "embargoed": embargoed,
            "manager": manager,
            "apa": citations.apa(full, url=url, language=language),
            "jsonld": citations.jsonld(full, url=url, language=language, licence_url=licence),
            "version_url": url,
            "workshops": workshops_using(output),
            "action_form": ActionForm(),
        }

    # Readers who do not manage the output all see the same page for what they may download:
    # made once per change (view and download counts refresh within CACHE_SECONDS).
    key = (facts.id, version.number, verdict, embargoed, str(get_timezone()))
    kinds = ("research", "workshops")  # "used in workshops" lists workshop titles
    made: dict[str, object] = {}

    def once() -> dict[str, object]:
        if not made:
            made.update(context())
        return made

    head = cache.rendered(kinds, key, "research/_landing_head.html", once, keep=not manager)
    body = cache.rendered(kinds, key, "research/_landing_body.html", once, keep=not manager)
    panels = [panel.render(facts.id) for panel in OUTPUT_PANELS.fillings()]
    return render_template(
        "research/detail.html", text=version.text, head=head, body=body, panels=panels
    )
