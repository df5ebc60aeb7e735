"""Atom feeds of newly published outputs: all of them, and one per theme."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime

from flask import Response, abort, request, url_for
from sqlalchemy.orm import selectinload

from learning.language.i18n import current_language
from learning.language.taxonomy import THEMES
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.platform.settings import programme
from learning.research.models import ResearchFacet, ResearchOutput
from learning.research.services.index import harvestable

ATOM = "http://www.w3.org/2005/Atom"
FEED_SIZE = 50


def _stamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def feed(theme: str | None = None) -> Response:
    """Anyone: the newest published outputs (public and embargoed) as Atom."""
    if theme is not None and theme not in THEMES:
        abort(404)
    query = (
        harvestable()
        .where(ResearchOutput.state == "published")
        .order_by(ResearchOutput.published_at.desc(), ResearchOutput.id.desc())
        .limit(FEED_SIZE)
        .options(selectinload(ResearchOutput.versions))
    )
    if theme is not None:
        query = query.where(
            ResearchOutput.id.in_(
                db.select(ResearchFacet.output_id).where(
                    ResearchFacet.facet == "theme", ResearchFacet.value == theme
                )
            )
        )
    outputs = list(db.session.scalars(query))
    language = current_language()
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed")
    root.set("{http://www.w3.org/XML/1998/namespace}lang", language)

    def add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    name = programme().name
    title = f"{name}: {THEMES[theme]}" if theme else name
    add(root, "title", title)
    add(root, "id", request.base_url)
    add(root, "link", rel="self", href=request.base_url)
    add(root, "link", rel="alternate", href=url_for("research.search", _external=True))
    updated = max((o.datestamp for o in outputs), default=utcnow())
    add(root, "updated", _stamp(updated))
    for output in outputs:
        version = output.latest
        if version is None:
            continue
        text = version.text_for(language)
        link = url_for("research.detail", output_id=output.id, _external=True)
        entry = add(root, "entry")
        add(entry, "title", text.title).set(
            "{http://www.w3.org/XML/1998/namespace}lang", text.language
        )
        add(entry, "id", link)
        add(entry, "link", rel="alternate", href=link)
        add(entry, "published", _stamp(output.published_at or output.datestamp))
        add(entry, "updated", _stamp(output.datestamp))
        for creator in version.creators:
            add(add(entry, "author"), "name", creator.name)
        summary = add(entry, "summary", text.abstract)
        summary.set("{http://www.w3.org/XML/1998/namespace}lang", text.language)
        for key in version.themes:
            if key in THEMES:
                add(entry, "category", term=key, label=str(THEMES[key]))
    body = '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode")
    return Response(body, mimetype="application/atom+xml")
