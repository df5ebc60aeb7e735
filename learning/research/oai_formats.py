"""The oai_dc metadata format of the OAI-PMH data provider (learning/research/oai.py): its
namespaces, the English names of the sets and types, and the Dublin Core record of a version."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from flask import url_for

from learning.language.taxonomy import REGIONS
from learning.research.messages import LICENCE_URLS
from learning.research.models import ResearchOutput, ResearchVersion

OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# English names for the sets and types: OAI-PMH has one setName per set.
TYPE_NAMES = {
    "policy_brief": "Policy brief",
    "working_paper": "Working paper",
    "research_report": "Research report",
    "journal_article": "Journal article",
    "book_chapter": "Book chapter",
    "dataset": "Dataset",
    "presentation": "Presentation",
    "other": "Other",
}
THEME_NAMES = {
    "democracy": "Democracy and governance",
    "digital": "Digital transformation (EU-LAC Digital Alliance)",
    "climate": "Climate and environment",
    "growth": "Inclusive growth",
}
DC_TYPES = {
    "policy_brief": "Text",
    "working_paper": "Text",
    "research_report": "Text",
    "journal_article": "Text",
    "book_chapter": "Text",
    "dataset": "Dataset",
    "presentation": "Text",
    "other": "Text",
}


def element(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    """A child ``tag`` of ``parent`` with ``text`` and the attributes that are not None."""
    child = ET.SubElement(parent, tag, {k: v for k, v in attrs.items() if v is not None})
    if text is not None:
        child.text = text
    return child


def dublin_core(parent: ET.Element, output: ResearchOutput, version: ResearchVersion) -> None:
    """The oai_dc record of ``version`` of ``output`` under ``parent``."""
    dc = element(parent, f"{{{OAI_DC}}}dc")
    dc.set(f"{{{XSI}}}schemaLocation", f"{OAI_DC} http://www.openarchives.org/OAI/2.0/oai_dc.xsd")

    def add(tag: str, text: str, lang: str | None = None) -> None:
        added = element(dc, f"{{{DC}}}{tag}", text)
        if lang:
            added.set(XML_LANG, lang)

    texts = sorted(version.texts, key=lambda t: t.language)
    for text in texts:
        add("title", text.title, text.language)
    for creator in version.creators:
        add("creator", creator.name)
    for keyword in version.keywords:
        add("subject", keyword)
    for theme in version.themes:
        if theme in THEME_NAMES:
            add("subject", THEME_NAMES[theme], "en")
    for text in texts:
        add("description", text.abstract, text.language)
    add("publisher", version.organisation)
    add("date", version.publication_date.isoformat())
    add("type", DC_TYPES[version.output_type])
    add("type", TYPE_NAMES[version.output_type], "en")
    for file in version.files:
        add("format", file.content_type)
    add("identifier", url_for("research.detail", output_id=output.id, _external=True))
    if version.doi:
        add("identifier", f"https://doi.org/{version.doi}")
    for language in version.languages:
        add("language", language)
    for country in version.countries:
        if country in REGIONS:
            add("coverage", country)
    add("rights", LICENCE_URLS.get(version.licence, "All rights reserved"))
    if output.access == "embargoed" and output.embargo_until:
        add("rights", f"info:eu-repo/date/embargoEnd/{output.embargo_until.isoformat()}")
