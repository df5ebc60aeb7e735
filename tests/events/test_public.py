"""The public pages: the list with its filters and accent-insensitive search, an event's page
with its agenda by day (times in the event's zone and the reader's), schema.org JSON-LD, the
Atom and iCalendar feeds, and personal agendas as .ics; small pages that need no script."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import timedelta

from icalendar import Calendar

from learning.enrolment.services.calendars import new_calendar_token
from learning.events.services import registrations
from learning.platform.extensions import db
from tests.events.conftest import texts, wall

ATOM = "{http://www.w3.org/2005/Atom}"


def _titles(page: str) -> list[str]:
    return re.findall(r'<h2><a href="/events/\d+"[^>]*>([^<]+)</a>', page)


def test_the_list_filters_by_theme_country_kind_format_and_month(make_event, client_for):
    make_event(texts=texts("Foro de democracia", "Democracy forum"), countries=["GT"])
    make_event(
        texts=texts("Cine del clima", "Climate cinema"),
        kind="film",
        format="in-person",
        themes=["climate"],
        countries=["CR"],
        days=40,
    )
    make_event(texts=texts("Foro pasado", "Past forum"), days=-30)
    make_event(texts=texts("Borrador", "Draft"), status="draft")
    client = client_for(None)
    page = client.get("/events/")
    assert page.status_code == 200
    assert _titles(page.text) == ["Democracy forum", "Climate cinema"]
    assert _titles(client.get("/events/?when=past").text) == ["Past forum"]
    assert _titles(client.get("/events/?theme=climate").text) == ["Climate cinema"]
    assert _titles(client.get("/events/?country=gt").text) == ["Democracy forum"]
    assert _titles(client.get("/events/?kind=film").text) == ["Climate cinema"]
    assert _titles(client.get("/events/?format=hybrid").text) == ["Democracy forum"]
    month = (wall(40)).strftime("%Y-%m")
    assert "Climate cinema" in _titles(client.get(f"/events/?month={month}").text)
    bad = client.get("/events/?kind=rave&month=2026-13")
    assert bad.status_code == 400
    assert "not recognised" in bad.text
    assert len(_titles(bad.text)) == 2


def test_search_ignores_accents_and_finds_either_language(make_event, client_for):
    make_event(texts=texts("Participación política", "Political participation"))
    make_event(texts=texts("Economía circular", "Circular economy"))
    client = client_for(None, language="es")
    assert _titles(client.get("/events/?q=participacion").text) == ["Participación política"]
    assert _titles(client.get("/events/?q=POLÍTICA").text) == ["Participación política"]
    assert _titles(client.get("/events/?q=circular economy").text) == ["Economía circular"]
    empty = client.get("/events/?q=zzzz")
    assert "Ningún evento coincide" in empty.text


def test_event_page_shows_the_agenda_by_day_in_both_zones_with_speakers(
    make_event, add_session, client_for, make_user
):
    event = make_event(days=10)
    add_session(
        event,
        start=wall(10, 9),
        title=("Apertura", "Opening"),
        speakers="Ana Gómez — FLACSO",
        interpretation=["en", "sign"],
        room="Auditorio",
    )
    add_session(event, start=wall(11, 16), title=("Cierre", "Closing"))
    reader = make_user()
    reader.timezone = "Europe/Madrid"
    db.session.commit()
    page = client_for(reader, language="es").get(f"/events/{event.id}")
    assert page.status_code == 200
    html = page.text
    assert html.count("<h3>") == 2  # two days
    assert html.index("Apertura") < html.index("Cierre")
    assert "Ana Gómez" in html and "FLACSO" in html
    assert "Lengua de señas" in html and "Auditorio" in html
    assert "9:00–10:00" in html or "09:00–10:00" in html
    assert "su hora:" in html  # the reader's own zone beside the event's
    english = client_for(None).get(f"/events/{event.id}")
    assert "Opening" in english.text and "Sign language" in english.text


def test_event_page_describes_itself_as_a_schema_org_event_without_scripts(make_event, client_for):
    event = make_event(kind="film", format="hybrid")
    page = client_for(None).get(f"/events/{event.id}")
    html = page.text
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(block.group(1))
    assert data["@type"] == "ScreeningEvent"
    assert data["name"] == "Democracy forum"
    assert data["eventAttendanceMode"].endswith("MixedEventAttendanceMode")
    assert data["startDate"].startswith(event.starts_at.date().isoformat()[:4])
    assert "meet.example.org" not in block.group(1)  # the link is for registered people
    # Usable without JavaScript, and light enough for a slow phone connection.
    assert "<script src" not in html and "onclick" not in html
    assert len(page.data) <= 60 * 1024
    assert len(client_for(None).get("/events/").data) <= 60 * 1024


def test_the_feeds_list_upcoming_published_events(make_event, client_for):
    make_event(texts=texts("Próximo", "Upcoming one"))
    make_event(texts=texts("Pasado", "Past one"), days=-20)
    make_event(texts=texts("Borrador", "Draft one"), status="draft")
    client = client_for(None)
    atom = client.get("/events/feed.atom")
    assert atom.status_code == 200 and atom.mimetype == "application/atom+xml"
    root = ET.fromstring(atom.data)  # noqa: S314 - our own response
    assert [e.find(f"{ATOM}title").text for e in root.findall(f"{ATOM}entry")] == ["Upcoming one"]
    ics = client.get("/events/calendar.ics")
    assert ics.mimetype == "text/calendar"
    calendar = Calendar.from_ical(ics.data)
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["Upcoming one"]


def test_calendars_of_the_whole_agenda_and_of_starred_sessions(
    make_event, add_session, make_user, client_for
):
    event = make_event(days=10)
    opening = add_session(event, start=wall(10, 9), title=("Apertura", "Opening"))
    add_session(event, start=wall(10, 11), title=("Panel", "Panel"))
    closing = add_session(event, start=wall(11, 16), title=("Cierre", "Closing"))
    person = make_user()
    client = client_for(person)
    # Only people with a place may star sessions.
    refused = client.post(f"/events/{event.id}/sessions/{opening.id}/star", data={"on": "1"})
    assert refused.status_code == 400 and "not registered" in refused.text
    client.post(f"/events/{event.id}/register")
    for session in (opening, closing):
        answer = client.post(f"/events/{event.id}/sessions/{session.id}/star", data={"on": "1"})
        assert answer.status_code == 303
    page = client.get(f"/events/{event.id}")
    assert page.text.count("On your agenda: remove") == 2
    whole = Calendar.from_ical(client.get(f"/events/{event.id}/calendar.ics").data)
    assert len(whole.walk("VEVENT")) == 3
    mine = Calendar.from_ical(client.get(f"/events/{event.id}/my-agenda.ics").data)
    entries = mine.walk("VEVENT")
    assert [str(e["SUMMARY"]).split(" · ")[0] for e in entries] == ["Opening", "Closing"]
    assert entries[0].decoded("DTSTART") == opening.starts_at
    assert entries[0].decoded("DTEND") - entries[0].decoded("DTSTART") == timedelta(hours=1)
    client.post(f"/events/{event.id}/sessions/{closing.id}/star", data={"on": "0"})
    mine = Calendar.from_ical(client.get(f"/events/{event.id}/my-agenda.ics").data)
    assert len(mine.walk("VEVENT")) == 1
    # Someone else's agenda is their own: another person sees no stars of this one.
    other = client_for(make_user()).get(f"/events/{event.id}/my-agenda.ics")
    assert Calendar.from_ical(other.data).walk("VEVENT") == []
    # Withdrawing forgets the stars.
    registrations.withdraw(registrations.find(event.id, person.id))
    db.session.commit()
    mine = client.get(f"/events/{event.id}/my-agenda.ics")
    assert Calendar.from_ical(mine.data).walk("VEVENT") == []


def test_drafts_and_unknown_events_are_not_found(make_event, client_for):
    draft = make_event(status="draft")
    client = client_for("participant")
    for path in (f"/events/{draft.id}", f"/events/{draft.id}/calendar.ics", "/events/999999"):
        assert client.get(path).status_code == 404, path


def test_the_main_navigation_leads_to_the_events(client_for):
    page = client_for(None, language="es").get("/workshops/").text
    nav = page.split('class="main-nav"', 1)[1].split("</nav>", 1)[0]
    assert '<a href="/events/"' in nav and ">Eventos<" in nav
    events = client_for(None).get("/events/").text
    nav = events.split('class="main-nav"', 1)[1].split("</nav>", 1)[0]
    assert 'href="/events/" aria-current="page"' in nav


def test_the_private_calendar_feed_includes_the_events_of_the_person(
    make_event, add_session, make_user, client_for
):
    forum = make_event(texts=texts("Foro", "Forum"), days=10)
    opening = add_session(forum, start=wall(10, 9), title=("Apertura", "Opening"))
    add_session(forum, start=wall(10, 11), title=("Panel", "Panel"))
    film = make_event(texts=texts("Cine", "Film night"), days=12)
    left = make_event(texts=texts("Dejado", "Left one"), days=14)
    person = make_user()
    client = client_for(person)
    for event in (forum, film, left):
        client.post(f"/events/{event.id}/register")
    client.post(f"/events/{forum.id}/sessions/{opening.id}/star", data={"on": "1"})
    registrations.withdraw(registrations.find(left.id, person.id))
    token = new_calendar_token(person)
    db.session.commit()
    feed = client_for(None).get(f"/calendar/{token}.ics")
    assert feed.status_code == 200
    summaries = [str(e["SUMMARY"]) for e in Calendar.from_ical(feed.data).walk("VEVENT")]
    assert summaries == ["Opening · Forum", "Film night"]
