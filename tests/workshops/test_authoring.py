"""A trainer builds a workshop in two languages, orders its curriculum without JavaScript,
previews and publishes it; bad input gets a clear message and changes nothing."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from sqlalchemy import func, select

from learning.platform.extensions import db
from learning.storage.models import StoredFile
from learning.workshops.models import Lesson, Module, Workshop
from tests.workshops.conftest import PDF, make_workshop


def _workshop(slug="datos"):
    db.session.expire_all()
    return db.session.scalar(select(Workshop).where(Workshop.slug == slug))


def _form(trainer, **over):
    data = {
        "title_es": "Periodismo de datos",
        "summary_es": "Investigue con datos públicos.",
        "description_es": "Un taller **práctico**.",
        "title_en": "Data journalism",
        "summary_en": "Investigate with public data.",
        "slug": "datos",
        "themes": ["democracy", "digital"],
        "audiences": ["journalists"],
        "format": "online",
        "teaching_languages": ["es", "en"],
        "estimated_hours": "12",
        "trainers": [str(trainer.id)],
    }
    data.update(over)
    return data


def test_trainer_builds_previews_and_publishes_a_workshop(client_for, people):
    trainer = client_for(people["trainer"])
    response = trainer.post("/workshops/new", data=_form(people["trainer"]))
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/workshops/datos/curriculum")
    workshop = _workshop()
    assert workshop.status == "draft"
    assert {t.language for t in workshop.translations} == {"es", "en"}
    assert workshop.themes == ["democracy", "digital"]
    assert [t.name for t in workshop.trainers] == ["Tomás Facilitador"]
    # Drafts are invisible to everyone else, and not in the catalogue.
    assert client_for(people["participant"]).get("/workshops/datos").status_code == 404
    assert client_for(people["other_trainer"]).get("/workshops/datos").status_code == 404
    assert "Data journalism" not in client_for(None).get("/workshops/").get_data(True)
    assert trainer.get("/workshops/mine").get_data(True).count("Data journalism") == 1

    # Publishing an empty curriculum is refused with the reason.
    response = trainer.post("/workshops/datos/publish", follow_redirects=True)
    assert "Add at least one module with one lesson" in response.get_data(True)
    assert _workshop().status == "draft"

    assert (
        trainer.post("/workshops/datos/modules/new", data={"title_es": "Fuentes"}).status_code
        == 303
    )
    module = _workshop().modules[0]
    response = trainer.post(
        f"/workshops/datos/modules/{module.id}/lessons/new?kind=text",
        data={"title_es": "Qué son los datos", "body_es": "Texto", "estimated_minutes": "20"},
    )
    assert response.status_code == 303

    page = trainer.get("/workshops/datos/preview").get_data(True)
    assert "Preview: this is how an enrolled participant sees the workshop." in page
    assert "Qué son los datos" in page and "Edit the curriculum" not in page

    assert trainer.post("/workshops/datos/publish").status_code == 303
    assert _workshop().status == "published"
    catalogue = client_for(None).get("/workshops/").get_data(True)
    assert "Data journalism" in catalogue
    # Unpublishing takes it back out.
    assert trainer.post("/workshops/datos/unpublish").status_code == 303
    assert client_for(None).get("/workshops/datos").status_code == 404
    assert client_for(people["admin"]).get("/workshops/datos").status_code == 200


def test_a_workshop_in_one_language_is_enough(client_for, people):
    form = _form(people["trainer"], title_en="", summary_en="", slug="")
    response = client_for(people["trainer"]).post("/workshops/new", data=form)
    assert response.status_code == 303
    workshop = _workshop("periodismo-de-datos")
    assert [t.language for t in workshop.translations] == ["es"]


def test_missing_both_languages_is_refused(client_for, people):
    form = _form(people["trainer"], title_es="", summary_es="", description_es="", title_en="")
    form["summary_en"] = ""
    response = client_for(people["trainer"]).post("/workshops/new", data=form)
    assert response.status_code == 400
    assert "Write at least a title in one language." in response.get_data(True)
    assert db.session.scalar(select(func.count(Workshop.id))) == 0


def test_text_without_a_title_in_that_language_is_refused(client_for, people):
    form = _form(people["trainer"], title_en="")
    response = client_for(people["trainer"], "es").post("/workshops/new", data=form)
    assert response.status_code == 400
    assert "inglés" in response.get_data(True)


def test_slug_clash_is_refused(client_for, people):
    make_workshop(people["other_trainer"], slug="datos")
    db.session.commit()
    response = client_for(people["trainer"]).post("/workshops/new", data=_form(people["trainer"]))
    assert response.status_code == 400
    assert "Another workshop already uses this address name" in response.get_data(True)
    for bad in ("Datos Abiertos", "new", "a--b", "ñandú"):
        response = client_for(people["trainer"]).post(
            "/workshops/new", data=_form(people["trainer"], slug=bad)
        )
        assert response.status_code == 400, bad
    assert db.session.scalar(select(func.count(Workshop.id))) == 1


def test_bad_choices_give_messages_not_errors(client_for, people):
    client = client_for(people["trainer"])
    for field, value in (
        ("themes", ["nonsense"]),
        ("format", "telepathy"),
        ("estimated_hours", "many"),
        ("trainers", [str(people["participant"].id)]),
        ("teaching_languages", ["xx"]),
    ):
        response = client.post("/workshops/new", data=_form(people["trainer"], **{field: value}))
        assert response.status_code == 400, field
    assert db.session.scalar(select(func.count(Workshop.id))) == 0


def test_refused_cover_type_leaves_nothing(client_for, people):
    form = _form(people["trainer"])
    form["cover"] = (io.BytesIO(b"<svg xmlns='http://www.w3.org/2000/svg'/>"), "logo.svg")
    response = client_for(people["trainer"]).post(
        "/workshops/new", data=form, content_type="multipart/form-data"
    )
    assert response.status_code == 400
    assert "not accepted" in response.get_data(True)
    assert db.session.scalar(select(func.count(Workshop.id))) == 0
    assert db.session.scalar(select(func.count(StoredFile.id))) == 0
    # A PDF renamed as an image is refused too (the bytes decide).
    form["cover"] = (io.BytesIO(PDF), "cover.png")
    response = client_for(people["trainer"]).post(
        "/workshops/new", data=form, content_type="multipart/form-data"
    )
    assert response.status_code == 400
    assert db.session.scalar(select(func.count(StoredFile.id))) == 0


def _positions(module_id):
    db.session.expire_all()
    module = db.session.get(Module, module_id)
    return [(lesson.text("en").title, lesson.position) for lesson in module.lessons]


def test_reordering_without_javascript(build, client_for, people):
    world = build()
    client = client_for(people["trainer"])
    first, second = world.modules
    a, b, c = world.lessons
    assert _positions(first.id) == [("A", 0), ("B", 1)]
    response = client.post(f"/workshops/datos/lessons/{a.id}/move", data={"direction": "down"})
    assert response.status_code == 303
    assert _positions(first.id) == [("B", 0), ("A", 1)]
    # Past the ends: a 400 with the reason, nothing moves.
    response = client.post(f"/workshops/datos/lessons/{a.id}/move", data={"direction": "down"})
    assert response.status_code == 400
    assert "cannot move further" in response.get_data(True)
    response = client.post(f"/workshops/datos/lessons/{b.id}/move", data={"direction": "up"})
    assert response.status_code == 400
    response = client.post(f"/workshops/datos/lessons/{b.id}/move", data={"direction": "sideways"})
    assert response.status_code == 400
    assert _positions(first.id) == [("B", 0), ("A", 1)]

    assert client.post(f"/workshops/datos/modules/{second.id}/move", data={"direction": "up"})
    db.session.expire_all()
    assert [(m.text("en").title, m.position) for m in _workshop().modules] == [
        ("Two", 0),
        ("One", 1),
    ]
    response = client.post(f"/workshops/datos/modules/{second.id}/move", data={"direction": "up"})
    assert response.status_code == 400

    # The curriculum page offers only the moves that are possible.
    page = client.get("/workshops/datos/curriculum").get_data(True)
    assert page.count('value="up"') == 2 and page.count('value="down"') == 2


def test_lesson_moves_to_another_module_of_the_same_workshop_only(build, client_for, people):
    world = build()
    other = make_workshop(people["other_trainer"], slug="otro")
    db.session.commit()
    foreign = other.modules[0]
    a = world.lessons[0]
    client = client_for(people["trainer"])
    data = {"title_en": "A", "estimated_minutes": "10", "module": str(foreign.id)}
    response = client.post(f"/workshops/datos/lessons/{a.id}/edit", data=data)
    assert response.status_code == 400
    assert "belongs to another workshop" in response.get_data(True)
    db.session.expire_all()
    assert db.session.get(Lesson, a.id).module_id == world.modules[0].id
    response = client.post(
        f"/workshops/datos/lessons/{a.id}/edit", data={**data, "module": "99999"}
    )
    assert response.status_code == 400

    data["module"] = str(world.modules[1].id)
    assert client.post(f"/workshops/datos/lessons/{a.id}/edit", data=data).status_code == 303
    assert _positions(world.modules[0].id) == [("B", 0)]
    assert _positions(world.modules[1].id) == [("C", 0), ("A", 1)]
    # Another workshop's lesson cannot be reached through this workshop's address.
    foreign_lesson = foreign.lessons[0]
    assert client.get(f"/workshops/datos/lessons/{foreign_lesson.id}/edit").status_code == 404


def test_unknown_lesson_kind_is_refused(build, client_for, people):
    world = build()
    module = world.modules[0]
    client = client_for(people["trainer"])
    url = f"/workshops/datos/modules/{module.id}/lessons/new?kind=podcast"
    response = client.get(url)
    assert response.status_code == 400
    assert "This kind of lesson does not exist" in response.get_data(True)
    assert client.post(url, data={"title_en": "X"}).status_code == 400
    assert len(_positions(module.id)) == 2


def _live(client, module, **over):
    data = {
        "title_es": "Sesión en vivo",
        "estimated_minutes": "60",
        "timezone": "America/Mexico_City",
        "starts_at": "2026-03-12T10:00",
        "ends_at": "2026-03-12T12:00",
        "meeting_url": "https://meet.example.org/x",
    }
    data.update(over)
    return client.post(f"/workshops/datos/modules/{module.id}/lessons/new?kind=live", data=data)


def test_live_session_times_and_bad_times(build, client_for, people):
    world = build()
    module = world.modules[1]
    client = client_for(people["trainer"])
    response = _live(client, module, ends_at="2026-03-12T09:00")
    assert response.status_code == 400
    assert "must end after it starts" in response.get_data(True)
    assert _live(client, module, ends_at="2026-03-12T10:00").status_code == 400
    assert _live(client, module, starts_at="").status_code == 400
    assert _live(client, module, timezone="Mars/Olympus").status_code == 400
    assert _live(client, module, meeting_url="javascript:alert(1)").status_code == 400
    assert len(_positions(module.id)) == 1

    assert _live(client, module).status_code == 303
    db.session.expire_all()
    lesson = db.session.get(Module, module.id).lessons[-1]
    # Entered in Mexico City time (UTC-6 in March), stored in UTC.
    assert lesson.starts_at == datetime(2026, 3, 12, 16, 0, tzinfo=UTC)
    page = client.get(f"/workshops/datos/lessons/{lesson.id}").get_data(True)
    assert "Mexico City time" in page and "Standard" not in page
    assert "https://meet.example.org/x" in page


def test_video_and_reading_need_a_file_or_link(build, client_for, people):
    world = build()
    module = world.modules[0]
    client = client_for(people["trainer"])
    base = f"/workshops/datos/modules/{module.id}/lessons/new?kind="
    data = {"title_en": "Watch", "estimated_minutes": "5"}
    response = client.post(base + "video", data=data)
    assert response.status_code == 400 and "video file or give a link" in response.get_data(True)
    assert client.post(base + "video", data={**data, "url": "ftp://x"}).status_code == 400
    assert (
        client.post(base + "video", data={**data, "url": "https://video.example.org/1"})
    ).status_code == 303
    response = client.post(
        base + "reading",
        data={**data, "file": (io.BytesIO(PDF), "reading.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    db.session.expire_all()
    reading = db.session.get(Module, module.id).lessons[-1]
    assert reading.kind == "reading" and reading.materials[0].current.file.original_name == (
        "reading.pdf"
    )
    response = client.post(
        base + "reading",
        data={**data, "file": (io.BytesIO(b"MZ\x90\x00" + b"\x00" * 64), "reading.exe")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400 and "not accepted" in response.get_data(True)


def test_deleting_a_module_with_lessons_asks_first(build, client_for, people):
    world = build()
    first, second = world.modules
    client = client_for(people["trainer"])
    page = client.get("/workshops/datos/curriculum").get_data(True)
    # A module with lessons links to a confirmation page instead of deleting at once.
    assert f'href="/workshops/datos/modules/{first.id}/delete"' in page
    response = client.post(f"/workshops/datos/modules/{first.id}/delete")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/modules/{first.id}/delete")
    assert db.session.get(Module, first.id) is not None
    page = client.get(f"/workshops/datos/modules/{first.id}/delete").get_data(True)
    assert "has 2 lessons" in page
    response = client.post(f"/workshops/datos/modules/{first.id}/delete", data={"confirm": "yes"})
    assert response.status_code == 303
    db.session.expire_all()
    modules = _workshop().modules
    assert [(m.text("en").title, m.position) for m in modules] == [("Two", 0)]
    assert db.session.scalar(select(func.count(Lesson.id))) == 1


def test_a_draft_is_editable_by_its_trainers_and_admins(build, client_for, people):
    build("draft")
    for role in ("trainer", "admin"):
        assert client_for(people[role]).get("/workshops/datos").status_code == 200
        assert client_for(people[role]).get("/workshops/datos/curriculum").status_code == 200


def test_fallback_language_is_marked(client_for, people):
    make_workshop(people["trainer"], slug="solo", title=("Sólo en español", None))
    db.session.commit()
    page = client_for(None, "en").get("/workshops/solo").get_data(True)
    assert "Only available in Spanish." in page
    assert '<article class="workshop" lang="es">' in page
    page = client_for(None, "es").get("/workshops/solo").get_data(True)
    assert "Solo disponible" not in page and 'lang="es">' not in page.split("<main")[1][:200]


def test_cover_image_upload_show_and_remove(build, client_for, people):
    from tests.workshops.conftest import PNG

    old_cover_id = build().cover.id
    client = client_for(people["trainer"])
    form = _form(people["trainer"])
    form["cover"] = (io.BytesIO(PNG), "portada.png")
    response = client.post("/workshops/datos/edit", data=form, content_type="multipart/form-data")
    assert response.status_code == 303
    cover = _workshop().cover
    assert cover.original_name == "portada.png" and cover.id != old_cover_id
    # The previous cover's row is gone (its object is left for `flask storage gc`).
    assert db.session.get(StoredFile, old_cover_id) is None
    page = client_for(None).get("/workshops/datos").get_data(True)
    assert f'src="/files/{cover.id}/portada.png?inline=1"' in page
    with client_for(None).get(f"/files/{cover.id}/portada.png?inline=1") as image:
        assert image.status_code == 200 and image.data == PNG
    form = _form(people["trainer"], remove_cover="y")
    assert client.post("/workshops/datos/edit", data=form).status_code == 303
    assert _workshop().cover is None
