"""Network plugged into the app: its pages, through the slots of the features below it
(learning/platform/slots.py)."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_babel import lazy_gettext as _l

from learning.network import talk_jobs
from learning.network.blueprint import bp
from learning.network.routes import (  # noqa: F401 - each adds its views to bp
    contact,
    discussion,
    feed,
    held_links,
    moderation,
    organisations,
    people,
)
from learning.network.routes.discussion_panels import EVENT_PANEL, OUTPUT_PANEL
from learning.network.services.contact import forget_person
from learning.network.services.erasure import forget_profile
from learning.network.services.organisations import LOGO_KIND, logo_access
from learning.network.speakers import speaker_profiles
from learning.platform.slots import (
    ACCOUNT_DELETING,
    EVENT_PANELS,
    FILE_ACCESS,
    JOB_KINDS,
    JOB_SCHEDULE,
    NAVIGATION_ENTRIES,
    OUTPUT_PANELS,
    SPEAKER_PROFILES,
    NavEntry,
)


def forget(user: Any) -> None:
    """What the network removes when a person deletes their account: the conversation's rows,
    then their profile and memberships."""
    forget_person(user)
    forget_profile(user)


def init_app(app: Flask) -> None:
    """Register the pages."""
    app.register_blueprint(bp)
    # The directory in the site header, after Events and Calls.
    NAVIGATION_ENTRIES.fill(app, NavEntry("network.directory_page", _l("Network"), (), 35))
    # Organisations and people: who may download a logo.
    FILE_ACCESS.fill(app, logo_access, key=LOGO_KIND)
    # The conversation: discussion sections on outputs and events, the digest's job and its
    # schedule, and what goes when a person deletes their account.
    OUTPUT_PANELS.fill(app, OUTPUT_PANEL)
    EVENT_PANELS.fill(app, EVENT_PANEL)
    # Event speakers who are members link to their profile when the reader may open it.
    SPEAKER_PROFILES.fill(app, speaker_profiles)
    ACCOUNT_DELETING.fill(app, forget)
    for name, kind in talk_jobs.KINDS.items():
        JOB_KINDS.fill(app, kind, key=name)
    for name, schedule in talk_jobs.SCHEDULES.items():
        JOB_SCHEDULE.fill(app, schedule, key=name)
