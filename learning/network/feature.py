"""Network plugged into the app: its pages, through the slots of the features below it
(learning/platform/slots.py)."""

from __future__ import annotations

from typing import Any

from flask import Flask

from learning.network import talk_jobs
from learning.network.blueprint import bp
from learning.network.routes import (  # noqa: F401 - each adds its views to bp
    contact,
    discussion,
    feed,
    moderation,
    organisations,
    people,
)
from learning.network.routes.discussion_panels import EVENT_PANEL, OUTPUT_PANEL
from learning.network.services.contact import forget_person
from learning.network.services.erasure import forget_profile
from learning.network.services.organisations import LOGO_KIND, logo_access
from learning.platform.slots import (
    ACCOUNT_DELETING,
    EVENT_PANELS,
    FILE_ACCESS,
    JOB_KINDS,
    JOB_SCHEDULE,
    OUTPUT_PANELS,
)


def forget(user: Any) -> None:
    """What the network removes when a person deletes their account: the conversation's rows,
    then their profile and memberships."""
    forget_person(user)
    forget_profile(user)


def init_app(app: Flask) -> None:
    """Register the pages."""
    app.register_blueprint(bp)
    # Organisations and people: who may download a logo.
    FILE_ACCESS.fill(app, logo_access, key=LOGO_KIND)
    # The conversation: discussion sections on outputs and events, the digest's job and its
    # schedule, and what goes when a person deletes their account.
    OUTPUT_PANELS.fill(app, OUTPUT_PANEL)
    EVENT_PANELS.fill(app, EVENT_PANEL)
    ACCOUNT_DELETING.fill(app, forget)
    for name, kind in talk_jobs.KINDS.items():
        JOB_KINDS.fill(app, kind, key=name)
    for name, schedule in talk_jobs.SCHEDULES.items():
        JOB_SCHEDULE.fill(app, schedule, key=name)
