"""Materials after the event: who runs it attaches slides, a recording link and a report
(links or files through storage) to the event or a session, public or for registered people
only; the past event's page lists them; the files' access rule follows the organiser's choice;
forbidden types, files too large, a session of another event and strangers are refused."""

from __future__ import annotations

import io

from sqlalchemy import select

from learning.events.models import EventMaterial, EventRegistration
from learning.platform.extensions import db
from learning.storage.models import StoredFile
from tests.conftest import sign_in_as
from tests.events.conftest import wall

PDF = b"%PDF-1.7\n" + b"x" * 2000 + b"\n%%EOF\n"


def _rows(event):
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(EventMaterial)
            .where(EventMaterial.event_id == event.id)
            .order_by(EventMaterial.id)
        )
    )


def _post(client, event, *, data=None, file=None):
    form = {
        "kind": "slides",
        "title": "Presentación",
        "access": "public",
        "session": "",
        **(data or {}),
    }
    if file is not None:
        form["file"] = (io.BytesIO(file[0]), file[1])
    return client.post(
        f"/events/{event.id}/materials", data=form, content_type="multipart/form-data"
    )


def test_organiser_adds_materials_and_the_past_event_page_lists_them(
    make_event, add_session, make_user, client_for, organiser
):
    event = make_event(starts_at=wall(-3, 9), ends_at=wall(-3, 18))
    panel = add_session(event, start=wall(-3, 11), title=("Panel de datos", "Data panel"))
    door = client_for(organiser, language="es")
    assert door.get(f"/events/{event.id}/materials").status_code == 200
    slides = _post(door, event, data={"title": "Diapositivas del panel", "session": str(panel.id)},
                   file=(PDF, "panel.pdf"))  # fmt: skip
    assert slides.status_code == 303
    recording = _post(door, event, data={"kind": "recording", "title": "Grabación completa",
                      "access": "registered", "url": "https://video.example.org/foro"})  # fmt: skip
    assert recording.status_code == 303
    report = _post(door, event, data={"kind": "report", "title": "Relatoría",
                   "access": "registered"}, file=(PDF, "relatoria.pdf"))  # fmt: skip
    assert report.status_code == 303
    first, second, third = _rows(event)
    assert (first.session_id, first.access, first.file_id is not None) == (panel.id, "public", True)
    assert (second.url, second.file_id) == ("https://video.example.org/foro", None)

    visitor = client_for(None, language="es")
    page = visitor.get(f"/events/{event.id}").text
    assert "Diapositivas del panel" in page and "Panel de datos" in page
    assert "https://video.example.org/foro" not in page  # registered only
    assert "Para las personas inscritas en el evento" in page
    stored = db.session.get(StoredFile, first.file_id)
    with visitor.get(f"/files/{stored.id}/{stored.original_name}") as public_file:
        assert public_file.status_code == 200 and public_file.data == PDF
    private = db.session.get(StoredFile, third.file_id)
    asked = visitor.get(f"/files/{private.id}/{private.original_name}")
    assert asked.status_code in (302, 303)  # sign in first
    stranger = client_for(make_user())
    assert stranger.get(f"/files/{private.id}/{private.original_name}").status_code == 403

    person = make_user(language="es")
    db.session.add(EventRegistration(event_id=event.id, user_id=person.id, state="registered"))
    db.session.commit()
    attendee = client_for(person, language="es")
    assert "https://video.example.org/foro" in attendee.get(f"/events/{event.id}").text
    with attendee.get(f"/files/{private.id}/{private.original_name}") as got:
        assert got.status_code == 200 and got.data == PDF

    removed = door.post(f"/events/{event.id}/materials/{second.id}/delete")
    assert removed.status_code == 303 and len(_rows(event)) == 2


def test_bad_materials_are_refused_with_nothing_written(
    make_event, add_session, make_user, client_for, organiser, app_factory
):
    event, other = make_event(), make_event()
    foreign = add_session(other, start=wall(10, 9))
    door = client_for(organiser, language="es")
    exe = _post(door, event, file=(b"MZ\x90\x00" + b"\x00" * 200, "virus.exe"))
    assert exe.status_code == 400 and "error-summary" in exe.text
    image_as_pdf = _post(door, event, file=(b"\x89PNG\r\n\x1a\n" + b"0" * 100, "foto.pdf"))
    assert image_as_pdf.status_code == 400
    wrong_session = _post(door, event, data={"session": str(foreign.id), "url": "https://x.org"})
    assert wrong_session.status_code == 400
    assert "Elija una sesión de este evento de la lista." in wrong_session.text
    both = _post(door, event, data={"url": "https://x.org/a"}, file=(PDF, "a.pdf"))
    assert both.status_code == 400 and "un enlace o un archivo, no ambos" in both.text
    neither = _post(door, event)
    assert neither.status_code == 400
    for bad in ({"kind": "poster", "url": "https://x.org"}, {"access": "friends", "url": "https://x.org"},
                {"title": "", "url": "https://x.org"}, {"url": "javascript:alert(1)"}):  # fmt: skip
        assert _post(door, event, data=bad).status_code == 400, bad
    assert _rows(event) == []

    small = app_factory(UPLOAD_LIMITS={"event-material": 1024})
    client = sign_in_as(small.test_client(), organiser)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es"
    big = _post(client, event, file=(PDF, "grande.pdf"))
    assert big.status_code == 413
    assert _rows(event) == []
    assert (
        db.session.scalar(select(StoredFile.id).where(StoredFile.kind == "event-material")) is None
    )

    for who in (make_user(), "trainer"):
        someone = client_for(who)
        assert someone.get(f"/events/{event.id}/materials").status_code == 403
        assert _post(someone, event, data={"url": "https://x.org"}).status_code == 403
    assert _rows(event) == []
