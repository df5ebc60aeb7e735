"""``flask seed``: the people (accounts and their roles)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from flask import current_app
from werkzeug.security import generate_password_hash

from learning.demo.seed_rows import (
    COUNTRIES,
    FIRST_NAMES,
    LAST_NAMES,
    ORGANISATIONS,
    SECTORS,
    Seeding,
    insert_rows,
    next_id,
)

SEED_PASSWORD = "seed-password-2026"  # noqa: S105 - printed on purpose: benchmark accounts


@dataclass(frozen=True)
class People:
    """The seeded accounts' ids, by what they do."""

    user_ids: list[int]
    trainers: list[int]
    researchers: list[int]
    participants: list[int]


def seed_people(run: Seeding) -> People:
    """Accounts (one admin, some trainers and researchers, the rest participants) and roles."""
    rng, now = run.rng, run.now
    password_hash = generate_password_hash(
        SEED_PASSWORD, method=current_app.config["PASSWORD_HASH_METHOD"]
    )
    first_user = next_id("users")
    user_ids = list(range(first_user, first_user + run.size.users))
    n_trainers = max(2, run.size.users // 50)
    n_researchers = max(2, run.size.users // 50)
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

    run.counts["users"] = insert_rows("users", users())
    role_rows = [{"user_id": user_ids[0], "role": "admin", "granted_at": now}]
    role_rows += [{"user_id": u, "role": "trainer", "granted_at": now} for u in trainers]
    role_rows += [{"user_id": u, "role": "researcher", "granted_at": now} for u in researchers]
    role_rows.append({"user_id": researchers[0], "role": "curator", "granted_at": now})
    role_rows.append({"user_id": researchers[0], "role": "moderator", "granted_at": now})
    run.counts["user_roles"] = insert_rows("user_roles", role_rows)
    run.step("users")
    return People(user_ids, trainers, researchers, participants)
