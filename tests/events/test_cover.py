"""An event's cover image goes through storage (local files and S3 alike): row first, then the
bytes; it is shown on the event's page to whoever may see the event, and a refused file
leaves nothing behind."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from learning.events.models import Event
from learning.platform.extensions import db
from learning.storage.models import StoredFile
from tests.conftest import sign_in_as
from tests.events.conftest import event_form

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(params=["local", "s3"])
def site(request, app, organiser):
    """(app, organiser's client) storing files locally or in S3 (moto over HTTP)."""
    the_app = app if request.param == "local" else request.getfixturevalue("s3_app")
    client = sign_in_as(the_app.test_client(), organiser)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    with the_app.app_context():
        yield the_app, client
        db.session.remove()


def test_cover_is_stored_and_shown_to_who_may_see_the_event(site):
    the_app, client = site
    form = {**event_form(), "cover": (io.BytesIO(PNG), "portada.png")}
    answer = client.post("/events/new", data=form, content_type="multipart/form-data")
    assert answer.status_code == 303
    event = db.session.scalar(select(Event))
    assert event.cover is not None and event.cover.is_available
    assert event.cover.kind == "event-cover" and event.cover.original_name == "portada.png"
    link = f"/files/{event.cover.id}/portada.png"
    assert link in client.get(f"/events/{event.id}").text
    visitor = the_app.test_client()
    with visitor.get(link) as hidden:  # a draft's cover is hidden like the draft
        assert hidden.status_code == 404
    client.post(f"/events/{event.id}/publish")
    with visitor.get(link) as shown:  # streamed from disk, or a presigned redirect to S3
        assert shown.status_code in (200, 302)


def test_a_refused_cover_leaves_no_event_and_no_file(site):
    _the_app, client = site
    form = {**event_form(), "cover": (io.BytesIO(b"<svg/>"), "logo.svg")}
    answer = client.post("/events/new", data=form, content_type="multipart/form-data")
    assert answer.status_code == 400
    assert "not accepted" in answer.text
    assert db.session.scalar(select(func.count(Event.id))) == 0
    assert db.session.scalar(select(func.count(StoredFile.id))) == 0
