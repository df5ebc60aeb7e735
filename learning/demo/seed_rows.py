"""What every part of ``flask seed`` shares: the sizes, the words a seeded programme is written
in, batched inserts and the run being seeded (learning/demo/seed.py puts the parts together)."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Table, func, insert, select

from learning.platform.extensions import db

BATCH = 5000
LESSONS_PER_MODULE = 3
MODULES_PER_WORKSHOP = 5


@dataclass(frozen=True)
class Size:
    """How much of everything one size makes."""

    users: int
    workshops: int
    editions: int
    enrolments: int
    completions: int
    outputs: int


SIZES = {
    "xs": Size(users=10, workshops=3, editions=6, enrolments=30, completions=200, outputs=10),
    "s": Size(users=100, workshops=10, editions=30, enrolments=300, completions=3000, outputs=100),
    "m": Size(1_000, 100, 300, 10_000, 100_000, 1_000),
    "l": Size(10_000, 500, 1_500, 100_000, 1_000_000, 10_000),
}

# Small bilingual word lists: (Spanish, English).
TOPICS = [
    ("Periodismo de datos", "Data journalism"),
    ("Verificación de información", "Fact-checking"),
    ("Gobierno abierto", "Open government"),
    ("Transparencia presupuestaria", "Budget transparency"),
    ("Transformación digital", "Digital transformation"),
    ("Ciberseguridad ciudadana", "Citizen cybersecurity"),
    ("Adaptación al cambio climático", "Climate adaptation"),
    ("Economía circular", "Circular economy"),
    ("Crecimiento inclusivo", "Inclusive growth"),
    ("Políticas públicas basadas en evidencia", "Evidence-based policy"),
    ("Participación ciudadana", "Citizen participation"),
    ("Igualdad de género", "Gender equality"),
    ("Derechos digitales", "Digital rights"),
    ("Comunicación de riesgos", "Risk communication"),
    ("Integridad electoral", "Electoral integrity"),
]
QUALIFIERS = [
    ("para principiantes", "for beginners"),
    ("avanzado", "advanced"),
    ("en Centroamérica", "in Central America"),
    ("en la práctica", "in practice"),
    ("para redacciones", "for newsrooms"),
    ("para gobiernos locales", "for local governments"),
    ("con herramientas abiertas", "with open tools"),
]
LESSON_TOPICS = [
    ("Introducción", "Introduction"),
    ("Conceptos clave", "Key concepts"),
    ("Estudio de caso", "Case study"),
    ("Herramientas", "Tools"),
    ("Ejercicio práctico", "Hands-on exercise"),
    ("Lecturas recomendadas", "Recommended reading"),
    ("Buenas prácticas", "Good practice"),
    ("Evaluación", "Assessment"),
]
FIRST_NAMES = "Ana Luis María José Carmen Jorge Lucía Diego Sofía Pablo Elena Andrés Rosa Tomás \
Gabriela Miguel Valeria Carlos Daniela Fernando Isabel Ricardo Paula Javier".split()
LAST_NAMES = "García Hernández López Martínez González Pérez Rodríguez Sánchez Ramírez Flores \
Castillo Morales Vásquez Rivera Mejía Cruz Ortiz Reyes Aguilar Chávez".split()
ORGANISATIONS = [
    "Red de Periodistas de Centroamérica",
    "Centro de Estudios para el Desarrollo",
    "Observatorio Ciudadano",
    "Instituto de Políticas Públicas",
    "Radio Comunitaria Sur",
    "Fundación Democracia Abierta",
    "Asamblea Legislativa",
    "Cámara de Comercio Regional",
]
OUTPUT_TYPES = ("policy_brief", "working_paper", "research_report", "journal_article", "dataset")
COUNTRIES = ("MX", "GT", "BZ", "SV", "HN", "NI", "CR", "PA")
THEMES = ("democracy", "digital", "climate", "growth")
AUDIENCES = ("journalists", "policy-makers", "civil-society", "business", "academia")
SECTORS = ("media", "government", "civil-society", "business", "academia", "other")
KINDS = ("text", "text", "reading", "video")
ABSTRACT_ES = (
    "Este trabajo analiza {t} con datos de {c} y propone recomendaciones para los gobiernos y "
    "la sociedad civil de la región."
)
ABSTRACT_EN = (
    "This paper analyses {t} with data from {c} and proposes recommendations for governments "
    "and civil society in the region."
)
BODY_ES = "## {t}\n\nEn esta lección se trabaja {t} con ejemplos de la región.\n\n- Lea el caso.\n"
BODY_EN = "## {t}\n\nThis lesson covers {t} with examples from the region.\n\n- Read the case.\n"


@dataclass
class Seeding:
    """One run of ``seed``: its size, its random source, its clock and the rows it counts."""

    size: Size
    rng: random.Random
    now: datetime
    say: Callable[[str], Any]
    counts: dict[str, int] = field(default_factory=dict)
    started: float = field(default_factory=time.monotonic)

    @property
    def today(self) -> date:
        return self.now.date()

    def step(self, label: str) -> None:
        """Commit what is written so far and say how long it took."""
        db.session.commit()
        self.say(f"  {label:<22} {time.monotonic() - self.started:7.1f} s")


def table(name: str) -> Table:
    return db.metadata.tables[name]


def _chunks(rows: Iterable[dict[str, Any]], size: int = BATCH) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def insert_rows(name: str, rows: Iterable[dict[str, Any]]) -> int:
    """Insert ``rows`` into table ``name`` in batches; returns how many."""
    found = table(name)
    count = 0
    for batch in _chunks(rows):
        db.session.execute(insert(found), batch)
        count += len(batch)
    return count


def next_id(name: str) -> int:
    return (db.session.scalar(select(func.max(table(name).c.id))) or 0) + 1
