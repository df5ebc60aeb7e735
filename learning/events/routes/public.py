"""Public pages: the list of events (upcoming and past, filtered and searched), an event's
page with its agenda, and the feeds and calendars."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Response, request, url_for
from flask import render_template as render
from flask_babel import get_timezone
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from learning.enrolment.services.calendars import to_ics
from learning.events.blueprint import bp
from learning.events.forms import AttendForm
from learning.events.models import FORMATS, KINDS, Event, EventSession, EventSpeaker
from learning.events.routes.common import signed_in_only, visible_event
from learning.events.services import agenda, attendance, listing, registrations
from learning.events.services.calendars import event_entry, session_entries
from learning.events.services.common import EventError
from learning.events.structured import atom, jsonld
from learning.language.i18n import current_language, session_time
from learning.language.taxonomy import PROGRAMME_COUNTRIES, THEMES, country_name
from learning.platform import cache
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.platform.settings import programme
from learning.platform.slots import EVENT_PANELS, SPEAKER_PROFILES
from learning.storage.store import content_disposition
from learning.web.forms import ActionForm
from learning.web.pagination import paginate

LIST_PAGE = 12
# The online link appears this long before the start, for registered people only.
LINK_LEAD = timedelta(hours=1)


@bp.route("/")
def index():
    """Anyone: upcoming (or past) events, filtered and searched in every language."""
    filters = listing.Filters(
        q=(request.args.get("q") or "").strip()[:200],
        theme=request.args.get("theme") or "",
        country=(request.args.get("country") or "").upper()[:2],
        kind=request.args.get("kind") or "",
        format=request.args.get("format") or "",
        month=request.args.get("month") or "",
        when=request.args.get("when") or "upcoming",
    )
    bad = listing.invalid_filters(filters)
    zone = str(get_timezone())
    language = current_language()

    def results() -> dict[str, Any]:
        query = listing.events_query(filters, timezone=zone)
        return {
            "page": paginate(query, per_page=LIST_PAGE),
            "filters": filters,
            "bad_filters": bad,
            "themes": THEMES,
            "kinds": KINDS,
            "formats": FORMATS,
            "countries": {code: country_name(code, language) for code in PROGRAMME_COUNTRIES},
        }

    # The same for every reader of a language and time zone (where a month begins), made once
    # per change of the events and per minute (an event moves to the past when it ends).
    minute = utcnow().replace(second=0, microsecond=0)
    html = cache.rendered(
        ("events",),
        (minute, zone, *sorted(request.args.items(multi=True))),
        "events/_results.html",
        results,
    )
    return render("events/index.html", results=html, filters=filters), 400 if bad else 200


def _online_link(event: Event, registration: object) -> tuple[bool, str | None]:
    """(whether the event has a link for this reader at some point, the link if it is time)."""
    if not event.online_url or event.format == "in-person" or event.status != "published":
        return False, None
    if getattr(registration, "state", None) != "registered":
        return False, None
    now = utcnow()
    if event.starts_at - LINK_LEAD <= now < event.ends_at:
        return True, event.online_url
    return True, None


@bp.route("/<int:event_id>")
def detail(event_id: int):
    """Whoever may see the event: its texts, agenda by day, speakers, and how to register."""
    event = visible_event(event_id)
    mine = registrations.mine(current_user, event)
    sessions = list(
        db.session.scalars(
            db.select(EventSession)
            .where(EventSession.event_id == event.id)
            .order_by(EventSession.starts_at, EventSession.id)
            .options(
                selectinload(EventSession.speakers).selectinload(EventSpeaker.translations),
                selectinload(EventSession.speakers).selectinload(EventSpeaker.user),
            )
        )
    )
    problem = None
    try:
        registrations.check_window(event)
    except EventError as exc:
        problem = exc
    has_link, link = _online_link(event, mine)
    holds = mine is not None and mine.state == "registered"
    online = holds and attendance.takes_online(event) and attendance.is_running(event)
    url = url_for("events.detail", event_id=event.id, _external=True)
    language = current_language()
    return render(
        "events/detail.html",
        event=event,
        text=event.text(),
        days=agenda.by_day(event, sessions),
        mine=mine,
        rank=registrations.waitlist_rank(mine) if mine is not None else None,
        starred=agenda.starred_ids(current_user, event)
        if mine is not None and mine.state == "registered"
        else set(),
        places=registrations.places_left(event),
        problem=problem,
        has_link=has_link,
        link=link,
        reader_zone=str(get_timezone()),
        form=ActionForm(),
        attend_form=AttendForm(formdata=None) if online else None,
        present=attendance.presence(current_user, event) if online else None,
        jsonld=jsonld(event, url=url, language=language, organiser=programme().name),
        panels=[panel.render(event) for panel in EVENT_PANELS.fillings()],
        speaker_links=_speaker_links(sessions),
    )


def _speaker_links(sessions: list[EventSession]) -> dict[int, str]:
    """Links to the profiles of member speakers the reader may open (SPEAKER_PROFILES)."""
    members = [s.user for item in sessions for s in item.speakers if s.user is not None]
    provider = SPEAKER_PROFILES.get()
    return provider(current_user, members) if members and provider else {}


def _ics(body: bytes, filename: str) -> Response:
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = content_disposition(filename, False)
    response.headers["Cache-Control"] = "private, no-cache"
    return response


def _domain() -> str:
    return request.host.split(":")[0] or "puente.local"


@bp.route("/<int:event_id>/calendar.ics")
def calendar(event_id: int):
    """Whoever may see the event: its agenda (or the event itself when it has none)."""
    event = visible_event(event_id)
    language = current_language()
    url = url_for("events.detail", event_id=event.id, _external=True)
    entries = session_entries(event, event.sessions, language, url) or [
        event_entry(event, language, url)
    ]
    text = event.text(language)
    name = text.title if text else f"#{event.id}"
    return _ics(to_ics(entries, name=name, domain=_domain()), f"event-{event.id}.ics")


@bp.route("/<int:event_id>/my-agenda.ics")
def my_agenda(event_id: int):
    """Signed-in people: the sessions of the event they starred."""
    event = visible_event(event_id)
    signed_in_only()
    chosen = agenda.starred_ids(current_user, event)
    language = current_language()
    url = url_for("events.detail", event_id=event.id, _external=True)
    sessions = [s for s in event.sessions if s.id in chosen]
    text = event.text(language)
    name = _("My agenda: %(title)s", title=text.title if text else f"#{event.id}")
    body = to_ics(session_entries(event, sessions, language, url), name=name, domain=_domain())
    return _ics(body, f"event-{event.id}-my-agenda.ics")


@bp.route("/calendar.ics")
def upcoming_calendar():
    """Anyone: the upcoming published events as an iCalendar feed."""
    language = current_language()
    entries = [
        event_entry(e, language, url_for("events.detail", event_id=e.id, _external=True))
        for e in listing.upcoming()
    ]
    name = _("%(programme)s: events", programme=programme().name)
    return _ics(to_ics(entries, name=name, domain=_domain()), "events.ics")


@bp.route("/feed.atom")
def feed():
    """Anyone: the upcoming published events as an Atom feed."""
    language = current_language()
    body = atom(
        listing.upcoming(),
        title=_("%(programme)s: events", programme=programme().name),
        self_url=request.base_url,
        list_url=url_for("events.index", _external=True),
        language=language,
        link_for=lambda e: url_for("events.detail", event_id=e.id, _external=True),
        when_for=lambda e: session_time(e.starts_at, e.timezone),
        now=utcnow(),
    )
    return Response(body, mimetype="application/atom+xml")
