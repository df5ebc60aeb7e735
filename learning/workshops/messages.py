"""What the workshop pages tell people about a refused change, in their language."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from learning.language.content import language_name
from learning.web import views
from learning.workshops.services.common import WorkshopError

MESSAGES = {
    "no_language": _l("Write at least a title in one language."),
    "bad_slug": _l(
        "The address name may only have lower-case letters, numbers and single hyphens "
        "(for example periodismo-de-datos)."
    ),
    "slug_taken": _l("Another workshop already uses this address name. Choose another one."),
    "bad_format": _l("Choose a format from the list."),
    "bad_theme": _l("Choose themes from the list."),
    "bad_audience": _l("Choose audiences from the list."),
    "bad_language": _l("Choose languages from the list."),
    "bad_hours": _l("Enter a number of hours from 0 to 1000."),
    "bad_trainer": _l("Choose trainers from the list."),
    "no_trainer": _l("Choose at least one trainer."),
    "empty_curriculum": _l(
        "Add at least one module with one lesson before publishing the workshop."
    ),
    "bad_prerequisite": _l("Choose another module of this workshop as the prerequisite."),
    "cannot_move": _l("This item is already at the end of the list; it cannot move further."),
    "bad_kind": _l("This kind of lesson does not exist. Choose text, video, reading, quiz or "
                   "live session."),
    "bad_minutes": _l("Enter a number of minutes from 0 to 10000."),
    "bad_url": _l("Enter a full link starting with https:// (or http://)."),
    "live_times_missing": _l("Enter when the live session starts and ends."),
    "live_ends_before_start": _l("The live session must end after it starts."),
    "bad_timezone": _l("Choose the session's time zone from the list."),
    "video_missing": _l("Upload a video file or give a link to the video."),
    "reading_missing": _l("Upload the reading or give a link to it."),
    "other_workshop": _l("That module belongs to another workshop. Choose one of this workshop."),
    "bad_module": _l("Choose a module from the list."),
    "title_missing:material": _l("Give the material a title."),
    "bad_attach": _l("Choose where the material belongs from the list."),
}  # fmt: skip


def message(error: WorkshopError) -> str:
    """What to tell the person, in their language (a missing title names its language)."""
    if error.code.startswith("title_missing:") and error.code != "title_missing:material":
        language = error.code.split(":", 1)[1]
        return _(
            "Give a title in %(language)s, or leave every %(language)s field empty.",
            language=language_name(language),
        )
    return views.message(error, MESSAGES)
