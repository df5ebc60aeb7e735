"""``flask seed``: enrolments, lesson progress, completions and certificates."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from learning.demo.seed_rows import (
    LESSONS_PER_MODULE,
    MODULES_PER_WORKSHOP,
    Seeding,
    insert_rows,
    next_id,
)


def seed_enrolments(
    run: Seeding, edition_ids: list[int], participants: list[int], user_ids: list[int]
) -> tuple[dict[int, str], dict[int, int]]:
    """Enrolments spread over the editions; returns each enrolment's state and edition."""
    rng, now = run.rng, run.now
    per_edition, extra = divmod(run.size.enrolments, len(edition_ids))
    people = participants if len(participants) > per_edition else user_ids
    enrolment_id = next_id("enrolments")
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
    run.counts["enrolments"] = insert_rows("enrolments", enrolments)
    run.step("enrolments")
    return state_of, edition_of


def seed_progress(
    run: Seeding,
    state_of: dict[int, str],
    edition_of: dict[int, int],
    workshop_of: dict[int, int],
    lessons_of: dict[int, list[int]],
) -> None:
    """Lessons done (only of the enrolment's own workshop; every one for a completed
    enrolment), and a completion and a certificate for each completed enrolment."""
    rng, now = run.rng, run.now
    lessons_per_workshop = MODULES_PER_WORKSHOP * LESSONS_PER_MODULE
    done = sum(lessons_per_workshop for s in state_of.values() if s == "completed")
    active = sum(1 for s in state_of.values() if s in ("active", "withdrawn"))
    mean_active = max(
        0.0, min(lessons_per_workshop, (run.size.completions - done) / max(active, 1))
    )

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

    run.counts["lesson_completions"] = insert_rows("lesson_completions", lesson_completions())
    finished = [eid for eid, s in state_of.items() if s == "completed"]
    rule = {"required_lessons": lessons_per_workshop}
    run.counts["completions"] = insert_rows(
        "completions",
        (
            {"enrolment_id": e, "completed_at": now - timedelta(days=1), "rule": rule}
            for e in finished
        ),
    )
    run.counts["certificates"] = insert_rows(
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
    run.step("lesson completions")
