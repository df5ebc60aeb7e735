"""`flask demo` gives a quiz in each demo workshop, a participant half-way, and a graduate with
a Spanish certificate that the public page calls valid."""

from __future__ import annotations

from sqlalchemy import select

from learning.accounts.models import User
from learning.completion.models import Certificate, Completion
from learning.completion.services.common import curriculum_lessons, participant_enrolment
from learning.completion.services.progress import progress_for
from learning.completion.services.quizzes import questions
from learning.platform.extensions import db
from learning.workshops.models import Enrolment, Workshop
from tests.conftest import sign_in_as


def test_demo_completion(app, client):
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    for workshop in db.session.scalars(select(Workshop).where(Workshop.status == "published")):
        lessons = curriculum_lessons(workshop)
        quizzes = [lesson for lesson in lessons if lesson.kind == "quiz"]
        assert quizzes and all(questions(q) for q in quizzes), workshop.slug

    graduate = db.session.scalar(select(User).where(User.email == "graduate@demo.puente"))
    completion = db.session.scalar(
        select(Completion).join(Completion.enrolment).where(Enrolment.user_id == graduate.id)
    )
    assert completion is not None
    certificate = db.session.scalar(
        select(Certificate).where(Certificate.enrolment_id == completion.enrolment_id)
    )
    assert certificate.language == "es" and not certificate.is_revoked
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es"
    page = client.get(f"/certificates/{certificate.code}").get_data(as_text=True)
    assert "Válido" in page and "Gabriela Graduada" in page
    # The graduate downloads it from "My learning".
    mine = sign_in_as(app.test_client(), graduate).get("/my-learning").get_data(as_text=True)
    assert f"/certificates/{certificate.code}" in mine

    participant = db.session.scalar(select(User).where(User.email == "participant@demo.puente"))
    data = db.session.scalar(select(Workshop).where(Workshop.slug == "periodismo-de-datos"))
    enrolment = participant_enrolment(participant, data)
    with app.test_request_context():
        progress = progress_for([enrolment])[enrolment.id]
    assert 0 < progress.percent < 100

    sign_in_as(client, graduate)
    page = client.get("/workshops/periodismo-de-datos").get_data(as_text=True)
    assert f"/certificates/{certificate.code}/certificate.pdf" in page
