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

This module puts the parts together and holds the command; each part is a module of its own:
``seed_people`` (accounts), ``seed_workshops`` (workshops, curricula, editions),
``seed_enrolment`` (enrolments, progress, completions, certificates), ``seed_research``
and ``seed_events`` (events, agendas, registrations);
``seed_rows`` holds the sizes, the word lists and the batched inserts they share.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select, text

from learning.demo.seed_calls import seed_calls
from learning.demo.seed_enrolment import seed_enrolments, seed_progress
from learning.demo.seed_event_after import seed_event_after
from learning.demo.seed_events import seed_events
from learning.demo.seed_network import seed_network
from learning.demo.seed_network_talk import seed_network_talk
from learning.demo.seed_people import SEED_PASSWORD, seed_people
from learning.demo.seed_research import seed_research
from learning.demo.seed_rows import SIZES, Seeding
from learning.demo.seed_workshops import seed_editions, seed_workshops
from learning.platform import cache
from learning.platform.extensions import db


def is_empty() -> bool:
    """Whether the database has no accounts, workshops or research outputs."""
    return not any(
        db.session.scalar(select(func.count()).select_from(db.metadata.tables[name]))
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

    run = Seeding(
        size=SIZES[size_name],
        rng=random.Random(seed_value),  # noqa: S311 - made-up data, not secrets
        now=datetime.now(UTC).replace(microsecond=0),
        say=echo or (lambda *_: None),
    )
    people = seed_people(run)
    published_ids, lessons_of = seed_workshops(run, people.trainers)
    workshop_of = seed_editions(run, published_ids)
    state_of, edition_of = seed_enrolments(
        run, list(workshop_of), people.participants, people.user_ids
    )
    seed_progress(run, state_of, edition_of, workshop_of, lessons_of)
    seed_research(run, people.researchers)
    seed_events(run, people.trainers, people.participants)
    seed_event_after(run)
    seed_calls(run, people.user_ids[:1], people.participants)
    seed_network(run, people.participants)
    seed_network_talk(run, people.participants)

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
            "events",
            "event_translations",
            "event_tags",
            "event_sessions",
            "event_session_translations",
            "event_speakers",
            "event_registrations",
            "calls",
            "call_translations",
            "call_rules",
            "call_applications",
            "call_reviewers",
            "call_criteria",
            "call_criterion_translations",
            "call_reviews",
            "network_threads",
            "network_posts",
            "network_post_revisions",
            "network_moderation_actions",
            "network_follows",
            "network_organisations",
            "network_organisation_translations",
            "network_organisation_themes",
            "network_organisation_members",
            "network_profile_tags",
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
    return run.counts


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
