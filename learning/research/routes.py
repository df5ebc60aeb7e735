"""Research pages. Each route says who may use it; the service layer does the work."""

from __future__ import annotations

import logging

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_timezone
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from learning.language.i18n import current_language
from learning.language.taxonomy import REGIONS
from learning.platform import cache
from learning.platform.extensions import csrf, db, login_manager
from learning.platform.mail import MailError, send_mail
from learning.research import citations, feeds, oai, services
from learning.research.forms import ActionForm, CurationForm, FilesForm, WithdrawForm, deposit_form
from learning.research.labels import (
    ACCESS_LABELS,
    FACET_LABELS,
    LICENCE_LABELS,
    LICENCE_URLS,
    OUTPUT_LANGUAGES,
    STATE_LABELS,
    TYPE_LABELS,
)
from learning.research.models import ResearchOutput, ResearchVersion
from learning.storage import services as storage
from learning.storage.base import StorageUnavailable
from learning.storage.models import StoredFile
from learning.storage.routes import accepts_upload, commit_with_files, save_file
from learning.web.auth import roles_required
from learning.web.errors import render_error
from learning.web.pagination import paginate

log = logging.getLogger(__name__)

bp = Blueprint("research", __name__)

PROBLEMS = {
    "frozen": (
        409,
        _l(
            "This version is published, so its files and description cannot change. "
            "Start a new version of the output instead."
        ),
    ),
    "in_curation": (
        409,
        _l("This version is with the curators. Wait for their answer before changing it."),
    ),
    "own_deposit": (
        403,
        _l("You cannot approve your own deposit. Another curator has to review it."),
    ),
    "not_submitted": (409, _l("This version is not waiting for curation.")),
    "access_locked": (
        409,
        _l(
            "Who may download a published output cannot change with a new version. "
            "Write to the curators if it must change."
        ),
    ),
    "not_published": (409, _l("Only a published output can do this.")),
    "version_open": (
        409,
        _l("A new version is already being prepared. Finish or submit it first."),
    ),
    "no_files": (400, _l("Add at least one file before you submit the output.")),
    "too_many_files": (
        400,
        _l("A version can have at most %(n)s files.", n=services.MAX_FILES),
    ),
    "comment_required": (
        400,
        _l("Write a comment that tells the researcher what to change."),
    ),
    "reason_required": (400, _l("Give the reason for withdrawal.")),
    "embargo_past": (
        400,
        _l("The embargo must end after today. For files open now, choose Public."),
    ),
    "bad_orcid": (400, _l("An ORCID iD is not valid.")),
    "bad_doi": (400, _l("The DOI is not valid.")),
    "no_text": (400, _l("Give the title and abstract in at least one language.")),
    "no_creators": (400, _l("Name at least one creator.")),
    "no_such_file": (404, _l("This file is not part of this version.")),
}


def _problem(error: services.ResearchError) -> Response:
    db.session.rollback()
    status, message = PROBLEMS.get(error.code, (400, _l("This cannot be done.")))
    return render_error(status, str(message))


def _context() -> dict[str, object]:
    return {
        "TYPE_LABELS": TYPE_LABELS,
        "LICENCE_LABELS": LICENCE_LABELS,
        "LICENCE_URLS": LICENCE_URLS,
        "ACCESS_LABELS": ACCESS_LABELS,
        "STATE_LABELS": STATE_LABELS,
        "OUTPUT_LANGUAGES": OUTPUT_LANGUAGES,
        "REGIONS": REGIONS,
        "FACET_LABELS": FACET_LABELS,
        "is_curator": services.is_curator(current_user),
    }


bp.app_context_processor(lambda: {"research_labels": _context})


def _load(output_id: int) -> ResearchOutput:
    """The output if this person may see its page: 404 when not (drafts of others)."""
    output = services.get_output(output_id)
    if output is None or services.page_verdict(current_user, output) == storage.HIDE:
        abort(404)
    return output


def _managed(output_id: int) -> ResearchOutput:
    """The output if this person deposited it or curates: 404 if they may not see it, 403
    if they may see it but not change it."""
    output = _load(output_id)
    if not services.may_manage(current_user, output):
        abort(403)
    return output


def _version(output: ResearchOutput, number: int) -> ResearchVersion:
    version = output.version(number)
    if version is None:
        abort(404)
    if version.state != "published" and not services.may_manage(current_user, output):
        abort(404)
    return version


def _client() -> tuple[str, str | None]:
    return request.remote_addr or "", request.headers.get("User-Agent")


def _mail(to: str, template: str, language: str, **context: object) -> None:
    try:
        send_mail(to, template, language=language, **context)
    except MailError as exc:
        # The step itself succeeded; a mail server outage must not undo it.
        log.warning("research mail %s to %s not sent: %s", template, to, exc)


# Discovery ---------------------------------------------------------------------------------


@bp.route("/research/")
def search():
    """Anyone: find published outputs by words and facets."""
    q = (request.args.get("q") or "").strip()[:200]
    sort = "date" if request.args.get("sort") == "date" else "relevance"
    filters = {
        name: request.args.get(name, "")[:200] for name in services.FACETS if request.args.get(name)
    }
    member = current_user.is_authenticated

    def context() -> dict[str, object]:
        result = services.search_outputs(q, filters, sort=sort, member=member)
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


def _facts(output_id: int) -> services.OutputFacts:
    """``_load`` from kept facts: 404 when this person may not see the page."""
    facts = services.output_facts(output_id, current_language())
    if facts is None or services.page_verdict(current_user, facts) == storage.HIDE:
        abort(404)
    return facts


@bp.route("/research/<int:output_id>")
def detail(output_id: int):
    """Anyone for published outputs (network-only: members); the depositor and curators for
    the rest. Withdrawn outputs leave a tombstone."""
    facts = _facts(output_id)
    if services.page_verdict(current_user, facts) == storage.LOGIN:
        return login_manager.unauthorized()
    manager = services.may_manage(current_user, facts)
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
    if services.page_verdict(current_user, facts) == storage.LOGIN:
        return login_manager.unauthorized()
    manager = services.may_manage(current_user, facts)
    if facts.state == "withdrawn" and not manager:
        return render_template("research/tombstone.html", output=facts.load()), 410
    version = facts.version(number)
    if version is None or (version.state != "published" and not manager):
        abort(404)
    return _landing(facts, version)


def _landing(facts: services.OutputFacts, version: services.VersionFacts) -> str:
    if facts.state == "published" and version.state == "published":
        address, agent = _client()
        if services.record_hit("view", facts, address=address, user_agent=agent, target=facts.id):
            db.session.commit()
    language = current_language()
    today = services.programme_today()
    verdict = services.file_verdict(current_user, facts, version, today)
    embargoed = services.embargoed(facts, today)
    manager = services.may_manage(current_user, facts)

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
            "workshops": services.workshops_using(output),
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
    return render_template("research/detail.html", text=version.text, head=head, body=body)


# Files and citations -----------------------------------------------------------------------


@bp.route("/research/<int:output_id>/files/<int:file_id>/<path:name>")
def download(output_id: int, file_id: int, name: str):
    """Whoever the output's access allows: check, count (no robots, no repeats), deliver."""
    output = _load(output_id)
    today = services.programme_today()
    order = [storage.ALLOW, storage.LOGIN, storage.DENY, storage.HIDE]
    verdicts = [
        services.file_verdict(current_user, output, v, today)
        for v in output.versions
        if any(link.file_id == file_id for link in v.file_links)
    ]
    verdict = min(verdicts, key=order.index) if verdicts else storage.HIDE
    row = db.session.get(StoredFile, file_id)
    if row is None or not row.is_available or verdict == storage.HIDE:
        abort(404)
    if verdict == storage.LOGIN:
        return login_manager.unauthorized()
    if verdict == storage.DENY:
        if output.state == "withdrawn":
            return render_error(
                403, _("This output has been withdrawn; its files are no longer available.")
            )
        return render_error(
            403,
            _(
                "The files of this output are under embargo until %(date)s. "
                "The description is available now.",
                date=_date(output.embargo_until),
            ),
        )
    address, agent = _client()
    if output.state == "published" and services.record_hit(
        "download", output, address=address, user_agent=agent, target=file_id
    ):
        storage.count_download(row)
    db.session.commit()
    try:
        return storage.download(row, inline=request.args.get("inline") == "1")
    except StorageUnavailable:
        abort(503)


def _date(value: object) -> str:
    from flask_babel import format_date

    return format_date(value, "long") if value else ""


@bp.route("/research/<int:output_id>/v/<int:number>/cite.<any(bib, ris):fmt>")
def cite(output_id: int, number: int, fmt: str):
    """Whoever may see the version: its BibTeX or RIS record."""
    output = _load(output_id)
    if services.page_verdict(current_user, output) == storage.LOGIN:
        return login_manager.unauthorized()
    if output.state == "withdrawn" and not services.may_manage(current_user, output):
        # Like its pages: a withdrawn output is cited by its tombstone, not as if it stood.
        return render_template("research/tombstone.html", output=output), 410
    version = _version(output, number)
    url = url_for("research.version_detail", output_id=output.id, number=number, _external=True)
    language = current_language()
    if fmt == "bib":
        body = citations.bibtex(output, version, url=url, language=language)
        mimetype = "application/x-bibtex"
    else:
        body = citations.ris(output, version, url=url, language=language)
        mimetype = "application/x-research-info-systems"
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{citations.cite_key(output, version)}.{fmt}"'
    )
    return response


# Deposit and versions ----------------------------------------------------------------------


def _upload_all() -> tuple[list[StoredFile], str | None, int]:
    """Store every uploaded file row first; on any refusal remove those already stored."""
    uploads = [f for f in request.files.getlist("files") if f and f.filename]
    rows: list[StoredFile] = []
    for upload in uploads:
        row, error, status = save_file(
            upload, kind="research", allowed=services.RESEARCH_EXTENSIONS
        )
        if row is None:
            storage.discard_after_failed_commit(rows)
            return [], f"{upload.filename}: {error}", status
        rows.append(row)
    return rows, None, 200


@bp.route("/research/new", methods=["GET", "POST"])
@accepts_upload("research")
@roles_required("researcher")
def deposit():
    """Researchers (and administrators): deposit a new output as a draft."""
    form = deposit_form(with_files=True)
    if request.method == "GET":
        form.organisation.data = current_user.organisation or ""
        form.languages.data = [current_language()]
    error = None
    status = 200
    if form.validate_on_submit():
        rows, error, status = _upload_all()
        if error is None:
            try:
                output = services.create_output(
                    current_user._get_current_object(),
                    form.version_data(),
                    access=form.access.data,
                    embargo_until=form.embargo_until.data,
                    files=rows,
                    today=services.programme_today(),
                )
            except services.ResearchError as exc:
                storage.discard_after_failed_commit(rows)
                return _problem(exc)
            commit_with_files(*rows)
            flash(_("Your draft is saved. Check it, then submit it to the curators."), "success")
            return redirect(url_for("research.detail", output_id=output.id))
    elif form.errors:
        status = 400
    return render_template(
        "research/deposit.html", form=form, error=error, output=None, version=None
    ), status


@bp.route("/research/<int:output_id>/v/<int:number>/edit", methods=["GET", "POST"])
@login_required
def edit(output_id: int, number: int):
    """The depositor (and curators): change an unpublished version's description."""
    output = _managed(output_id)
    version = _version(output, number)
    if version.frozen:
        return _problem(services.ResearchError("frozen"))
    form = deposit_form(with_files=False)
    if request.method == "GET":
        form.fill_from(version)
    if form.validate_on_submit():
        try:
            services.update_version(
                version,
                form.version_data(),
                access=form.access.data,
                embargo_until=form.embargo_until.data,
                today=services.programme_today(),
            )
        except services.ResearchError as exc:
            return _problem(exc)
        db.session.commit()
        flash(_("The changes are saved."), "success")
        return redirect(url_for("research.version_detail", output_id=output.id, number=number))
    return render_template(
        "research/deposit.html", form=form, error=None, output=output, version=version
    ), 400 if form.errors else 200


@bp.route("/research/<int:output_id>/v/<int:number>/files", methods=["POST"])
@accepts_upload("research")
@login_required
def add_files(output_id: int, number: int):
    """The depositor (and curators): add files to an unpublished version."""
    output = _managed(output_id)
    version = _version(output, number)
    form = FilesForm()
    if not form.validate_on_submit():
        abort(400)
    if version.frozen or version.state == "submitted":
        return _problem(services.ResearchError("frozen" if version.frozen else "in_curation"))
    rows, error, status = _upload_all()
    if error is not None:
        return render_error(status if status in (400, 413, 503) else 400, error)
    if not rows:
        return render_error(400, _("Choose a file to upload."))
    try:
        services.add_files(version, rows)
    except services.ResearchError as exc:
        storage.discard_after_failed_commit(rows)
        return _problem(exc)
    commit_with_files(*rows)
    flash(_("The files were added."), "success")
    return redirect(url_for("research.version_detail", output_id=output.id, number=number))


@bp.route("/research/<int:output_id>/v/<int:number>/files/<int:file_id>/remove", methods=["POST"])
@login_required
def remove_file(output_id: int, number: int, file_id: int):
    """The depositor (and curators): take a file out of an unpublished version."""
    output = _managed(output_id)
    version = _version(output, number)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        services.remove_file(version, file_id)
    except services.ResearchError as exc:
        return _problem(exc)
    db.session.commit()
    flash(_("The file was removed from this version."), "success")
    return redirect(url_for("research.version_detail", output_id=output.id, number=number))


@bp.route("/research/<int:output_id>/versions", methods=["POST"])
@login_required
def new_version(output_id: int):
    """The depositor (and curators): start a new version of a published output."""
    output = _managed(output_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        version = services.new_version(output, current_user._get_current_object())
    except services.ResearchError as exc:
        return _problem(exc)
    db.session.commit()
    flash(
        _(
            "Version %(n)s is a draft: change the files or description, then submit it.",
            n=version.number,
        ),
        "success",
    )
    return redirect(url_for("research.version_detail", output_id=output.id, number=version.number))


@bp.route("/research/<int:output_id>/v/<int:number>/submit", methods=["POST"])
@login_required
def submit(output_id: int, number: int):
    """The depositor: send a draft or returned version to the curators."""
    output = _managed(output_id)
    version = _version(output, number)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        services.submit(version)
    except services.ResearchError as exc:
        return _problem(exc)
    link = url_for("research.curate", output_id=output.id, number=number, _external=True)
    for curator in services.curators():
        if curator.id != output.owner_id:
            _mail(
                curator.email,
                "research_submitted",
                curator.preferred_language,
                user=curator,
                output=output,
                version=version,
                title=version.text_for(curator.preferred_language).title,
                link=link,
            )
    db.session.commit()
    flash(_("Submitted. The curators will review it and you will get an e-mail."), "success")
    return redirect(url_for("research.version_detail", output_id=output.id, number=number))


@bp.route("/research/mine")
@roles_required("researcher")
def mine():
    """Researchers: their own outputs and where each is."""
    page = paginate(services.outputs_of(current_user._get_current_object()))
    return render_template("research/mine.html", page=page, language=current_language())


# Curation ----------------------------------------------------------------------------------


@bp.route("/research/curation")
@roles_required("curator")
def curation():
    """Curators (and administrators): versions waiting for review."""
    page = paginate(services.curation_queue())
    return render_template("research/curation.html", page=page, language=current_language())


@bp.route("/research/<int:output_id>/v/<int:number>/curate", methods=["GET", "POST"])
@roles_required("curator")
def curate(output_id: int, number: int):
    """Curators: publish a submitted version or return it with a comment."""
    output = _load(output_id)
    version = _version(output, number)
    form = CurationForm()
    if form.validate_on_submit():
        curator = current_user._get_current_object()
        owner = output.owner
        try:
            if form.approve.data:
                services.approve(version, curator)
                template = "research_published"
                message = _("Published. The researcher has been told.")
            else:
                services.return_to_researcher(version, curator, form.comment.data or "")
                template = "research_returned"
                message = _("Returned to the researcher with your comment.")
        except services.ResearchError as exc:
            return _problem(exc)
        _mail(
            owner.email,
            template,
            owner.preferred_language,
            user=owner,
            output=output,
            version=version,
            title=version.text_for(owner.preferred_language).title,
            comment=version.curator_comment,
            link=url_for(
                "research.version_detail", output_id=output.id, number=number, _external=True
            ),
        )
        db.session.commit()
        flash(message, "success")
        return redirect(url_for("research.curation"))
    return render_template(
        "research/curate.html",
        form=form,
        output=output,
        version=version,
        language=current_language(),
        own=output.owner_id == current_user.id,
    ), 400 if form.errors else 200


@bp.route("/research/<int:output_id>/withdraw", methods=["GET", "POST"])
@roles_required("curator")
def withdraw(output_id: int):
    """Curators: withdraw a published output, leaving a tombstone with the reason."""
    output = _load(output_id)
    form = WithdrawForm()
    if form.validate_on_submit():
        try:
            services.withdraw(output, form.reason.data)
        except services.ResearchError as exc:
            return _problem(exc)
        owner = output.owner
        _mail(
            owner.email,
            "research_withdrawn",
            owner.preferred_language,
            user=owner,
            output=output,
            title=output.latest.text_for(owner.preferred_language).title if output.latest else "",
            reason=output.withdrawn_reason,
            link=url_for("research.detail", output_id=output.id, _external=True),
        )
        db.session.commit()
        flash(_("The output has been withdrawn. Its page now shows the reason."), "success")
        return redirect(url_for("research.detail", output_id=output.id))
    return render_template(
        "research/withdraw.html", form=form, output=output, language=current_language()
    ), 400 if form.errors else 200


# Harvesting ---------------------------------------------------------------------------------

bp.add_url_rule("/oai", "oai", csrf.exempt(oai.endpoint), methods=["GET", "POST"])
bp.add_url_rule("/research/feed.atom", "feed", feeds.feed)
bp.add_url_rule("/research/feed/<theme>.atom", "theme_feed", feeds.feed)
