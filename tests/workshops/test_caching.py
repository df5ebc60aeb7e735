"""Catalogue and workshop page are made once per change of the workshops
(learning/platform/cache.py):
later visits find them made, and a change shows on the very next request, in this process or
another one sharing the database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.workshops.models import Edition, Enrolment, WorkshopTranslation
from learning.workshops.services import curriculum, lessons
from learning.workshops.services.lessons import LessonData
from tests.conftest import sign_in_as
from tests.support.queries import count_statements
from tests.workshops.conftest import make_workshop, texts


def _retitle(workshop_id: int, title: str) -> None:
    row = db.session.scalar(
        select(WorkshopTranslation).where(
            WorkshopTranslation.workshop_id == workshop_id, WorkshopTranslation.language == "en"
        )
    )
    row.title = title
    db.session.commit()


def test_catalogue_is_made_once_and_a_change_shows_on_the_next_request(people, client_for):
    workshop = make_workshop(people["trainer"])
    db.session.commit()
    client = client_for(people["participant"])
    cold = count_statements(client, "/workshops/")
    first = client.get("/workshops/").get_data(True)
    warm = count_statements(client, "/workshops/", cold=False)
    assert warm < cold  # the list, its count and the seats were not asked for again
    assert client.get("/workshops/").get_data(True) == first
    assert "Data journalism" in first

    _retitle(workshop.id, "Data journalism for local newsrooms")
    page = client.get("/workshops/").get_data(True)
    assert "Data journalism for local newsrooms" in page


def test_catalogue_seats_follow_enrolments(people, client_for, make_user):
    workshop = make_workshop(people["trainer"])
    today = utcnow().date()
    edition = Edition(
        workshop=workshop,
        name="Cohorte",
        starts_on=today + timedelta(days=10),
        ends_on=today + timedelta(days=20),
        capacity=3,
        status="open",
    )
    db.session.add(edition)
    db.session.commit()
    client = client_for(None)
    assert "3 seats left" in client.get("/workshops/").get_data(True)
    db.session.add(Enrolment(edition=edition, user_id=make_user().id, state="active"))
    db.session.commit()
    assert "2 seats left" in client.get("/workshops/").get_data(True)


def test_another_process_sees_a_change_made_elsewhere(app, app_factory, people, client_for):
    """Two app objects stand for two worker processes: each has its own cache, one database."""
    workshop = make_workshop(people["trainer"])
    db.session.commit()
    here = client_for(None)
    assert "Data journalism" in here.get("/workshops/").get_data(True)
    assert "Data journalism" in here.get(f"/workshops/{workshop.slug}").get_data(True)

    other = app_factory()
    with other.app_context():
        _retitle(workshop.id, "Verificación de datos")
        db.session.remove()
    assert "Verificación de datos" in here.get("/workshops/").get_data(True)
    assert "Verificación de datos" in here.get(f"/workshops/{workshop.slug}").get_data(True)


def test_a_change_rolled_back_leaves_the_page_as_it_was(people, client_for):
    workshop = make_workshop(people["trainer"])
    db.session.commit()
    client = client_for(None)
    before = client.get("/workshops/").get_data(True)
    row = db.session.scalar(
        select(WorkshopTranslation).where(WorkshopTranslation.workshop_id == workshop.id)
    )
    row.title = "Never saved"
    db.session.flush()
    db.session.rollback()
    assert client.get("/workshops/").get_data(True) == before
    assert count_statements(client, "/workshops/", cold=False) < count_statements(
        client, "/workshops/"
    )


def test_each_reader_gets_their_own_version_of_the_workshop_page(build, app):
    """Lesson links for those who follow the lessons, none for the rest, whoever came first;
    each language its own text; progress per module for the enrolled participant."""
    world = build()
    # The last lesson: never the "continue where you left off" link, only in the outline.
    lesson_link = f'href="/workshops/{world.slug}/lessons/{world.lessons[2].id}"'

    def page(role: str, language: str = "en") -> str:
        client = app.test_client()
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
        user = world.users[role]
        if user is not None:
            user.preferred_language = language
            db.session.commit()
            sign_in_as(client, user)
        response = client.get(f"/workshops/{world.slug}")
        assert response.status_code == 200
        return response.get_data(True)

    assert lesson_link not in page("visitor")
    enrolled = page("enrolled")
    assert lesson_link in enrolled
    assert "progress-module-" in enrolled  # the completion hook still gets the curriculum
    assert lesson_link not in page("participant")
    assert "Periodismo de datos" in page("visitor", "es")
    assert "Data journalism" in page("visitor", "en")
    assert "Periodismo de datos" in page("enrolled", "es")


def test_lesson_page_keeps_each_readers_marks_and_time_their_own(build, app, make_user):
    """The lesson's text and times are kept once; whose lesson is done, and in which
    timezone a live session is shown, stay each reader's own, whoever came first."""
    world = build()
    trainer = world.users["trainer"]
    module = world.modules[0]
    live = lessons.save_lesson(
        module,
        None,
        LessonData(
            kind="live",
            texts=texts("Sesión en vivo", "Live session"),
            starts_at=datetime(2030, 3, 12, 16, 0, tzinfo=UTC),
            ends_at=datetime(2030, 3, 12, 17, 30, tzinfo=UTC),
            timezone="America/Mexico_City",
        ),
    )
    db.session.commit()
    edition = world.workshop.editions[0]
    madrid = make_user(name="Lucía")
    madrid.timezone = "Europe/Madrid"
    db.session.add(Enrolment(edition=edition, user_id=madrid.id, state="active"))
    db.session.commit()

    def page(user, lesson_id):
        client = app.test_client()
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
        sign_in_as(client, user)
        response = client.get(f"/workshops/{world.slug}/lessons/{lesson_id}")
        assert response.status_code == 200
        return client, response.get_data(True)

    _, mexico_page = page(world.users["enrolled"], live.id)
    _, madrid_page = page(madrid, live.id)
    assert "Your time" not in mexico_page  # the session's own timezone
    assert "Your time: Mar 12, 2030, 5:00" in madrid_page and "Madrid" in madrid_page

    lesson = world.lessons[0]
    enrolled, before = page(world.users["enrolled"], lesson.id)
    assert enrolled.post(f"/workshops/{world.slug}/lessons/{lesson.id}/complete").status_code in (
        302,
        303,
    )
    _, after = page(world.users["enrolled"], lesson.id)
    _, other = page(madrid, lesson.id)
    assert after != before  # marked as done
    assert other.count("Mark as complete") == before.count("Mark as complete")

    lessons.save_lesson(
        module,
        lesson,
        LessonData(kind="text", texts=texts("A", "A", body=("Nuevo texto", "New text"))),
    )
    db.session.commit()
    _, edited = page(trainer, lesson.id)
    assert "New text" in edited


def test_who_may_see_follow_and_edit_follows_each_change_at_once(build, app, make_user):
    """What the workshop and lesson pages know before anything else (status, trainers,
    the reader's enrolment, the lesson's place) is kept, and every change shows on the
    next request: access is never granted from a kept answer."""
    world = build()
    lesson_path = f"/workshops/{world.slug}/lessons/{world.lessons[0].id}"

    def client_of(user):
        client = app.test_client()
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
        return sign_in_as(client, user) if user is not None else client

    visitor, trainer = client_of(None), client_of(world.users["trainer"])
    enrolled = client_of(world.users["enrolled"])
    edit_link = f'href="/workshops/{world.slug}/curriculum"'
    assert edit_link in trainer.get(f"/workshops/{world.slug}").get_data(True)
    assert visitor.get(f"/workshops/{world.slug}").status_code == 200
    assert enrolled.get(lesson_path).status_code == 200
    for _ in range(2):  # the second visit is served from what the first one kept
        assert enrolled.get(lesson_path).status_code == 200
    # What was kept for the enrolled participant is theirs alone.
    assert client_of(world.users["participant"]).get(lesson_path).status_code == 403
    assert visitor.get(lesson_path).status_code == 302  # to sign in

    # The trainer leaves the workshop: no more editing, at once.
    world.workshop.trainers.clear()
    db.session.commit()
    assert edit_link not in trainer.get(f"/workshops/{world.slug}").get_data(True)
    assert trainer.get(lesson_path).status_code == 403

    # The participant withdraws: the lesson closes to them on the next request.
    enrolment = db.session.scalar(
        select(Enrolment).where(Enrolment.user_id == world.users["enrolled"].id)
    )
    enrolment.state = "withdrawn"
    db.session.commit()
    assert enrolled.get(lesson_path).status_code == 403

    # The lesson moves to another workshop: not found under this one.
    other = make_workshop(world.users["trainer"], slug="otro")
    curriculum.save_module(other, None, curriculum.ModuleData(texts=texts("M", "M")))
    world.lessons[0].module = other.modules[0]
    db.session.commit()
    assert client_of(world.users["admin"]).get(lesson_path).status_code == 404

    # Back to draft: gone for visitors, and for a hostile guess at the same slug.
    world.workshop.status = "draft"
    db.session.commit()
    assert visitor.get(f"/workshops/{world.slug}").status_code == 404
    assert visitor.get(f"/workshops/{world.slug}%00").status_code == 404
    assert visitor.get("/workshops/" + "x" * 5000).status_code == 404
