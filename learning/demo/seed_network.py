"""Seeded network organisations and people: one organisation per ten people (at least eight,
of every type, across the programme's countries, one in three verified), and a profile for two
participants in three — public, members only or private in turn, some hiding contact and
location — with expertise, keywords and languages; the first organisation has every profiled
participant as a member (its page is measured with the most people at every size), the others
a few each."""

from __future__ import annotations

from sqlalchemy import select

from learning.accounts.models import User
from learning.demo.seed_rows import COUNTRIES, ORGANISATIONS, THEMES, Seeding, insert_rows, next_id
from learning.language.text import normalise
from learning.network.models import ORGANISATION_KINDS
from learning.platform.extensions import db

VISIBILITY = ("public", "network", "network", "private")
SPOKEN = (["es"], ["es", "en"], ["es", "quc"], ["en", "cab"], ["es", "nah"])
KEYWORDS = ("periodismo de datos", "política fiscal", "transparencia", "clima", "elecciones")


def seed_network(run: Seeding, participants: list[int]) -> None:
    """Write organisations, their texts and themes, profiles with tags, and memberships."""
    rng, now = run.rng, run.now
    kinds = list(ORGANISATION_KINDS)
    count = max(8, run.size.users // 10)
    first = next_id("network_organisations")
    organisations, texts, themes = [], [], []
    for n in range(count):
        name = f"{ORGANISATIONS[n % len(ORGANISATIONS)]} {n + 1}"
        city = "Ciudad"
        description = f"Organización de la red número {n + 1}."
        organisations.append(
            {
                "id": first + n,
                "kind": kinds[n % len(kinds)],
                "status": "active",
                "name": name,
                "acronym": "",
                "country": COUNTRIES[n % len(COUNTRIES)],
                "city": city,
                "website": "",
                "verified": n % 3 == 0,
                "verified_at": now if n % 3 == 0 else None,
                "search_text": normalise(f"{name} {city} {description}"),
                "created_at": now,
                "updated_at": now,
            }
        )
        texts.append({"organisation_id": first + n, "language": "es", "description": description})
        themes.append({"organisation_id": first + n, "theme": THEMES[n % len(THEMES)]})
    run.counts["network_organisations"] = insert_rows("network_organisations", organisations)
    insert_rows("network_organisation_translations", texts)
    insert_rows("network_organisation_themes", themes)

    names = {
        user_id: name
        for user_id, name in db.session.execute(
            select(User.id, User.name).where(User.id.in_(participants))
        ).all()
    }
    profiled = [user_id for n, user_id in enumerate(participants) if n % 3 != 2]
    profiles, tags, members = [], [], []
    for n, user_id in enumerate(profiled):
        visibility = VISIBILITY[n % len(VISIBILITY)]
        at_risk = n % 5 == 0
        words = [KEYWORDS[n % len(KEYWORDS)], KEYWORDS[(n + 2) % len(KEYWORDS)]]
        headline = f"Periodista e investigador(a) {n + 1}"
        text = normalise(" ".join([names.get(user_id, ""), headline, *words]))
        profiles.append(
            {
                "user_id": user_id,
                "visibility": visibility,
                "headline": headline,
                "bio": "Trabajo en la región.",
                "bio_links_approved": False,
                "city": "Ciudad",
                "country": COUNTRIES[n % len(COUNTRIES)],
                "contact_email": "",
                "website": "",
                "orcid": "",
                "headline_visibility": "public",
                "bio_visibility": "network",
                "location_visibility": "staff" if at_risk else "network",
                "contact_visibility": "staff",
                "orcid_visibility": "network",
                "expertise_visibility": "public",
                "languages_visibility": "network",
                "search_text": text,
                "public_search_text": text,
                "created_at": now,
                "updated_at": now,
            }
        )
        tags.append({"user_id": user_id, "facet": "theme", "value": THEMES[n % len(THEMES)]})
        tags += [{"user_id": user_id, "facet": "keyword", "value": w} for w in words]
        tags += [{"user_id": user_id, "facet": "language", "value": code}
                 for code in SPOKEN[n % len(SPOKEN)]]  # fmt: skip
        members.append(_member(first, user_id, now))
        if count > 1 and rng.random() < 0.5:
            members.append(_member(first + 1 + n % (count - 1), user_id, now))
    run.counts["network_profiles"] = insert_rows("network_profiles", profiles)
    insert_rows("network_profile_tags", tags)
    insert_rows("network_organisation_members", members)
    run.step("network people")


def _member(organisation_id: int, user_id: int, now: object) -> dict[str, object]:
    return {
        "organisation_id": organisation_id,
        "user_id": user_id,
        "role": "Miembro",
        "is_admin": False,
        "state": "confirmed",
        "created_at": now,
        "confirmed_at": now,
    }
