"""Demo completion: a quiz in each demo workshop, a participant half-way through, and a graduate
who completed (quiz passed, session attended) with a Spanish certificate and a survey answer."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from learning.accounts.models import User
from learning.completion.services import attendance, common, engine, marks, quizzes, survey
from learning.completion.services.quizzes import QuestionData
from learning.platform.extensions import db
from learning.workshops.models import Edition, Enrolment, Lesson, Workshop
from learning.workshops.services.common import Texts
from learning.workshops.services.lessons import LessonData, save_lesson


def _workshop(slug: str) -> Workshop | None:
    return db.session.scalar(select(Workshop).where(Workshop.slug == slug))


def _quiz_of(workshop: Workshop) -> Lesson:
    """The workshop's quiz lesson; one is added at the end of its first module if it has none."""
    lessons = common.curriculum_lessons(workshop)
    found = next((lesson for lesson in lessons if lesson.kind == "quiz"), None)
    if found is not None:
        return found
    return save_lesson(
        workshop.modules[0],
        None,
        LessonData(
            kind="quiz",
            texts={
                "es": Texts(title="Compruebe lo aprendido"),
                "en": Texts(title="Check what you learnt"),
            },
            estimated_minutes=10,
        ),
    )


def _data_questions(quiz: Lesson) -> None:
    quizzes.add_question(
        quiz,
        QuestionData(
            kind="single",
            prompts={
                "es": "¿Qué son los datos abiertos?",
                "en": "What is open data?",
            },
            feedback={
                "es": "Los datos abiertos pueden usarse y compartirse libremente.",
                "en": "Open data may be used and shared freely.",
            },
            choices=[
                ({"es": "Datos que cualquiera puede usar y compartir", "en": "Data anyone may "
                  "use and share"}, True),
                ({"es": "Datos secretos del Estado", "en": "Secret state data"}, False),
                ({"es": "Datos de pago", "en": "Paid data"}, False),
            ],
        ),
    )  # fmt: skip
    quizzes.add_question(
        quiz,
        QuestionData(
            kind="truefalse",
            prompts={
                "es": "Una solicitud de acceso a la información debe explicar para qué se pide.",
                "en": "A freedom-of-information request must explain why it is made.",
            },
            feedback={
                "es": "En México no hace falta justificar la solicitud.",
                "en": "In Mexico a request needs no justification.",
            },
            true_answer=False,
        ),
    )
    quizzes.add_question(
        quiz,
        QuestionData(
            kind="short",
            prompts={
                "es": "¿Qué tipo de tabla resume datos por categorías en una hoja de cálculo?",
                "en": "Which spreadsheet table summarises data by category?",
            },
            accepted=["tabla dinámica", "tablas dinámicas", "pivot table", "pivot tables"],
        ),
    )


def _climate_questions(quiz: Lesson) -> None:
    quizzes.add_question(
        quiz,
        QuestionData(
            kind="multiple",
            prompts={
                "es": "¿Qué combina un mapa de riesgo?",
                "en": "What does a risk map combine?",
            },
            choices=[
                ({"es": "Amenazas", "en": "Hazards"}, True),
                ({"es": "Exposición", "en": "Exposure"}, True),
                ({"es": "Vulnerabilidad", "en": "Vulnerability"}, True),
                ({"es": "Popularidad", "en": "Popularity"}, False),
            ],
        ),
    )
    quizzes.add_question(
        quiz,
        QuestionData(
            kind="truefalse",
            prompts={
                "es": "La adaptación climática solo compete a los gobiernos nacionales.",
                "en": "Climate adaptation is only for national governments.",
            },
            true_answer=False,
        ),
    )


def _enrolment(user: User, workshop: Workshop, edition_name: str) -> Enrolment | None:
    return db.session.scalar(
        select(Enrolment)
        .join(Edition, Enrolment.edition_id == Edition.id)
        .where(
            Enrolment.user_id == user.id,
            Edition.workshop_id == workshop.id,
            Edition.name == edition_name,
        )
    )


def _right_answers(quiz: Lesson) -> dict[str, list[str]]:
    answers = {}
    for question in quizzes.questions(quiz):
        if question.kind == "short":
            answers[f"q{question.id}"] = [question.accepted[0].text]
        else:
            answers[f"q{question.id}"] = [str(c.id) for c in question.choices if c.correct]
    return answers


def load(users: dict[str, User]) -> None:
    """Quizzes, progress, a completion with its certificate, a survey answer."""
    data = _workshop("periodismo-de-datos")
    climate = _workshop("accion-climatica-local")
    if data is None or climate is None:
        return
    data_quiz = _quiz_of(data)
    _data_questions(data_quiz)
    quizzes.save_settings(data_quiz, pass_mark=70, max_attempts=3, role="post")
    climate_quiz = _quiz_of(climate)
    _climate_questions(climate_quiz)
    quizzes.save_settings(climate_quiz, pass_mark=50, max_attempts=None, role=None)
    db.session.flush()

    lessons = {lesson.kind: lesson for lesson in reversed(common.curriculum_lessons(data))}
    participant = _enrolment(users["participant@demo.puente"], data, "2026 · 1")
    if participant is not None:
        marks.mark_complete(participant, lessons["text"])
        marks.mark_complete(participant, lessons["video"])

    graduate = _enrolment(users["graduate@demo.puente"], data, "2025 · 2")
    if graduate is not None:
        # They enrolled before that edition began (the workshops demo dates it today).
        edition = graduate.edition
        graduate.created_at = graduate.created_at - timedelta(
            days=(graduate.created_at.date() - edition.starts_on).days + 14
        )
        db.session.flush()
        for kind in ("text", "video", "reading"):
            marks.mark_complete(graduate, lessons[kind])
        wrong = _right_answers(data_quiz)
        first = next(iter(wrong))
        wrong[first] = []
        quizzes.submit_attempt(graduate, data_quiz, wrong)
        quizzes.submit_attempt(graduate, data_quiz, _right_answers(data_quiz))
        attendance.mark_attendance(
            edition, lessons["live"], {graduate.id: "present"}, by=users["trainer@demo.puente"]
        )
        if engine.evaluate(graduate):
            survey.submit_survey(
                graduate,
                5,
                "Muy útil para mi trabajo en la Asamblea: ya uso tablas dinámicas.",
            )
    db.session.flush()
