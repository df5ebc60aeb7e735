"""Research outputs: published ones (network-only ones for callers with a token), and their
files, which never leave while an embargo lasts."""

from __future__ import annotations

from flask import abort, g
from flask_babel import lazy_gettext as _l

from learning.api.blueprint import operation
from learning.api.problems import Problem
from learning.api.respond import body_response, kept, page_data, page_response, paging
from learning.api.services import research
from learning.language.i18n import current_language
from learning.platform.extensions import db
from learning.research.models import ResearchOutput
from learning.storage import services as storage
from learning.storage.base import StorageUnavailable
from learning.storage.models import StoredFile

# Kept answers follow the research library. An embargo that lifts at midnight shows within the
# store's lifetime (CACHE_SECONDS): a kept answer may offer a file late, never early, and the
# download itself checks the embargo on every request.
RESEARCH = ("research",)
EMBARGOED = _l("The files of this output are under embargo; the description is available now.")


@operation(
    "/research",
    operation_id="list_research",
    summary=_l("Published research outputs"),
    tag="research",
    response="ResearchOutputPage",
    query=("after", "limit"),
    paged=True,
)
def list_research():
    """Anyone: published outputs by id (network-only ones need a token)."""
    after, limit = paging()

    def make() -> dict:
        query = research.outputs_query(g.api_token is not None)
        rows, more = research_page(query, after, limit)
        language = current_language()
        items = [research.output_data(row, language) for row in rows]
        return page_data(items, more, rows[-1].id if rows else None, limit)

    return page_response(kept(RESEARCH, make))


def research_page(query, after: int, limit: int):  # noqa: ANN001, ANN201 - a keyset page
    rows = list(
        db.session.scalars(
            query.where(ResearchOutput.id > after).order_by(ResearchOutput.id).limit(limit + 1)
        ).unique()
    )
    return rows[:limit], len(rows) > limit


@operation(
    "/research/<int:output_id>",
    operation_id="get_research_output",
    summary=_l("One published research output with its files"),
    tag="research",
    response="ResearchOutput",
)
def get_research_output(output_id: int):
    """Anyone: a published output; drafts, withdrawn and network-only ones without a token
    are a 404."""

    def make() -> dict | None:
        row = research.output(output_id, g.api_token is not None)
        return None if row is None else research.output_data(row, current_language())

    body = kept(RESEARCH, make)
    if body == "null":
        abort(404)
    return body_response(body)


@operation(
    "/research/<int:output_id>/files/<int:file_id>",
    operation_id="download_research_file",
    summary=_l("Download a file of a published research output"),
    tag="research",
    response=None,
    media="*/*",
    errors=(503,),
    conditional=False,
)
def download_research_file(output_id: int, file_id: int):
    """Anyone who may see the output: the file (a stream, or a redirect to the store); an
    embargoed file is a 403, whoever asks."""
    row = research.output(output_id, g.api_token is not None)
    if row is None:
        abort(404)
    verdict = research.file_allowed(row, file_id)
    stored = db.session.get(StoredFile, file_id)
    if verdict == "missing" or stored is None or not stored.is_available:
        abort(404)
    if verdict == "embargoed":
        raise Problem(403, EMBARGOED)
    try:
        return storage.download(stored)
    except StorageUnavailable:
        abort(503)
