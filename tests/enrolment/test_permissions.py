"""Who may use each route of the enrolment feature: every route × every kind of person, with
the exact status code, for a published workshop and for a draft.

302 = sent to sign in; 303 = done (redirect after a POST); 400 = refused with a message (for
example withdrawing without being enrolled); 403 = may see, may not do; 404 = may not even know
it exists (drafts).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from flask import url_for

from learning.enrolment.models import EnrolmentImport
from learning.enrolment.services import calendars, editions
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.storage.services import store_upload
from learning.workshops.models import Enrolment
from tests.enrolment.conftest import edition_form, live_lesson
from tests.support.permissions import PARAMETERS, cells, check, send

PUBLIC = (200, 200, 200, 200, 200, 200)
SIGNED_IN = (302, 200, 200, 200, 200, 200)
SIGNED_IN_POST = (302, 303, 303, 303, 303, 303)
AUTHORS = (302, 403, 403, 403, 200, 200)
AUTHORS_POST = (302, 403, 403, 403, 303, 303)
CSV = b"email,name\nnew@example.org,New Person\n"


@dataclass
class Setup:
    slug: str
    edition: int
    other: int
    lesson: int
    pending: int
    mine: int
    upload: int
    token: str


def _edition_form(_s: Setup) -> dict[str, str]:
    return edition_form(days=(5, 9), name="Nueva", capacity="10")


ROUTES: list[tuple[str, str, str, Any, tuple[int, ...]]] = [
    ("my learning", "get", "/my-learning", None, SIGNED_IN),
    ("calendar link", "post", "/my-learning/calendar", {}, (302, 200, 200, 200, 200, 200)),
    ("calendar revoke", "post", "/my-learning/calendar/revoke", {}, SIGNED_IN_POST),
    ("feed", "get", "/calendar/{token}.ics", None, PUBLIC),
    ("editions", "get", "/workshops/{slug}/editions", None, AUTHORS),
    ("edition new", "get", "/workshops/{slug}/editions/new", None, AUTHORS),
    ("edition new (post)", "post", "/workshops/{slug}/editions/new", _edition_form, AUTHORS_POST),
    ("edition", "get", "/editions/{e}", None, PUBLIC),
    ("edition edit", "get", "/editions/{e}/edit", None, AUTHORS),
    ("edition edit (post)", "post", "/editions/{e}/edit", _edition_form, AUTHORS_POST),
    ("enrol", "post", "/editions/{e}/enrol", {}, (302, 303, 400, 303, 303, 303)),
    ("withdraw", "get", "/editions/{e}/withdraw", None, (302, 400, 200, 400, 400, 400)),
    ("withdraw (post)", "post", "/editions/{e}/withdraw", {}, (302, 400, 303, 400, 400, 400)),
    ("edition calendar", "get", "/editions/{e}/calendar.ics", None, PUBLIC),
    ("session", "get", "/editions/{e}/sessions/{lesson}", None, AUTHORS),
    (
        "session (post)",
        "post",
        "/editions/{e}/sessions/{lesson}",
        {"starts_at": "2031-01-01T10:00", "ends_at": "2031-01-01T12:00"},
        AUTHORS_POST,
    ),
    ("roster", "get", "/editions/{e}/roster", None, AUTHORS),
    ("roster csv", "get", "/editions/{e}/roster.csv", None, AUTHORS),
    ("manage", "get", "/editions/{e}/enrolments/{pending}", None, AUTHORS),
    ("approve", "post", "/editions/{e}/enrolments/{pending}/approve", {}, AUTHORS_POST),
    ("reject", "post", "/editions/{e}/enrolments/{pending}/reject", {}, AUTHORS_POST),
    ("remove", "post", "/editions/{e}/enrolments/{mine}/remove", {}, AUTHORS_POST),
    (
        "move",
        "post",
        "/editions/{e}/enrolments/{mine}/move",
        lambda s: {"target": str(s.other)},
        AUTHORS_POST,
    ),
    ("announce", "get", "/editions/{e}/announce", None, AUTHORS),
    (
        "announce (post)",
        "post",
        "/editions/{e}/announce",
        {"audience": "participants", "subject": "Hola", "body": "Nos vemos el jueves."},
        AUTHORS_POST,
    ),
    ("import", "get", "/editions/{e}/import", None, AUTHORS),
    (
        "import (post)",
        "post",
        "/editions/{e}/import",
        lambda s: {"file": (io.BytesIO(CSV), "people.csv")},
        AUTHORS,
    ),
    (
        "import confirm",
        "post",
        "/editions/{e}/import/{upload}/confirm",
        lambda s: {"import_id": str(s.upload)},
        AUTHORS_POST,
    ),
    ("refused csv", "get", "/editions/{e}/import/{upload}/refused.csv", None, AUTHORS),
]

NOT_WORKSHOP_SCOPED = {"my learning", "calendar link", "calendar revoke", "feed"}


@pytest.fixture
def setup(build, make_user):
    def factory(status: str) -> Setup:
        world = build(status)
        lesson = live_lesson(world.workshop)
        today = utcnow().date()
        edition, _ = editions.save_edition(
            world.workshop,
            None,
            editions.EditionData(
                name="Cohorte", starts_on=today, ends_on=today + timedelta(days=9), capacity=10
            ),
        )
        other, _ = editions.save_edition(
            world.workshop,
            None,
            editions.EditionData(
                name="Otra", starts_on=today, ends_on=today + timedelta(days=9), capacity=10
            ),
        )
        enrolled = world.users["enrolled"]
        mine = Enrolment(edition_id=edition.id, user_id=enrolled.id, state="active")
        pending = Enrolment(edition_id=edition.id, user_id=make_user().id, state="pending")
        db.session.add_all([mine, pending])
        file = store_upload(
            io.BytesIO(CSV), "people.csv", kind="csv-import", uploader_id=None, allowed={"csv"}
        )
        upload = EnrolmentImport(edition_id=edition.id, file_id=file.id)
        db.session.add(upload)
        token = calendars.new_calendar_token(enrolled)
        db.session.commit()
        return Setup(
            world.slug, edition.id, other.id, lesson.id, pending.id, mine.id, upload.id, token
        )

    return factory


def _request(client, s: Setup, method, path, data):
    path = path.format(
        slug=s.slug,
        e=s.edition,
        lesson=s.lesson,
        pending=s.pending,
        mine=s.mine,
        upload=s.upload,
        token=s.token,
    )
    return send(client, method, path, data, s)


CELLS = cells(ROUTES, NOT_WORKSHOP_SCOPED)


@pytest.mark.parametrize(PARAMETERS, CELLS)
def test_permission_table(
    setup, client_for, people, status, name, method, path, data, role, expected
):
    s = setup(status)
    client = client_for(people[role])
    with _request(client, s, method, path, data) as response:
        check(response, expected)


def test_every_route_of_the_feature_is_in_the_table(app):
    listed = {path for _, _, path, _, _ in ROUTES}
    with app.test_request_context():
        assert url_for("enrolment.my_learning") == "/my-learning"
    rules = {
        rule.rule.replace("<slug>", "{slug}")
        .replace("<int:edition_id>", "{e}")
        .replace("<int:lesson_id>", "{lesson}")
        .replace("<int:import_id>", "{upload}")
        .replace("<token>", "{token}")
        .replace("enrolments/<int:enrolment_id>", "enrolments/{pending}")
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("enrolment.")
    }
    listed = {p.replace("{mine}", "{pending}") for p in listed}
    assert rules <= listed, rules - listed


def test_a_draft_edition_is_hidden_from_participants(setup, client_for, people):
    s = setup("published")
    from learning.workshops.models import Edition

    db.session.get(Edition, s.edition).status = "draft"
    db.session.commit()
    assert client_for(people["participant"]).get(f"/editions/{s.edition}").status_code == 404
    assert client_for(people["trainer"]).get(f"/editions/{s.edition}").status_code == 200
