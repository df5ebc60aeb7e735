"""Query budgets: each page that matters issues a fixed number of SQL statements, the same with
the seeded programme at size xs and at size s (ten times the people and workshops), so no page
runs a query per row it lists."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select, text

from learning.accounts.models import User, UserRole
from learning.calls.models import Call, CallApplication, CallPlacement
from learning.demo import seed
from learning.events.models import EventCertificate, EventRegistration
from learning.jobs.models import Job
from learning.network.models import Organisation
from learning.network.talk_models import Thread
from learning.platform.extensions import db
from learning.research.models import ResearchOutput
from learning.webhooks.models import WebhookDelivery, WebhookEndpoint
from learning.workshops.models import (
    Edition,
    Enrolment,
    Lesson,
    Module,
    Workshop,
    workshop_trainers,
)
from tests.conftest import sign_in_as
from tests.support.queries import count_statements

# Statements per page (session user, locale, settings, the page's own queries). A change that
# raises one must say why; one that makes it depend on the data fails the size comparison.
BUDGETS = {
    "home": 28,  # featured workshops, upcoming events, recent research, where to continue
    "catalogue": 9,
    "catalogue search": 9,
    "workshop page": 26,
    "lesson page": 20,  # made cold: the heading reads the module text apart from the curriculum
    "my learning": 22,
    "research search": 11,
    "research landing": 18,  # + its discussion: the output's state, counts, threads, following
    # + the event it was deposited from, if any
    "trainer roster": 12,
    "completion report": 25,
    "job page": 8,
    "admin jobs": 9,
    "webhooks": 6,  # the endpoints with their owners
    "webhook log": 7,  # the endpoint, one page of its deliveries
    "event list": 7,
    "event page": 19,  # the reader's place, waitlist rank, stars and the agenda's parts
    # (speakers with their bios);
    # + after the event: the reader's certificate, survey answer and attendance, materials
    # + its discussion: counts, latest threads, following
    "discussion thread": 11,  # the thread, its subject, one page of posts with their authors
    "event check-in": 14,  # registered people matching the search, with the day's attendance;
    # + the day's sessions with their texts and the attendance per session
    "event registrations": 14,  # everyone with their person, the counts, questions, answers
    "event questions": 10,  # the questions with their labels, how many answered each
    "event certificates": 14,  # the rule, attendees' tallies and holders, the certificates
    "certificate of attendance": 9,  # the certificate with its holder and event texts
    "event materials": 11,  # the event's materials with their files, the sessions
    "event registration": 14,  # the person's registration, its event, answers, session places
    "event survey results": 10,  # the answers per rating and, from five answers, comments
    "api workshops": 8,  # a page of workshops with editions, texts and tags (no session read)
    "api events": 7,  # a page of public events with texts and tags (no session read)
    "api calls": 4,  # a page of public calls with their texts and rules
    "api organisations": 4,  # a page of active organisations with texts and themes
    "api profiles": 4,  # a page of opened profiles, then their rows and tags in one query each
    "call list": 10,  # a page of calls with their texts; + for a signed-in reader, the alumni
    # with their people and calls, the calls' texts
    "call page": 9,  # the call, its texts and rules, the reader's application
    "call form": 12,  # the call's questions with their wordings, how many answered each
    "application questions": 12,  # the call, the applicant's application, the questions with
    # their wordings, the answers with their files
    "call applications": 10,  # every application of the call with its applicant
    "call application": 14,  # the call, the application with its applicant, document and
    # referees, the questions with their wordings, the answers with their files
    "call reviews": 10,  # the reviewer's assignments with their scores
    "call panel": 17,  # the panel, the rubric, applications with applicants and reviews
    "call ranking": 14,  # applications, submitted reviews with reviewers, the rubric
    "call placements": 12,  # the selected applications with applicants, their placements
    "placement page": 13,  # the placement, its call, fellow, files, milestones, outputs;
    # + the fellow's own research outputs with their versions' texts
    "network directory": 8,  # a page of people with their profiles and tags
    "organisation page": 15,  # its people with profiles, their outputs and participation,
    # whether the reader follows it
}


def _empty_database() -> None:
    with db.engine.begin() as conn:
        if db.engine.dialect.name == "postgresql":
            conn.execute(text("DELETE FROM research_fts"))
        for table in reversed(db.metadata.sorted_tables):
            conn.execute(table.delete())
        if db.engine.dialect.name == "sqlite":
            conn.execute(text("DELETE FROM research_fts"))


def _targets() -> dict[str, Any]:
    """The busiest participant, edition and trainer of the seeded programme."""
    enrolled = func.count(Enrolment.id).label("n")
    participant_id = db.session.execute(
        select(Enrolment.user_id, enrolled)
        .where(Enrolment.state == "active")
        .group_by(Enrolment.user_id)
        .order_by(enrolled.desc(), Enrolment.user_id)
        .limit(1)
    ).first()[0]
    edition_id = db.session.execute(
        select(Enrolment.edition_id, enrolled)
        .group_by(Enrolment.edition_id)
        .order_by(enrolled.desc(), Enrolment.edition_id)
        .limit(1)
    ).first()[0]
    edition = db.session.get(Edition, edition_id)
    workshop = edition.workshop
    trainer_id = db.session.scalar(
        select(workshop_trainers.c.user_id).where(workshop_trainers.c.workshop_id == workshop.id)
    )
    enrolment = db.session.scalar(
        select(Enrolment).where(Enrolment.user_id == participant_id, Enrolment.state == "active")
    )
    own = enrolment.edition.workshop
    lesson_id = db.session.scalar(
        select(Lesson.id)
        .join(Module)
        .where(Module.workshop_id == own.id)
        .order_by(Module.position, Lesson.position)
        .limit(1)
    )
    output_id = db.session.scalar(
        select(ResearchOutput.id)
        .where(ResearchOutput.state == "published", ResearchOutput.access == "public")
        .order_by(ResearchOutput.id)
    )
    # A workshop with an upcoming open edition: its page also counts the seats left.
    published = db.session.scalar(
        select(Workshop.slug)
        .join(Edition)
        .where(Workshop.status == "published", Edition.status == "open")
        .order_by(Workshop.id)
        .limit(1)
    )
    # The busiest event (most registrations): its page lists its agenda and the reader's place.
    event_id = db.session.scalar(
        select(EventRegistration.event_id)
        .group_by(EventRegistration.event_id)
        .order_by(func.count(EventRegistration.id).desc(), EventRegistration.event_id)
        .limit(1)
    )
    # A past event whose people hold certificates of attendance: its certificates page and one
    # verification page.
    certified_event, certificate_code = db.session.execute(
        select(EventCertificate.event_id, EventCertificate.code)
        .order_by(EventCertificate.id)
        .limit(1)
    ).one()
    # The participant's own registration for an event: answers, places in sessions, ticket.
    registration_id = db.session.scalar(
        select(EventRegistration.id)
        .where(EventRegistration.user_id == participant_id)
        .order_by(EventRegistration.id)
        .limit(1)
    )
    # An open call with applications of many people: its page and its list of applications.
    call_id = db.session.scalar(
        select(Call.id).where(Call.status == "open").order_by(Call.id).limit(1)
    )
    reviewed_id = db.session.scalar(
        select(Call.id).where(Call.status == "reviewing").order_by(Call.id).limit(1)
    )
    # Someone with a draft application to that call, which asks questions of its own.
    application_id, applicant_id = db.session.execute(
        select(CallApplication.id, CallApplication.user_id)
        .where(CallApplication.call_id == call_id, CallApplication.state == "draft")
        .order_by(CallApplication.id)
        .limit(1)
    ).one()
    # The seeded decided call: every selected person placed, each with three milestones.
    decided_id = db.session.scalar(
        select(Call.id).where(Call.status == "decided").order_by(Call.id).limit(1)
    )
    placement = db.session.scalar(select(CallPlacement).order_by(CallPlacement.id).limit(1))
    # The longest discussion thread (as many posts as people): one page of it is shown.
    thread_id = db.session.scalar(select(Thread.id).order_by(Thread.post_count.desc(), Thread.id))
    # The first seeded organisation has every profiled participant as a member.
    organisation_id = db.session.scalar(select(func.min(Organisation.id)))
    # Jobs of half the people (5 at size xs, 50 at size s): the admin's list shows them with
    # who started each; the trainer follows the export of their roster.
    people = db.session.scalars(select(User.id).order_by(User.id)).all()
    params = {"edition_id": edition.id, "state": "", "q": ""}
    kind = "enrolment.roster_export"
    for owner_id in people[::2]:
        db.session.add(Job(kind=kind, owner_id=owner_id, state="running", params=params))
    export = Job(kind=kind, owner_id=trainer_id, state="running", params=params, done=5, total=10)
    db.session.add(export)
    admin_id = db.session.scalar(
        select(UserRole.user_id).where(UserRole.role == "admin").order_by(UserRole.user_id)
    )
    # Webhook endpoints of a fifth of the people, the first with a delivery per person.
    hooks = [
        WebhookEndpoint(
            owner_id=owner_id, url="https://partner.example.org/h", event_types="x", secret="s"
        )
        for owner_id in people[::5]
    ]
    db.session.add_all(hooks)
    db.session.flush()
    db.session.add_all(
        WebhookDelivery(endpoint_id=hooks[0].id, event_type="enrolment.changed", payload={})
        for _person in people
    )
    db.session.commit()
    return {
        "participant": db.session.get(User, participant_id),
        "trainer": db.session.get(User, trainer_id),
        "admin": db.session.get(User, admin_id),
        "fellow": db.session.get(User, placement.user_id),
        "applicant": db.session.get(User, applicant_id),
        "pages": {
            "home": ("participant", "/"),
            "catalogue": ("participant", "/workshops/"),
            "catalogue search": ("participant", "/workshops/?q=periodismo"),
            "workshop page": ("participant", f"/workshops/{published}"),
            "lesson page": ("participant", f"/workshops/{own.slug}/lessons/{lesson_id}"),
            "my learning": ("participant", "/my-learning"),
            "research search": ("participant", "/research/?q=evidence"),
            "research landing": ("participant", f"/research/{output_id}"),
            "trainer roster": ("trainer", f"/editions/{edition.id}/roster"),
            "completion report": (
                "trainer",
                f"/workshops/{workshop.slug}/editions/{edition.id}/report",
            ),
            "job page": ("trainer", f"/jobs/{export.id}"),
            "admin jobs": ("admin", "/admin/jobs"),
            "webhooks": ("admin", "/admin/webhooks/"),
            "webhook log": ("admin", f"/admin/webhooks/{hooks[0].id}"),
            "event list": ("participant", "/events/"),
            "event page": ("participant", f"/events/{event_id}"),
            "event check-in": ("admin", f"/events/{event_id}/check-in?q=%40"),
            "event registrations": ("admin", f"/events/{event_id}/registrations"),
            "event questions": ("admin", f"/events/{event_id}/questions"),
            "event certificates": ("admin", f"/events/{certified_event}/certificates"),
            "event survey results": ("admin", f"/events/{certified_event}/survey/results"),
            "event materials": ("admin", f"/events/{certified_event}/materials"),
            "event registration": ("participant", f"/events/registrations/{registration_id}"),
            "certificate of attendance": (
                "participant",
                f"/events/certificates/{certificate_code}",
            ),
            "discussion thread": ("participant", f"/network/threads/{thread_id}"),
            "api workshops": ("participant", "/api/v1/workshops?limit=50"),
            "api events": ("participant", "/api/v1/events?limit=50"),
            "api calls": ("participant", "/api/v1/calls?limit=50"),
            "api organisations": ("participant", "/api/v1/organisations?limit=50"),
            "api profiles": ("participant", "/api/v1/profiles?limit=50"),
            "call list": ("participant", "/calls/"),
            "call page": ("participant", f"/calls/{call_id}"),
            "call form": ("admin", f"/calls/{call_id}/form"),
            "application questions": (
                "applicant",
                f"/calls/{call_id}/application/questions",
            ),
            "call applications": ("admin", f"/calls/{call_id}/applications"),
            "call application": ("admin", f"/calls/{call_id}/applications/{application_id}"),
            "call reviews": ("admin", f"/calls/{reviewed_id}/reviews"),
            "call panel": ("admin", f"/calls/{reviewed_id}/panel"),
            "call ranking": ("admin", f"/calls/{reviewed_id}/ranking"),
            "call placements": ("admin", f"/calls/{decided_id}/placements"),
            "placement page": ("fellow", f"/calls/placements/{placement.id}"),
            "network directory": ("participant", "/network/?q=periodista"),
            "organisation page": ("participant", f"/network/organisations/{organisation_id}"),
        },
    }


def _measure(app: Any, size: str) -> dict[str, int]:
    seed.seed(size)
    found = _targets()
    clients = {}
    for who in ("participant", "trainer", "admin", "fellow", "applicant"):
        client = app.test_client()
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
        clients[who] = sign_in_as(client, found[who])
    counts = {}
    for name, (who, path) in found["pages"].items():
        count_statements(clients[who], path)  # first visit: one-off work (calendar token, …)
        # Budgets hold for making the page (nothing cached); a cached page asks no more.
        counts[name] = count_statements(clients[who], path)
        counts[f"{name} (cached)"] = count_statements(clients[who], path, cold=False)
    db.session.remove()
    return counts


@pytest.fixture
def sizes(app: Any) -> dict[str, dict[str, int]]:
    """Statement counts per page at size xs, then on a fresh database at size s."""
    small = _measure(app, "xs")
    _empty_database()
    larger = _measure(app, "s")
    return {"xs": small, "s": larger}


def test_seed_makes_a_consistent_programme(app):
    counts = seed.seed("xs")
    assert counts["users"] == 10 and counts["workshops"] == 3 and counts["enrolments"] == 30
    # Completions only for lessons of the enrolment's own workshop.
    stray = db.session.scalar(
        text(
            "SELECT COUNT(*) FROM lesson_completions c JOIN enrolments e ON e.id = c.enrolment_id "
            "JOIN editions ed ON ed.id = e.edition_id JOIN lessons l ON l.id = c.lesson_id "
            "JOIN modules m ON m.id = l.module_id WHERE m.workshop_id <> ed.workshop_id"
        )
    )
    assert stray == 0
    # Completed enrolments have a completion and a certificate; nobody else has one.
    assert db.session.scalar(
        text("SELECT COUNT(*) FROM enrolments WHERE state = 'completed'")
    ) == db.session.scalar(text("SELECT COUNT(*) FROM certificates"))
    # Catalogue search finds seeded workshops by their normalised text, research search too.
    assert all(
        w.search_text and w.search_text == w.search_text.lower()
        for w in db.session.scalars(select(Workshop))
    )
    assert seed.is_empty() is False


@pytest.mark.parametrize("page", sorted(BUDGETS))
def test_page_has_a_fixed_query_budget(sizes, page):
    assert sizes["xs"][page] == sizes["s"][page], (page, sizes["xs"][page], sizes["s"][page])
    assert sizes["s"][page] <= BUDGETS[page], (page, sizes["s"][page])
    cached = f"{page} (cached)"
    assert sizes["xs"][cached] == sizes["s"][cached], (cached, sizes["xs"][cached])
    assert sizes["s"][cached] <= sizes["s"][page]


def test_pages_made_from_cached_fragments_ask_little(sizes):
    """Catalogue, research search, the list of events and the home page (its sections and the
    reader's own panel) come whole from the cache, and so
    does the signed-in person: one statement, the generations (the person's own among them)."""
    for page in ("catalogue", "catalogue search", "research search", "event list", "home"):
        assert sizes["s"][f"{page} (cached)"] == 1, (page, sizes["s"][f"{page} (cached)"])
