"""``flask jobs worker``: a consumer of the job queue (run one or more on each host)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from learning.jobs import services

jobs_cli = AppGroup("jobs", help="The background job queue.")


@jobs_cli.command("worker")
@click.option("--workers", type=click.IntRange(1, 64), default=2, show_default=True)
def worker_command(workers: int) -> None:
    """Run jobs from the queue until stopped (Ctrl-C or SIGTERM finish the running ones
    first). Also fires the scheduled work: reminders hourly, purges and storage gc daily."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    recovered = services.recover_stale()
    if recovered:
        click.echo(f"{recovered} jobs left running by a stopped worker were queued again")
    huey = services.get_huey(app)
    click.echo(f"Job worker on {app.config['JOBS_URL'].split('@')[-1]} with {workers} threads")
    huey.create_consumer(workers=workers, worker_type="thread").run()


@jobs_cli.command("run-scheduled")
@click.argument("name")
def run_scheduled_command(name: str) -> None:
    """Submit the scheduled work NAME now (for example enrolment.reminders)."""
    if services.schedules(current_app).get(name) is None:
        known = ", ".join(sorted(services.schedules(current_app)))
        raise click.ClickException(f"no scheduled work {name!r}; known: {known}")
    job = services.fire_scheduled(name)
    click.echo(f"queued job {job.id}" if job else "already submitted this minute")
