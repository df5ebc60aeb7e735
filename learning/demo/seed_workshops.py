"""``flask seed``: the workshops, their curricula (modules and lessons) and their editions."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

from learning.demo.seed_rows import (
    AUDIENCES,
    BODY_EN,
    BODY_ES,
    COUNTRIES,
    KINDS,
    LESSON_TOPICS,
    LESSONS_PER_MODULE,
    MODULES_PER_WORKSHOP,
    QUALIFIERS,
    THEMES,
    TOPICS,
    Seeding,
    insert_rows,
    next_id,
)
from learning.workshops.services.authoring import search_text_for
from learning.workshops.services.common import slugify


def seed_workshops(run: Seeding, trainers: list[int]) -> tuple[list[int], dict[int, list[int]]]:
    """Workshops (one in twenty a draft) with their texts, tags, trainers and curricula; returns
    the published workshops' ids and each workshop's lesson ids."""
    rng, now = run.rng, run.now
    first_workshop = next_id("workshops")
    workshop_ids = list(range(first_workshop, first_workshop + run.size.workshops))
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
    run.counts["workshops"] = insert_rows("workshops", workshops)
    insert_rows("workshop_translations", translations)
    insert_rows("workshop_tags", tags)
    insert_rows("workshop_trainers", workshop_trainers)

    module_id, lesson_id = next_id("modules"), next_id("lessons")
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
    run.counts["modules"] = insert_rows("modules", modules)
    insert_rows("module_translations", module_texts)
    run.counts["lessons"] = insert_rows("lessons", lessons)
    insert_rows("lesson_translations", lesson_texts)
    run.step("workshops")
    published_ids = [w["id"] for w in workshops if w["status"] == "published"]
    return published_ids, lessons_of


def seed_editions(run: Seeding, published_ids: list[int]) -> dict[int, int]:
    """Editions of the published workshops; returns each edition's workshop, by edition id."""
    rng, today = run.rng, run.today
    edition_id = next_id("editions")
    editions = []
    workshop_of: dict[int, int] = {}
    for n in range(run.size.editions):
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
    run.counts["editions"] = insert_rows("editions", editions)
    return workshop_of
