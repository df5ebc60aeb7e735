"""Four more published demo workshops, so that the catalogue and the home page show the
programme's four themes with real lessons: texts in both languages (lesson_texts.py), a quiz
with feedback, a cover each and an upcoming edition."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from learning.accounts.models import User
from learning.completion.services import quizzes
from learning.completion.services.quizzes import QuestionData
from learning.demo.lesson_texts import LESSONS
from learning.demo.media import cover
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.workshops.models import Edition, Lesson, Module, Workshop
from learning.workshops.services import authoring, curriculum, lessons
from learning.workshops.services.authoring import WorkshopData
from learning.workshops.services.common import Texts
from learning.workshops.services.curriculum import ModuleData
from learning.workshops.services.lessons import LessonData


@dataclass
class Spec:
    """One demo workshop: its texts per language, taxonomy, lessons and quiz."""

    slug: str
    texts: dict[str, tuple[str, str, str]]  # language -> (title, summary, description)
    module: tuple[str, str]
    lessons: tuple[str, ...]  # keys of LESSONS
    themes: list[str]
    audiences: list[str]
    format: str
    hours: int
    question: QuestionData
    edition: tuple[str, int, int, str, str]  # name, starts in days, lasts days, zone, country


def _choice(es: str, en: str, right: bool = False) -> tuple[dict[str, str], bool]:
    return {"es": es, "en": en}, right


SPECS = [
    Spec(
        slug="verificacion-desinformacion-electoral",
        texts={
            "es": (
                "Verificación y desinformación electoral",
                "Detecte campañas de desinformación, verifique imágenes y publique "
                "desmentidos que se lean.",
                "Taller **en línea** de cuatro semanas para periodistas y personas "
                "creadoras de contenido antes de los procesos electorales de la región.",
            ),
            "en": (
                "Fact-checking and electoral disinformation",
                "Spot disinformation campaigns, check images and publish corrections people read.",
                "A four-week **online** workshop for journalists and content creators ahead "
                "of the region's elections.",
            ),
        },
        module=("Detectar y verificar", "Spotting and checking"),
        lessons=("disinfo-patterns", "verify-images"),
        themes=["democracy", "digital"],
        audiences=["journalists", "culture"],
        format="online",
        hours=10,
        question=QuestionData(
            kind="single",
            prompts={
                "es": "¿Qué conviene preguntar primero ante una imagen dudosa?",
                "en": "What should you ask first about a doubtful image?",
            },
            feedback={
                "es": "Quién la publicó primero, cuándo y dónde se tomó.",
                "en": "Who posted it first, when, and where it was taken.",
            },
            choices=[
                _choice("Quién la publicó primero y cuándo", "Who posted it first and when", True),
                _choice("Cuántos «me gusta» tiene", "How many likes it has"),
                _choice("Si coincide con mi opinión", "Whether it matches my opinion"),
            ],
        ),
        edition=("2026 · 1", 21, 28, "America/El_Salvador", "SV"),
    ),
    Spec(
        slug="incidencia-sociedad-civil",
        texts={
            "es": (
                "Incidencia de la sociedad civil en políticas públicas",
                "Mapee actores, aproveche ventanas de oportunidad y escriba notas de "
                "política que se lean.",
                "Taller **en línea** para organizaciones de la sociedad civil de México y "
                "Centroamérica que quieren influir en leyes y presupuestos.",
            ),
            "en": (
                "Civil-society advocacy in public policy",
                "Map actors, use windows of opportunity and write policy briefs that get read.",
                "An **online** workshop for civil-society organisations in Mexico and "
                "Central America that want to shape laws and budgets.",
            ),
        },
        module=("Estrategia de incidencia", "Advocacy strategy"),
        lessons=("advocacy-map", "policy-brief"),
        themes=["democracy", "growth"],
        audiences=["civil-society", "policy-makers"],
        format="online",
        hours=8,
        question=QuestionData(
            kind="truefalse",
            prompts={
                "es": "Una nota de política empieza por los antecedentes del problema.",
                "en": "A policy brief starts with the background of the problem.",
            },
            feedback={
                "es": "Empieza por la recomendación: quien la lee tiene poco tiempo.",
                "en": "It starts with the recommendation: its reader has little time.",
            },
            true_answer=False,
        ),
        edition=("2026 · 1", 35, 35, "America/Mexico_City", "MX"),
    ),
    Spec(
        slug="presupuestos-genero",
        texts={
            "es": (
                "Presupuestos públicos con perspectiva de género",
                "Lea un presupuesto preguntando a quién beneficia y siga el dinero de lo "
                "aprobado a lo ejercido.",
                "Taller **presencial** en Tegucigalpa para equipos de finanzas públicas, "
                "legisladoras y organizaciones de mujeres.",
            ),
            "en": (
                "Gender-responsive public budgets",
                "Read a budget by asking whom it benefits, and follow the money from "
                "approved to spent.",
                "An **in-person** workshop in Tegucigalpa for public-finance teams, "
                "legislators and women's organisations.",
            ),
        },
        module=("Leer y seguir el presupuesto", "Reading and following the budget"),
        lessons=("gender-budgets", "follow-money"),
        themes=["growth", "democracy"],
        audiences=["policy-makers", "civil-society"],
        format="in-person",
        hours=12,
        question=QuestionData(
            kind="multiple",
            prompts={
                "es": "¿Qué columnas necesita para seguir el dinero de un programa?",
                "en": "Which columns do you need to follow a programme's money?",
            },
            feedback={
                "es": "Aprobado, modificado y ejercido muestran qué pasó durante el año.",
                "en": "Approved, modified and spent show what happened during the year.",
            },
            choices=[
                _choice("Aprobado", "Approved", True),
                _choice("Modificado", "Modified", True),
                _choice("Ejercido", "Spent", True),
                _choice("Prometido en campaña", "Promised on the campaign trail"),
            ],
        ),
        edition=("Tegucigalpa 2026", 55, 2, "America/Tegucigalpa", "HN"),
    ),
    Spec(
        slug="gobierno-digital-datos-personales",
        texts={
            "es": (
                "Gobierno digital, interoperabilidad y datos personales",
                "Servicios en línea que generan confianza: protección de datos e "
                "instituciones que comparten información.",
                "Taller **en línea** de la Alianza Digital UE-ALC para equipos de gobierno y "
                "del sector privado que digitalizan trámites.",
            ),
            "en": (
                "Digital government, interoperability and personal data",
                "Online services people trust: data protection, and institutions that "
                "share information.",
                "An **online** workshop of the EU-LAC Digital Alliance for government and "
                "private-sector teams that move services online.",
            ),
        },
        module=("Confianza y servicios digitales", "Trust and digital services"),
        lessons=("data-protection", "interoperability"),
        themes=["digital", "growth"],
        audiences=["policy-makers", "business"],
        format="online",
        hours=6,
        question=QuestionData(
            kind="short",
            prompts={
                "es": "¿Cuál es el primer paso de una institución para proteger datos personales?",
                "en": "What is an institution's first step to protect personal data?",
            },
            feedback={
                "es": "Un inventario de sus bases de datos, accesos y bases legales.",
                "en": "An inventory of its databases, who has access and the legal basis.",
            },
            accepted=["inventario", "un inventario", "inventory", "an inventory"],
        ),
        edition=("2026 · 1", 14, 21, "America/Panama", "PA"),
    ),
]


def lesson_texts(key: str) -> dict[str, Texts]:
    """The texts of a demo lesson, by language (a language without a body is left out)."""
    title_es, title_en, body_es, body_en = LESSONS[key]
    found = {"es": Texts(title=title_es, body=body_es)}
    if body_en:
        found["en"] = Texts(title=title_en, body=body_en)
    return found


def _quiz(module: Module, question: QuestionData) -> Lesson:
    quiz = lessons.save_lesson(
        module,
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
    quizzes.add_question(quiz, question)
    quizzes.save_settings(quiz, pass_mark=60, max_attempts=None, role=None)
    return quiz


def _workshop(spec: Spec, trainer: User) -> Workshop:
    workshop = authoring.save_workshop(
        None,
        WorkshopData(
            slug=spec.slug,
            texts={
                language: Texts(title=title, summary=summary, description=description)
                for language, (title, summary, description) in spec.texts.items()
            },
            themes=spec.themes,
            audiences=spec.audiences,
            teaching_languages=["es", "en"] if spec.format == "online" else ["es"],
            format=spec.format,
            estimated_hours=spec.hours,
            trainer_ids=[trainer.id],
        ),
        author=trainer,
    )
    module = curriculum.save_module(
        workshop,
        None,
        ModuleData(texts={"es": Texts(title=spec.module[0]), "en": Texts(title=spec.module[1])}),
    )
    for key in spec.lessons:
        lessons.save_lesson(
            module, None, LessonData(kind="text", texts=lesson_texts(key), estimated_minutes=25)
        )
    _quiz(module, spec.question)
    authoring.set_cover(workshop, cover(spec.slug, spec.themes[0], trainer))
    authoring.publish(workshop)
    name, starts_in, days, zone, country = spec.edition
    today = utcnow().date()
    db.session.add(
        Edition(
            workshop_id=workshop.id,
            name=name,
            starts_on=today + timedelta(days=starts_in),
            ends_on=today + timedelta(days=starts_in + days),
            timezone=zone,
            country=country,
            capacity=30,
        )
    )
    return workshop


def load(trainer: User) -> list[Workshop]:
    """Create the four workshops (the caller flushes and commits)."""
    made = [_workshop(spec, trainer) for spec in SPECS]
    db.session.flush()
    return made
