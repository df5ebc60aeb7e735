"""``flask storage gc`` and ``flask storage verify`` (``check`` lives beside the backends)."""

from __future__ import annotations

from datetime import timedelta

import click

from learning.storage.services import collect_garbage, verify_objects
from learning.storage.store import StorageError, storage_cli


@storage_cli.command("gc")
@click.option("--dry-run", is_flag=True, help="List what would be removed; remove nothing.")
@click.option(
    "--older-than-hours",
    type=click.IntRange(min=1),
    default=24,
    show_default=True,
    help="Only touch pending rows and unreferenced objects older than this.",
)
def gc_command(dry_run: bool, older_than_hours: int) -> None:
    """Remove pending rows and unreferenced objects left by failed or abandoned uploads."""
    try:
        report = collect_garbage(older_than=timedelta(hours=older_than_hours), dry_run=dry_run)
    except StorageError as exc:
        raise click.ClickException(f"storage gc failed: {exc}") from exc
    verb = "would remove" if dry_run else "removed"
    for key in report.pending_rows:
        click.echo(f"{verb} pending upload {key}")
    for key in report.orphan_objects:
        click.echo(f"{verb} unreferenced object {key}")
    for key in report.partial_uploads:
        click.echo(f"{verb} unfinished upload {key}")
    click.echo(
        f"{len(report.pending_rows)} pending rows, {len(report.orphan_objects)} "
        f"unreferenced objects and {len(report.partial_uploads)} unfinished uploads {verb}"
    )


@storage_cli.command("verify")
def verify_command() -> None:
    """Re-read every available object and check its size and SHA-256 against the database."""
    try:
        checked, problems = verify_objects()
    except StorageError as exc:
        raise click.ClickException(f"storage verify failed: {exc}") from exc
    for problem in problems:
        click.echo(f"file {problem.file_id} ({problem.key}): {problem.problem}")
    click.echo(f"{checked} objects checked, {len(problems)} problems")
    if problems:
        raise SystemExit(1)
