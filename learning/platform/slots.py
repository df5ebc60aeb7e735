"""Extension points: how a feature lower down lets the features above it add to its pages and
rules without importing them.

The arrows between features run one way (see ``learning.FEATURES``): a feature may import the
ones before it, never the ones after. Where a lower feature needs something only a higher one
knows (the enrol button on a workshop page, progress on My learning, who may read a stored
file), it declares a :class:`Slot` here and asks the slot; the higher feature fills the slot
from its own ``init_app(app)``, which ``create_app`` calls. Every slot is declared in this one
module, so the seams of the platform can be read in one place; tests/test_architecture.py
checks that the app ``create_app`` builds has each one filled as expected.

Fillings live on the app (``app.extensions["slots"]``), never in module globals: two apps in one
process (tests) do not share them, and importing a module registers nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app, render_template
from markupsafe import Markup

_EXTENSION = "slots"


@dataclass(frozen=True)
class Slot:
    """A named place that features above its owner fill.

    ``keyed`` slots take one filling per key (a file kind -> its access rule); ``single`` slots
    take at most one filling (filling again replaces it); the rest keep every filling in the
    order the features were set up.
    """

    name: str
    owner: str
    doc: str
    keyed: bool = False
    single: bool = False

    def fill(self, app: Flask, value: Any, *, key: Hashable | None = None) -> None:
        """Put ``value`` into this slot of ``app`` (under ``key`` for a keyed slot).

        Raises ValueError when a keyed slot gets no key or a plain slot gets one."""
        if self.keyed != (key is not None):
            raise ValueError(f"slot {self.name} {'needs' if self.keyed else 'takes no'} key")
        filled = app.extensions.setdefault(_EXTENSION, {})
        if self.keyed:
            filled.setdefault(self.name, {})[key] = value
        elif self.single:
            filled[self.name] = [value]
        else:
            filled.setdefault(self.name, []).append(value)

    def fillings(self, app: Flask | None = None) -> list[Any]:
        """Every filling, in the order given (for a keyed slot: the values)."""
        found = (app or current_app).extensions.get(_EXTENSION, {}).get(self.name)
        if found is None:
            return []
        return list(found.values()) if self.keyed else list(found)

    def get(self, key: Hashable | None = None, app: Flask | None = None) -> Any | None:
        """The filling under ``key`` (keyed slots), or the only filling (single slots); None
        when nobody filled it."""
        found = (app or current_app).extensions.get(_EXTENSION, {}).get(self.name)
        if not found:
            return None
        return found.get(key) if self.keyed else found[0]

    def keys(self, app: Flask | None = None) -> list[Hashable]:
        """The keys filled in a keyed slot."""
        return list((app or current_app).extensions.get(_EXTENSION, {}).get(self.name, {}))


@dataclass(frozen=True)
class Panel:
    """A piece of a page that another feature shows: ``template`` rendered with what
    ``context(*args)`` returns. ``name`` tells panels apart (in cache keys, in tests)."""

    name: str
    template: str
    context: Callable[..., dict[str, Any]]

    def render(self, *args: Any) -> Markup:
        """The panel as HTML for these arguments (an empty context dict renders nothing)."""
        context = self.context(*args)
        # Our own template, escaped by Jinja: safe to mark.
        return Markup(render_template(self.template, **context)) if context else Markup("")  # noqa: S704


SLOTS: dict[str, Slot] = {}


def declare(name: str, owner: str, doc: str, *, keyed: bool = False, single: bool = False) -> Slot:
    """Declare a slot (only here, at import). Raises ValueError for a name declared twice."""
    if name in SLOTS:
        raise ValueError(f"slot {name} is declared twice")
    SLOTS[name] = slot = Slot(name, owner, doc, keyed=keyed, single=single)
    return slot


# Storage ---------------------------------------------------------------------------------------

FILE_ACCESS = declare(
    "storage.file_access",
    "storage",
    "Who may download a stored file of a kind: key = StoredFile.kind, value = rule(user, file) "
    "returning storage.services ALLOW, LOGIN, DENY or HIDE. A kind nobody filled is hidden.",
    keyed=True,
)

# Accounts --------------------------------------------------------------------------------------

ADDRESS_PROVEN = declare(
    "accounts.address_proven",
    "accounts",
    "What happens when a person confirms their e-mail address or signs in: hook(user) makes "
    "its changes in the request's transaction and returns a callable to run after the commit "
    "(to send e-mails), or None.",
)
PROFILE_LINKS = declare(
    "accounts.profile_links",
    "accounts",
    "More links on a person's profile page, beside changing the password (their API tokens, "
    "for one): link() -> (label, url).",
)
ACCOUNT_DELETING = declare(
    "accounts.deleting",
    "accounts",
    "What a feature removes when a person deletes their account, beyond what the schema walk "
    "of accounts.privacy anonymises (free-text answers about the person, for example): "
    "hook(user) makes its changes in the request's transaction.",
)

# Jobs ------------------------------------------------------------------------------------------

JOB_KINDS = declare(
    "jobs.kinds",
    "jobs",
    "Work that runs on the job queue: key = the kind's name, value = jobs.services.JobKind "
    "(what runs, and what its page shows).",
    keyed=True,
)
JOB_SCHEDULE = declare(
    "jobs.schedule",
    "jobs",
    "Work the queue runs on a schedule (what cron commands did): key = a name, value = "
    "jobs.services.Schedule (a job kind and a crontab).",
    keyed=True,
)

# Core ------------------------------------------------------------------------------------------

HOME_PANELS = declare(
    "core.home_panels",
    "core",
    "Sections of the home page for a signed-in reader (where to continue, for one): Panels "
    "rendered with no arguments. Kept per reader, renewed by their own records.",
)

HOME_SECTIONS = declare(
    "core.home_sections",
    "core",
    "Sections of the home page for everybody (featured workshops, upcoming events, recent "
    "research): Sections, the same for every reader of a language, kept until "
    "the data of their kinds change (and at most a minute: what is upcoming moves on).",
)


@dataclass(frozen=True)
class Section:
    """What HOME_SECTIONS holds: ``template`` rendered with ``context()`` (an empty dict
    shows nothing), kept per language until the data of ``kinds`` (learning/platform/cache.py)
    change. ``name`` tells sections apart (in cache keys, in tests); the page shows them by
    ``order``, lowest first."""

    name: str
    kinds: tuple[str, ...]
    template: str
    context: Callable[[], dict[str, Any]]
    order: int = 50


NAVIGATION_COUNTS = declare(
    "core.navigation_counts",
    "core",
    "A number beside an entry of the site header (the curation queue's length): key = the "
    "entry's endpoint, value = a Count. The header keeps the number until the data of the "
    "Count's kinds change.",
    keyed=True,
)


NAVIGATION_ENTRIES = declare(
    "core.navigation_entries",
    "core",
    "Entries of the site header's main navigation that features add for their own pages (the "
    "network's directory, for one): NavEntry, shown by ``order`` among the header's own "
    "entries (Workshops 10, Research 20, Events 30, My learning 40, staff pages from 50).",
)


@dataclass(frozen=True)
class NavEntry:
    """What NAVIGATION_ENTRIES holds: the page's endpoint, its label (lazy text), who sees it
    (empty = everyone, None = signed-in people, else these roles) and where it goes."""

    endpoint: str
    label: Any
    roles: tuple[str, ...] | None = ()
    order: int = 35


@dataclass(frozen=True)
class Count:
    """What NAVIGATION_COUNTS holds: ``count()`` (one cheap query) and the cached kinds
    (learning/platform/cache.py) whose changes renew it."""

    kinds: tuple[str, ...]
    count: Callable[[], int]


# Research --------------------------------------------------------------------------------------

OUTPUT_USAGE = declare(
    "research.output_usage",
    "research",
    "Where else an output is used, listed on its landing page: provider(output) -> "
    "list[research.services.workshops.WorkshopUse] (title and URL).",
)

OUTPUT_PANELS = declare(
    "research.output_panels",
    "research",
    "Sections of a research output's landing page below what the page keeps (its discussion, "
    "for one): Panels rendered with (output id,) on every request, never kept.",
)

# Workshops -------------------------------------------------------------------------------------

CATALOGUE_SEATS = declare(
    "workshops.catalogue_seats",
    "workshops",
    "Seats left shown on catalogue cards: provider(workshops) -> {edition id: seats left or "
    "None} for the editions of those workshops.",
    single=True,
)
WORKSHOP_EDITIONS = declare(
    "workshops.editions",
    "workshops",
    "How a workshop page shows its upcoming editions: a Panel rendered with (workshop, "
    "editions). Unfilled, the page lists their names and dates.",
    single=True,
)
WORKSHOP_PANELS = declare(
    "workshops.workshop_panels",
    "workshops",
    "Sections of a workshop page below the editions, for one reader: Panels rendered with "
    "(workshop, modules); modules is the curriculum when the reader follows the lessons, else "
    "None. Kept with the page, per reader.",
)
WORKSHOP_EDITOR_LINKS = declare(
    "workshops.editor_links",
    "workshops",
    "Buttons for a workshop's authors on its page, after its own edit buttons: "
    "link(workshop) -> (label, url). Kept with the page.",
)
LESSON_LINKS = declare(
    "workshops.lesson_links",
    "workshops",
    "Where a lesson's authors manage what another feature keeps for a lesson of a kind (a "
    "quiz's questions): key = Lesson.kind, value = link(workshop, lesson) -> (label, url). "
    "The curriculum shows it beside each such lesson, and adding one leads there.",
    keyed=True,
)
LESSON_PANELS = declare(
    "workshops.lesson_panels",
    "workshops",
    "Sections of a lesson page below its content, for one reader: Panels rendered with "
    "(workshop, lesson); each is kept per reader and renewed by their own records.",
)
LESSON_TICKS = declare(
    "workshops.lesson_ticks",
    "workshops",
    "Which lessons of a workshop the reader has completed, ticked in the outline beside a "
    "lesson: provider(workshop) -> set of lesson ids. Kept per reader, renewed by their own "
    "records. Unfilled, the outline has no ticks.",
    single=True,
)

# Enrolment -------------------------------------------------------------------------------------

MY_LEARNING_PROGRESS = declare(
    "enrolment.my_learning_progress",
    "enrolment",
    "Progress on My learning: provider(enrolments) -> {enrolment id: "
    "enrolment.services.mylearning Progress}.",
    single=True,
)
MY_LEARNING_CERTIFICATES = declare(
    "enrolment.my_learning_certificates",
    "enrolment",
    "Certificates on My learning: provider(enrolments) -> {enrolment id: certificate}.",
    single=True,
)
MY_LEARNING_PANELS = declare(
    "enrolment.my_learning_panels",
    "enrolment",
    "Sections of My learning below the enrolments (the certificates of attendance of events, "
    "for one): Panels rendered with no arguments for the signed-in reader, never kept.",
)
CALENDAR_ENTRIES = declare(
    "enrolment.calendar_entries",
    "enrolment",
    "More entries in a person's private calendar feed: provider(user, language) -> "
    "list[enrolment.services.calendars.CalendarEvent].",
)

# Completion ------------------------------------------------------------------------------------

CERTIFICATE_LOOKUP = declare(
    "completion.certificate_lookup",
    "completion",
    'Other certificates the "type a certificate code" page finds (events\' certificates of '
    "attendance): lookup(code) -> the URL of its verification page, or None.",
)

# Events ----------------------------------------------------------------------------------------

EVENT_PANELS = declare(
    "events.event_panels",
    "events",
    "Sections of an event's page below its agenda (its discussion, for one): Panels rendered "
    "with (event,) for the reader.",
)
SPEAKER_PROFILES = declare(
    "events.speaker_profiles",
    "events",
    "Links to the profiles of speakers who are members: provider(viewer, users) -> {user id: "
    "URL} for the users whose profile the viewer may open (never a private one). Unfilled, "
    "member speakers are named without a link.",
    single=True,
)
