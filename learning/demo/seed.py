"""``flask seed --size xs|s|m|l``: a sized, realistic, bilingual programme for performance work.

Sizes follow Moodle's performance sites (XS to XL). Rows are written with SQLAlchemy Core in
batches (no ORM objects, no services that send e-mails), with ids chosen here so related rows
can point at them without reading anything back. Everything comes from ``random.Random(seed)``:
the same size and seed give the same programme. Every seeded account shares one password
(``SEED_PASSWORD``), hashed once.

Derived data stays consistent: enrolment states hold their seats, completions exist only for
lessons of the enrolment's workshop, completed enrolments have every lesson done plus a
completion and a certificate, the catalogue's ``search_text`` is built by
``workshops.services.authoring.search_text_for``, and research outputs go into the search index
through the search backend (FTS5 or tsvector) and into the facet table with the research
service's own facet rules.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import Table, func, insert, select, text
from werkzeug.security import generate_password_hash

from learning.platform import cache
from learning.platform.extensions import db
from learning.research import search
from learning.research.services import _facet_values
from learning.workshops.services.authoring import search_text_for
from learning.workshops.services.common import slugify

SEED_PASSWORD = "seed-password-2026"  # noqa: S105 - printed on purpose: benchmark accounts
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


def _table(name: str) -> Table:
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


def _insert(name: str, rows: Iterable[dict[str, Any]]) -> int:
    """Insert ``rows`` into table ``name`` in batches; returns how many."""
    table = _table(name)
    count = 0
    for batch in _chunks(rows):
        db.session.execute(insert(table), batch)
        count += len(batch)
    return count


def _next_id(name: str) -> int:
    return (db.session.scalar(select(func.max(_table(name).c.id))) or 0) + 1


def is_empty() -> bool:
    """Whether the database has no accounts, workshops or research outputs."""
    return not any(
        db.session.scalar(select(func.count()).select_from(_table(name)))
        for name in ("users", "workshops", "research_outputs")
    )


def _fix_sequences(names: Iterable[str]) -> None:
    """PostgreSQL: move each serial sequence past the ids chosen here."""
    if db.engine.dialect.name != "postgresql":
        return
    for name in names:
        db.session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "  # noqa: S608 - constant
                f"COALESCE((SELECT MAX(id) FROM {name}), 0) + 1, false)"
            )
        )


def seed(size_name: str, *, seed_value: int = 2026, echo: Any = None) -> dict[str, int]:
    """Write a programme of ``size_name`` into the current database; returns row counts."""

    say = echo or (lambda *_: None)
    size = SIZES[size_name]
    rng = random.Random(seed_value)  # noqa: S311 - made-up data, not secrets
    now = datetime.now(UTC).replace(microsecond=0)
    today = now.date()
    counts: dict[str, int] = {}
    started = time.monotonic()

    def step(label: str) -> None:
        db.session.commit()
        say(f"  {label:<22} {time.monotonic() - started:7.1f} s")

    # People ------------------------------------------------------------------------------
    password_hash = generate_password_hash(
        SEED_PASSWORD, method=current_app.config["PASSWORD_HASH_METHOD"]
    )
    first_user = _next_id("users")
    user_ids = list(range(first_user, first_user + size.users))
    n_trainers = max(2, size.users // 50)
    n_researchers = max(2, size.users // 50)
    trainers = user_ids[1 : 1 + n_trainers]
    researchers = user_ids[1 + n_trainers : 1 + n_trainers + n_researchers]
    participants = user_ids[1 + n_trainers + n_researchers :] or user_ids
    kind_of = {user_ids[0]: "admin"}
    kind_of.update(dict.fromkeys(trainers, "trainer"))
    kind_of.update(dict.fromkeys(researchers, "researcher"))

    def users() -> Iterator[dict[str, Any]]:
        for n, uid in enumerate(user_ids):
            role = kind_of.get(uid, "participant")
            yield {
                "id": uid,
                "email": f"{role}{n}@seed.puente",
                "name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} {n}",
                "password_hash": password_hash,
                "auth_token": f"seed{uid:08d}",
                "country": rng.choice(COUNTRIES),
                "organisation": rng.choice(ORGANISATIONS),
                "sector": rng.choice(SECTORS),
                "gender": rng.choice(("woman", "man", "undisclosed")),
                "preferred_language": "es" if rng.random() < 0.7 else "en",
                "timezone": "America/Mexico_City",
                "active": True,
                "confirmed_at": now - timedelta(days=400),
                "created_at": now - timedelta(days=400 - n % 365),
            }

    counts["users"] = _insert("users", users())
    role_rows = [{"user_id": user_ids[0], "role": "admin", "granted_at": now}]
    role_rows += [{"user_id": u, "role": "trainer", "granted_at": now} for u in trainers]
    role_rows += [{"user_id": u, "role": "researcher", "granted_at": now} for u in researchers]
    role_rows.append({"user_id": researchers[0], "role": "curator", "granted_at": now})
    counts["user_roles"] = _insert("user_roles", role_rows)
    step("users")

    # Workshops and curricula -------------------------------------------------------------
    first_workshop = _next_id("workshops")
    workshop_ids = list(range(first_workshop, first_workshop + size.workshops))
    workshops, translations, tags, workshop_trainers = [], [], [], []
    trainer_of: dict[int, int] = {}
    for n, wid in enumerate(workshop_ids):
        topic = TOPICS[n % len(TOPICS)]
        qualifier = QUALIFIERS[(n // len(TOPICS)) % len(QUALIFIERS)]
        title_es, title_en = f"{topic[0]} {qualifier[0]}", f"{topic[1]} {qualifier[1]}"
        texts = [
            SimpleNamespace(
                workshop_id=wid,
                language="es",
                title=title_es,
                summary=f"Un taller sobre {topic[0].lower()} {qualifier[0]}.",
                description=f"Aprenda {topic[0].lower()} con casos de la región.",
            ),
            SimpleNamespace(
                workshop_id=wid,
                language="en",
                title=title_en,
                summary=f"A workshop on {topic[1].lower()} {qualifier[1]}.",
                description=f"Learn {topic[1].lower()} with cases from the region.",
            ),
        ]
        translations.extend(vars(t) for t in texts)
        published = n % 20 != 19  # one in twenty stays a draft
        workshops.append(
            {
                "id": wid,
                "slug": f"{slugify(title_en)}-{wid}",
                "format": rng.choice(("online", "in-person", "hybrid")),
                "estimated_hours": rng.choice((4, 8, 12, 20)),
                "status": "published" if published else "draft",
                "search_text": search_text_for(texts),  # type: ignore[arg-type]
                "created_by_id": trainers[n % len(trainers)],
                "created_at": now - timedelta(days=300 - n % 200),
                "updated_at": now - timedelta(days=10),
                "published_at": now - timedelta(days=200 - n % 200, hours=n) if published else None,
            }
        )
        tags.append({"workshop_id": wid, "facet": "theme", "value": THEMES[n % len(THEMES)]})
        for audience in rng.sample(AUDIENCES, 2):
            tags.append({"workshop_id": wid, "facet": "audience", "value": audience})
        for language in ("es", "en") if n % 3 else ("es",):
            tags.append({"workshop_id": wid, "facet": "language", "value": language})
        trainer_of[wid] = trainers[n % len(trainers)]
        workshop_trainers.append({"workshop_id": wid, "user_id": trainer_of[wid]})
    counts["workshops"] = _insert("workshops", workshops)
    _insert("workshop_translations", translations)
    _insert("workshop_tags", tags)
    _insert("workshop_trainers", workshop_trainers)

    module_id, lesson_id = _next_id("modules"), _next_id("lessons")
    modules, module_texts, lessons, lesson_texts = [], [], [], []
    lessons_of: dict[int, list[int]] = {}
    for wid in workshop_ids:
        lessons_of[wid] = []
        for m in range(MODULES_PER_WORKSHOP):
            modules.append({"id": module_id, "workshop_id": wid, "position": m})
            module_texts.append(
                {
                    "module_id": module_id,
                    "language": "es",
                    "title": f"Módulo {m + 1}",
                    "summary": "",
                }
            )
            module_texts.append(
                {
                    "module_id": module_id,
                    "language": "en",
                    "title": f"Module {m + 1}",
                    "summary": "",
                }
            )
            for p in range(LESSONS_PER_MODULE):
                topic = LESSON_TOPICS[(m * LESSONS_PER_MODULE + p) % len(LESSON_TOPICS)]
                lessons.append(
                    {
                        "id": lesson_id,
                        "module_id": module_id,
                        "position": p,
                        "kind": rng.choice(KINDS),
                        "estimated_minutes": rng.choice((15, 30, 45)),
                        "required": True,
                    }
                )
                for language, title, body in (
                    ("es", topic[0], BODY_ES),
                    ("en", topic[1], BODY_EN),
                ):
                    lesson_texts.append(
                        {
                            "lesson_id": lesson_id,
                            "language": language,
                            "title": title,
                            "body": body.format(t=title.lower()),
                        }
                    )
                lessons_of[wid].append(lesson_id)
                lesson_id += 1
            module_id += 1
    counts["modules"] = _insert("modules", modules)
    _insert("module_translations", module_texts)
    counts["lessons"] = _insert("lessons", lessons)
    _insert("lesson_translations", lesson_texts)
    step("workshops")

    # Editions and enrolments -------------------------------------------------------------
    published_ids = [w["id"] for w in workshops if w["status"] == "published"]
    edition_id = _next_id("editions")
    editions = []
    workshop_of: dict[int, int] = {}
    for n in range(size.editions):
        wid = published_ids[n % len(published_ids)]
        starts = today + timedelta(days=rng.randint(-120, 90))
        editions.append(
            {
                "id": edition_id,
                "workshop_id": wid,
                "name": f"Cohorte {n + 1} / Cohort {n + 1}",
                "starts_on": starts,
                "ends_on": starts + timedelta(days=rng.choice((7, 14, 28))),
                "timezone": "America/Mexico_City",
                "capacity": None,
                "status": "open" if starts > today else "closed",
                "country": rng.choice(COUNTRIES),
                "enrolment_mode": "open",
            }
        )
        workshop_of[edition_id] = wid
        edition_id += 1
    counts["editions"] = _insert("editions", editions)

    edition_ids = [e["id"] for e in editions]
    per_edition, extra = divmod(size.enrolments, len(edition_ids))
    people = participants if len(participants) > per_edition else user_ids
    enrolment_id = _next_id("enrolments")
    enrolments, state_of, edition_of = [], {}, {}
    for index, eid in enumerate(edition_ids):
        wanted = per_edition + (1 if index < extra else 0)
        for uid in rng.sample(people, min(wanted, len(people))):
            roll = rng.random()
            state = (
                "active"
                if roll < 0.6
                else "completed"
                if roll < 0.85
                else "pending"
                if roll < 0.9
                else "waitlisted"
                if roll < 0.95
                else "withdrawn"
            )
            enrolments.append(
                {
                    "id": enrolment_id,
                    "edition_id": eid,
                    "user_id": uid,
                    "state": state,
                    "created_at": now - timedelta(days=rng.randint(1, 150), minutes=enrolment_id),
                    "updated_at": now - timedelta(days=1),
                }
            )
            state_of[enrolment_id] = state
            edition_of[enrolment_id] = eid
            enrolment_id += 1
    counts["enrolments"] = _insert("enrolments", enrolments)
    step("enrolments")

    # Progress, completions and certificates ----------------------------------------------
    lessons_per_workshop = MODULES_PER_WORKSHOP * LESSONS_PER_MODULE
    done = sum(lessons_per_workshop for s in state_of.values() if s == "completed")
    active = sum(1 for s in state_of.values() if s in ("active", "withdrawn"))
    mean_active = max(0.0, min(lessons_per_workshop, (size.completions - done) / max(active, 1)))

    def lesson_completions() -> Iterator[dict[str, Any]]:
        for eid, state in state_of.items():
            lessons_here = lessons_of[workshop_of[edition_of[eid]]]
            if state == "completed":
                k = len(lessons_here)
            elif state in ("active", "withdrawn"):
                k = min(len(lessons_here), round(rng.triangular(0, mean_active * 2, mean_active)))
            else:
                continue
            for position, lid in enumerate(lessons_here[:k]):
                yield {
                    "enrolment_id": eid,
                    "lesson_id": lid,
                    "completed_at": now - timedelta(days=k - position, minutes=eid % 600),
                    "source": "manual",
                }

    counts["lesson_completions"] = _insert("lesson_completions", lesson_completions())
    finished = [eid for eid, s in state_of.items() if s == "completed"]
    rule = {"required_lessons": lessons_per_workshop}
    counts["completions"] = _insert(
        "completions",
        (
            {"enrolment_id": e, "completed_at": now - timedelta(days=1), "rule": rule}
            for e in finished
        ),
    )
    counts["certificates"] = _insert(
        "certificates",
        (
            {
                "enrolment_id": e,
                "code": f"seed{e:010d}{rng.getrandbits(40):010x}",
                "issued_at": now - timedelta(days=1),
                "language": "es",
            }
            for e in finished
        ),
    )
    step("lesson completions")

    # Research ----------------------------------------------------------------------------
    output_id = _next_id("research_outputs")
    version_id = _next_id("research_versions")
    outputs, versions, rtexts, creators, facets = [], [], [], [], []
    backend = search.backend()
    index_rows = []
    for n in range(size.outputs):
        topic = TOPICS[n % len(TOPICS)]
        country = COUNTRIES[n % len(COUNTRIES)]
        published_on = today - timedelta(days=rng.randint(0, 2000))
        stamp = now - timedelta(days=(today - published_on).days)
        title_es = f"{topic[0]} en {country}: evidencia {n + 1}"
        title_en = f"{topic[1]} in {country}: evidence {n + 1}"
        keywords = [topic[1].lower(), topic[0].lower()]
        names = [
            f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}" for _ in range(rng.randint(1, 3))
        ]
        outputs.append(
            {
                "id": output_id,
                "owner_id": researchers[n % len(researchers)],
                "state": "published",
                "access": "network" if n % 10 == 9 else "public",
                "latest_number": 1,
                "publication_date": published_on,
                "created_at": stamp,
                "published_at": stamp,
                "datestamp": stamp,
                "view_count": rng.randint(0, 500),
                "download_count": rng.randint(0, 200),
            }
        )
        version = {
            "id": version_id,
            "output_id": output_id,
            "number": 1,
            "state": "published",
            "output_type": rng.choice(OUTPUT_TYPES),
            "organisation": rng.choice(ORGANISATIONS),
            "publication_date": published_on,
            "languages": ["es", "en"],
            "keywords": keywords,
            "themes": [THEMES[n % len(THEMES)]],
            "countries": [country],
            "licence": "CC-BY-4.0",
            "created_at": stamp,
            "submitted_at": stamp,
            "published_at": stamp,
        }
        versions.append(version)
        abstract_es = ABSTRACT_ES.format(t=topic[0].lower(), c=country)
        abstract_en = ABSTRACT_EN.format(t=topic[1].lower(), c=country)
        rtexts.append(
            {"version_id": version_id, "language": "es", "title": title_es, "abstract": abstract_es}
        )
        rtexts.append(
            {"version_id": version_id, "language": "en", "title": title_en, "abstract": abstract_en}
        )
        for position, name in enumerate(names):
            creators.append({"version_id": version_id, "position": position, "name": name})
        view = SimpleNamespace(**version, year=published_on.year)
        for facet, value in sorted(_facet_values(view)):  # type: ignore[arg-type]
            facets.append({"output_id": output_id, "facet": facet, "value": value})
        index_rows.append(
            dict(
                output_id=output_id,
                title=search.joined((title_es, title_en)),
                abstract=search.joined((abstract_es, abstract_en)),
                keywords=search.joined(keywords),
                creators=search.joined(names),
            )
        )
        output_id += 1
        version_id += 1
    counts["research_outputs"] = _insert("research_outputs", outputs)
    _insert("research_versions", versions)
    _insert("research_texts", rtexts)
    _insert("research_creators", creators)
    _insert("research_facets", facets)
    for row in index_rows:
        backend.index(row.pop("output_id"), **row)
    step("research")

    _fix_sequences(
        [
            "users",
            "user_roles",
            "workshops",
            "workshop_translations",
            "workshop_tags",
            "modules",
            "module_translations",
            "lessons",
            "lesson_translations",
            "editions",
            "enrolments",
            "lesson_completions",
            "completions",
            "certificates",
            "research_outputs",
            "research_versions",
            "research_texts",
            "research_creators",
            "research_facets",
        ]
    )
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("ANALYZE"))
    else:
        db.session.execute(text("ANALYZE"))
        db.session.commit()
    cache.touch_all()  # running workers must not keep fragments of the programme before this
    return counts


@click.command("seed")
@click.option(
    "--size", "size_name", type=click.Choice(list(SIZES)), default="xs", show_default=True
)
@click.option("--seed", "seed_value", type=int, default=2026, show_default=True)
@click.option("--force", is_flag=True, help="Add to a database that already has content.")
@with_appcontext
def seed_command(size_name: str, seed_value: int, force: bool) -> None:
    """Generate a sized, bilingual programme for performance tests (xs, s, m, l)."""
    if not is_empty() and not force:
        raise click.ClickException(
            "The database already has accounts, workshops or research; use --force to add anyway."
        )
    started = time.monotonic()
    click.echo(f"Seeding size {size_name} ({db.engine.dialect.name}) …")
    counts = seed(size_name, seed_value=seed_value, echo=click.echo)
    for table, count in counts.items():
        click.echo(f"  {table:<20} {count:>9,}")
    click.echo(f"Done in {time.monotonic() - started:.1f} s. Every seeded account's password:")
    click.echo(f"  {SEED_PASSWORD}  (admin0@seed.puente, trainer1@seed.puente, participant…)")
