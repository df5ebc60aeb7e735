"""`flask demo` gives six published workshops across the programme's four themes, in both
languages, with covers, real lesson texts and a short video served from our own store; and
one draft."""

from __future__ import annotations

from sqlalchemy import select

from learning.accounts.models import User
from learning.language.taxonomy import THEMES
from learning.platform.extensions import db
from learning.workshops.models import LESSON_KINDS, Lesson, Workshop
from tests.conftest import sign_in_as


def _load(app):
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output


def test_demo_workshops(app, client):
    _load(app)
    workshops = {w.slug: w for w in db.session.scalars(select(Workshop))}
    published = [w for w in workshops.values() if w.status == "published"]
    assert len(published) >= 6
    assert {w.format for w in published} == {"online", "hybrid", "in-person"}
    assert {theme for w in published for theme in w.themes} == set(THEMES)
    assert all({t.language for t in w.translations} == {"es", "en"} for w in published)
    assert [w.status for w in workshops.values()].count("draft") == 1
    kinds = {lesson.kind for lesson in db.session.scalars(select(Lesson))}
    assert kinds == set(LESSON_KINDS)
    assert workshops["periodismo-de-datos"].materials
    page = client.get("/workshops/").get_data(as_text=True)
    assert f"{len(published)} workshops found" in page and "Gobernanza digital" not in page
    with client.get("/workshops/periodismo-de-datos/materials.zip") as response:
        assert response.status_code == 302  # visitors are sent to sign in


def test_demo_lessons_have_real_texts_in_both_languages(app):
    _load(app)
    published = db.session.scalars(select(Workshop).where(Workshop.status == "published"))
    texts = [
        lesson
        for workshop in published
        for module in workshop.modules
        for lesson in module.lessons
        if lesson.kind == "text"
    ]
    assert len(texts) >= 9
    for lesson in texts:
        spanish = lesson.text("es")
        assert spanish.body.count("\n\n") >= 2, lesson.id  # a few paragraphs
        assert "lorem" not in spanish.body.lower()
    bilingual = [lesson for lesson in texts if lesson.translation("en") is not None]
    assert len(bilingual) >= 9
    assert all(lesson.translation("en").body.count("\n\n") >= 2 for lesson in bilingual)


def test_demo_covers_are_stored_images_shown_on_the_cards(app, client):
    _load(app)
    published = list(db.session.scalars(select(Workshop).where(Workshop.status == "published")))
    assert all(w.cover is not None and w.cover.kind == "cover" for w in published)
    page = client.get("/workshops/").get_data(as_text=True)
    for workshop in published:
        assert f'src="/files/{workshop.cover.id}/' in page
        with client.get(f"/files/{workshop.cover.id}/{workshop.cover.original_name}?inline=1") as r:
            assert r.status_code == 200
            assert r.mimetype in ("image/webp", "image/png")
            assert len(r.data) < 30 * 1024


def test_demo_video_plays_from_our_own_store(app):
    _load(app)
    lesson = next(
        lesson
        for lesson in db.session.scalars(select(Lesson).where(Lesson.kind == "video"))
        if lesson.materials
    )
    video = lesson.materials[0].current.file
    assert video.content_type == "video/mp4"
    participant = db.session.scalar(select(User).where(User.email == "participant@demo.puente"))
    client = sign_in_as(app.test_client(), participant)
    workshop = lesson.module.workshop
    page = client.get(f"/workshops/{workshop.slug}/lessons/{lesson.id}").get_data(as_text=True)
    assert f'<video controls preload="none" src="/files/{video.id}/' in page
    with client.get(f"/files/{video.id}/{video.original_name}?inline=1") as response:
        assert response.status_code == 200
        assert response.mimetype == "video/mp4"
        assert response.data[4:8] == b"ftyp" and len(response.data) > 10_000


def test_every_demo_video_is_ours_and_plays_offline(app):
    """No demo lesson points at an address that does not exist (or needs the internet)."""
    _load(app)
    videos = list(db.session.scalars(select(Lesson).where(Lesson.kind == "video")))
    assert len(videos) >= 2
    for lesson in videos:
        assert not lesson.url, lesson.url
        assert lesson.materials and lesson.materials[0].current.file.content_type == "video/mp4"
    climate = next(v for v in videos if v.text("en").title == "Climate finance")
    video = climate.materials[0].current.file
    admin = db.session.scalar(select(User).where(User.email == "admin@demo.puente"))
    client = sign_in_as(app.test_client(), admin)
    slug = climate.module.workshop.slug
    page = client.get(f"/workshops/{slug}/lessons/{climate.id}").get_data(as_text=True)
    assert f'<video controls preload="none" src="/files/{video.id}/' in page
    assert "video.example.org" not in page


def test_demo_twice_adds_nothing(app):
    _load(app)
    count = len(db.session.scalars(select(Workshop)).all())
    again = app.test_cli_runner().invoke(args=["demo", "--if-empty"])
    assert again.exit_code == 0 and "not loaded" in again.output
    refused = app.test_cli_runner().invoke(args=["demo"])
    assert refused.exit_code != 0
    assert len(db.session.scalars(select(Workshop)).all()) == count
