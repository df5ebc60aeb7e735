"""What machines read about events: schema.org ``Event`` for the event page (a JSON-LD data
block, which Content-Security-Policy lets through as it runs nothing) and the Atom feed of
upcoming events."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from typing import Any

from learning.events.models import Event

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_ATTENDANCE = {
    "in-person": "https://schema.org/OfflineEventAttendanceMode",
    "online": "https://schema.org/OnlineEventAttendanceMode",
    "hybrid": "https://schema.org/MixedEventAttendanceMode",
}
_STATUS = {
    "published": "https://schema.org/EventScheduled",
    "archived": "https://schema.org/EventScheduled",
    "cancelled": "https://schema.org/EventCancelled",
}
_TYPE = {"film": "ScreeningEvent", "book": "LiteraryEvent", "exhibition": "ExhibitionEvent",
         "concert": "MusicEvent"}  # fmt: skip


def jsonld(event: Event, *, url: str, language: str, organiser: str) -> dict[str, Any]:
    """schema.org description of ``event`` in ``language`` (or its fallback)."""
    text = event.text(language)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": _TYPE.get(event.kind, "Event"),
        "name": text.title if text else "",
        "description": text.summary if text else "",
        "inLanguage": text.language if text else language,
        "startDate": event.starts_at.isoformat(),
        "endDate": event.ends_at.isoformat(),
        "eventStatus": _STATUS.get(event.status, "https://schema.org/EventScheduled"),
        "eventAttendanceMode": _ATTENDANCE[event.format],
        "url": url,
        "organizer": {"@type": "Organization", "name": organiser},
    }
    places: list[dict[str, Any]] = []
    if event.format != "online" and event.venue:
        places.append({"@type": "Place", "name": event.venue, "address": event.address or ""})
    if event.format != "in-person":
        # The link itself is for registered people only: the page stands for it.
        places.append({"@type": "VirtualLocation", "url": url})
    if places:
        data["location"] = places[0] if len(places) == 1 else places
    return data


def _stamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def atom(
    events: list[Event],
    *,
    title: str,
    self_url: str,
    list_url: str,
    language: str,
    link_for: Any,
    when_for: Any,
    now: datetime,
) -> str:
    """An Atom feed of ``events``: ``link_for(event)`` gives each page's address and
    ``when_for(event)`` the date line of its summary."""
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed")
    root.set(XML_LANG, language)

    def add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    add(root, "title", title)
    add(root, "id", self_url)
    add(root, "link", rel="self", href=self_url)
    add(root, "link", rel="alternate", href=list_url)
    add(root, "updated", _stamp(max((e.updated_at for e in events), default=now)))
    for event in events:
        text = event.text(language)
        link = link_for(event)
        entry = add(root, "entry")
        add(entry, "title", text.title if text else "").set(
            XML_LANG, text.language if text else language
        )
        add(entry, "id", link)
        add(entry, "link", rel="alternate", href=link)
        add(entry, "published", _stamp(event.published_at or event.created_at))
        add(entry, "updated", _stamp(event.updated_at))
        summary = f"{when_for(event)}. {text.summary if text else ''}".strip()
        add(entry, "summary", summary).set(XML_LANG, text.language if text else language)
        for key in event.themes:
            add(entry, "category", term=key)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode")
