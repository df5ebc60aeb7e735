"""Research's work on the job queue: rebuilding the search index and facets of every output
(after a restore, a move to another database, or a change in how words are normalised)."""

from __future__ import annotations

from collections.abc import Callable

import click
from flask.cli import AppGroup
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from learning.jobs.models import Job
from learning.jobs.services import JobKind, Progress
from learning.platform.extensions import db
from learning.research.models import ResearchOutput
from learning.research.services.index import reindex

REINDEX = "research.reindex"
BATCH = 100


def reindex_all(report: Callable[[int, int], None], start_after: int = 0) -> int:
    """Index every output again, in batches of ``BATCH`` committed one by one; ``report(done,
    total)`` after each. Carries on after output id ``start_after``. Returns how many."""
    ids = list(
        db.session.scalars(
            select(ResearchOutput.id)
            .where(ResearchOutput.id > start_after)
            .order_by(ResearchOutput.id)
        )
    )
    for first in range(0, len(ids), BATCH):
        batch = ids[first : first + BATCH]
        for output in db.session.scalars(
            select(ResearchOutput).where(ResearchOutput.id.in_(batch))
        ):
            reindex(output)
        report(first + len(batch), len(ids))
    return len(ids)


def run_reindex(job: Job, progress: Progress) -> None:
    """The job: ``job.result["after"]`` remembers the last batch done, so a retried job
    carries on from there."""
    after = job.result.get("after", 0)
    done_before = job.done if after else 0
    ids = list(
        db.session.scalars(
            select(ResearchOutput.id).where(ResearchOutput.id > after).order_by(ResearchOutput.id)
        )
    )
    total = done_before + len(ids)
    last = {"id": after}

    def report(done: int, _remaining: int) -> None:
        last["id"] = ids[done - 1]
        job.result = {"after": last["id"]}
        progress(done_before + done, total=total)

    progress(done_before, total=total)
    reindex_all(report, start_after=after)


KINDS = {REINDEX: JobKind(_l("Rebuild the research search index"), run_reindex)}

research_cli = AppGroup("research", help="The research exchange's maintenance.")


@research_cli.command("reindex")
def reindex_command() -> None:
    """Rebuild the search index and facets of every research output (what the job does)."""

    def report(done: int, total: int) -> None:
        db.session.commit()
        click.echo(f"{done}/{total}")

    count = reindex_all(report)
    db.session.commit()
    click.echo(f"{count} outputs indexed.")
