"""Webhooks plugged into the app: the staff pages, the sending job (queued when deliveries
are recorded, and every minute for retries), what goes when a staff member deletes their
account (their endpoints are disabled and left without owner), and the session listener that
turns the platform's changes into deliveries."""

from __future__ import annotations

from flask import Flask

from learning.platform.slots import ACCOUNT_DELETING, JOB_KINDS, JOB_SCHEDULE
from learning.webhooks import delivery, routes, services


def init_app(app: Flask) -> None:
    """Register the pages, fill the slots of jobs and accounts, and listen to the session."""
    app.register_blueprint(routes.bp)
    ACCOUNT_DELETING.fill(app, services.forget_person)
    for name, kind in delivery.KINDS.items():
        JOB_KINDS.fill(app, kind, key=name)
    for name, schedule in delivery.SCHEDULE.items():
        JOB_SCHEDULE.fill(app, schedule, key=name)
    services.listen()
