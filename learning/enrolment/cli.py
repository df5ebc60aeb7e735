"""``flask enrolment send-reminders`` (hourly, from cron on one host) and
``flask enrolment purge-imports`` (daily)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from learning.enrolment.services.imports import purge_imports
from learning.enrolment.services.notices import deliver
from learning.enrolment.services.schedule import send_reminders
from learning.platform.extensions import db

enrolment_cli = AppGroup("enrolment", help="Enrolment reminders and housekeeping.")


@enrolment_cli.command("send-reminders")
@click.option(
    "--hours",
    type=click.IntRange(1, 72),
    default=24,
    show_default=True,
    help="Remind about live sessions starting within this many hours.",
)
def send_reminders_command(hours: int) -> None:
    """E-mail each active participant the day before a live session (once per session).

    Run it hourly from cron on one host; reruns send nothing twice. Set SERVER_NAME so the
    e-mails carry full links.
    """
    notices = send_reminders(hours=hours)
    db.session.commit()
    sent = deliver(notices)
    click.echo(f"{sent} reminders sent ({len(notices) - sent} failed)")


@enrolment_cli.command("purge-imports")
@click.option("--older-than-days", type=click.IntRange(min=1), default=30, show_default=True)
def purge_imports_command(older_than_days: int) -> None:
    """Forget uploaded roster CSVs (personal data) older than this; ``flask storage gc`` then
    removes their objects."""
    count = purge_imports(older_than_days)
    click.echo(f"{count} uploaded CSV files forgotten")
