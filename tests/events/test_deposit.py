"""After the event, into the research exchange: who runs an event deposits its slides or report
as a research output in draft (presentation / research report) through research's own
services, with a copy of the file; the output's page says "From the event: <title>" to whoever
may see the event. Refused: a recording, a link, a second deposit, someone who does not run
the event (local storage and S3 alike)."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from learning.events.models import EventMaterial
from learning.platform.extensions import db
from learning.research.models import ResearchOutput
from learning.storage.models import StoredFile
from learning.storage.store import get_storage
from tests.conftest import sign_in_as
from tests.events.conftest import wall

PDF = b"%PDF-1.7\n" + b"x" * 2000 + b"\n%%EOF\n"


def _add(client, event, *, kind="slides", title="Diapositivas", file=None, url="", session=""):
    form = {"kind": kind, "title": title, "access": "public", "session": session, "url": url}
    if file is not None:
        form["file"] = (io.BytesIO(file), "panel.pdf")
    answer = client.post(
        f"/events/{event.id}/materials", data=form, content_type="multipart/form-data"
    )
    assert answer.status_code == 303, answer.text
    return db.session.scalars(
        select(EventMaterial)
        .where(EventMaterial.event_id == event.id)
        .order_by(EventMaterial.id.desc())
    ).first()


def _outputs() -> int:
    return db.session.scalar(select(func.count(ResearchOutput.id)))


@pytest.fixture(params=["local", "s3"])
def door(request, app, organiser):
    """The organiser's client, files stored locally or in S3 (moto over HTTP)."""
    the_app = app if request.param == "local" else request.getfixturevalue("s3_app")
    organiser.preferred_language = "es"
    db.session.commit()
    client = sign_in_as(the_app.test_client(), organiser)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es"
    with the_app.app_context():
        yield client
        db.session.remove()


def test_slides_become_a_draft_presentation_linked_back_to_the_event(
    door, make_event, add_session, organiser, make_user
):
    event = make_event(starts_at=wall(-3, 9), ends_at=wall(-3, 18), themes=["climate"])
    panel = add_session(event, start=wall(-3, 11), speakers="Ana Gómez — FLACSO")
    slides = _add(door, event, file=PDF, session=str(panel.id), title="Diapositivas del panel")
    page = door.get(f"/events/{event.id}/materials").text
    assert "Depositar en el intercambio de investigación" in page
    answer = door.post(f"/events/{event.id}/materials/{slides.id}/deposit")
    assert answer.status_code == 303
    output = db.session.scalars(select(ResearchOutput)).one()
    assert answer.headers["Location"].endswith(f"/research/{output.id}")
    version = output.versions[0]
    assert (output.state, output.owner_id, version.output_type) == (
        "draft",
        organiser.id,
        "presentation",
    )
    assert version.text("es").title == "Diapositivas del panel"
    assert [c.name for c in version.creators] == ["Ana Gómez"]
    assert version.themes == ["climate"]
    copy = version.file_links[0].file
    assert copy.kind == "research" and copy.is_available and copy.id != slides.file_id
    assert copy.sha256 == db.session.get(StoredFile, slides.file_id).sha256
    with get_storage().open(copy.key) as stream:
        assert stream.read() == PDF
    db.session.expire_all()
    assert db.session.get(EventMaterial, slides.id).output_id == output.id
    # The draft's page (its owner sees it) says where it comes from.
    landing = door.get(f"/research/{output.id}").text
    assert "Del evento:" in landing and f'href="/events/{event.id}"' in landing
    assert "En el intercambio de investigación" in door.get(f"/events/{event.id}/materials").text
    # Depositing again is refused, nothing more is written.
    again = door.post(f"/events/{event.id}/materials/{slides.id}/deposit")
    assert again.status_code == 400 and "ya está en el intercambio" in again.text
    assert _outputs() == 1


def test_a_report_becomes_a_research_report_and_its_page_names_the_event_in_english(
    door, make_event, organiser, client_for
):
    event = make_event(starts_at=wall(-3, 9), ends_at=wall(-3, 18))
    report = _add(door, event, kind="report", title="Relatoría", file=PDF)
    assert door.post(f"/events/{event.id}/materials/{report.id}/deposit").status_code == 303
    output = db.session.scalars(select(ResearchOutput)).one()
    assert output.versions[0].output_type == "research_report"
    assert [c.name for c in output.versions[0].creators] == [organiser.name]
    # A curator reading in English (the event is published: everyone may see it).
    english = client_for("curator", language="en").get(f"/research/{output.id}").text
    assert "From the event:" in english and f'href="/events/{event.id}"' in english


def test_recordings_links_repeats_and_strangers_are_refused(
    door, make_event, make_user, client_for
):
    event = make_event(starts_at=wall(-3, 9), ends_at=wall(-3, 18))
    link = _add(door, event, title="Enlace", url="https://slides.example.org/x")
    recording = _add(door, event, kind="recording", title="Video", url="https://video.example.org")
    slides = _add(door, event, file=PDF)
    only_link = door.post(f"/events/{event.id}/materials/{link.id}/deposit")
    assert (
        only_link.status_code == 400
        and "Solo puede depositarse un material con archivo" in only_link.text
    )
    video = door.post(f"/events/{event.id}/materials/{recording.id}/deposit")
    assert video.status_code == 400 and "Solo las diapositivas y los informes" in video.text
    missing = door.post(f"/events/{event.id}/materials/999999/deposit")
    assert missing.status_code == 404
    other = make_event()
    foreign = door.post(f"/events/{other.id}/materials/{slides.id}/deposit")
    assert foreign.status_code == 404  # a material of another event through this one
    for who in (make_user(), "trainer", "researcher"):
        assert (
            client_for(who).post(f"/events/{event.id}/materials/{slides.id}/deposit").status_code
            == 403
        )
    assert _outputs() == 0
    assert db.session.scalar(select(func.count()).where(StoredFile.kind == "research")) == 0


def test_the_from_event_note_shows_only_to_who_may_see_the_event(
    door, make_event, client_for, make_user
):
    event = make_event(status="draft", starts_at=wall(-3, 9), ends_at=wall(-3, 18))
    slides = _add(door, event, file=PDF)
    door.post(f"/events/{event.id}/materials/{slides.id}/deposit")
    output = db.session.scalars(select(ResearchOutput)).one()
    # A curator reads the draft output; the event is a draft only its organisers see.
    curator = client_for("curator", language="es")
    landing = curator.get(f"/research/{output.id}")
    assert landing.status_code == 200 and "Del evento:" not in landing.text
    assert "Del evento:" in door.get(f"/research/{output.id}").text
