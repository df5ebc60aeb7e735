"""The main navigation: each feature's entry appears once its blueprint is registered; and
the site header and footer around every page, kept between requests."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app, request, url_for
from flask_babel import format_number
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup, escape

from learning.language import taxonomy
from learning.language.i18n import LANGUAGE_ENDONYMS, current_language
from learning.language.taxonomy import ROLE_LABELS
from learning.platform import cache
from learning.platform.slots import NAVIGATION_COUNTS, NAVIGATION_ENTRIES, NavEntry

# The header's own entries (roles that see each: empty = everyone, None = signed-in people;
# admins hold every role); features add theirs through the slot NAVIGATION_ENTRIES, placed by
# their order among these. A number may follow a label (slot NAVIGATION_COUNTS: the curation
# queue).
ENTRIES: list[NavEntry] = [
    NavEntry("workshops.catalogue", _l("Workshops"), (), 10),
    NavEntry("research.search", _l("Research"), (), 20),
    NavEntry("events.index", _l("Events"), (), 30),
    NavEntry("enrolment.my_learning", _l("My learning"), None, 40),
    NavEntry("workshops.mine", _l("My workshops"), ("trainer",), 50),
    NavEntry("research.curation", _l("Curation"), ("curator",), 60),
    NavEntry("dashboard.index", _l("Dashboard"), ("admin",), 70),
    NavEntry("admin.users", _l("Administration"), ("admin",), 80),
]


def entries() -> list[NavEntry]:
    """The header's entries and those the features added, in order; worked out once per app
    (fillings do not change once the app serves)."""
    merged: list[NavEntry] | None = current_app.extensions.get("navigation_entries")
    if merged is None:
        added = [e for e in NAVIGATION_ENTRIES.fillings() if e.endpoint not in _OWN]
        merged = sorted([*ENTRIES, *added], key=lambda entry: entry.order)
        current_app.extensions["navigation_entries"] = merged
    return merged


_OWN = {entry.endpoint for entry in ENTRIES}


@dataclass(frozen=True)
class LayoutLinks:
    """The links every page's layout shows; the same on every page of one mount point."""

    stylesheet: str
    icon: str
    home: str
    privacy: str
    profile: str
    sign_out: str
    register: str
    # endpoint -> URL, for the ENTRIES this installation has
    navigation: dict[str, str]


def _build_layout_links() -> LayoutLinks:
    return LayoutLinks(
        stylesheet=url_for("static", filename="css/puente.css"),
        icon=url_for("static", filename="favicon.svg"),
        home=url_for("core.home"),
        privacy=url_for("core.privacy"),
        profile=url_for("accounts.profile"),
        sign_out=url_for("accounts.logout"),
        register=url_for("accounts.register"),
        navigation={
            entry.endpoint: url_for(entry.endpoint)
            for entry in entries()
            if entry.endpoint in current_app.view_functions
        },
    )


def layout_links() -> LayoutLinks:
    """The layout's links for this request, built once per app and mount point.

    ``url_for`` costs ~5 µs and the layout needs about ten links on every page (issue 9).
    The URL map cannot change once the app serves and static versions are hashed at start,
    so only the script root (set by the WSGI server, never by the visitor) changes them.
    """
    built: dict[str, LayoutLinks] = current_app.extensions["layout_links"]
    root = request.script_root
    links = built.get(root)
    if links is None:
        links = built[root] = _build_layout_links()
    return links


@dataclass
class NavItem:
    """One link of the main navigation."""

    url: str
    label: object
    current: bool


def main_navigation() -> list[NavItem]:
    """The entries this person may see, for the features this installation has; a label
    with its number where a feature counts something for it ("Curation (3)")."""
    urls = layout_links().navigation
    user = current_user._get_current_object()  # once: each proxy lookup costs ~1 µs
    signed_in = user.is_authenticated
    blueprint = request.blueprint
    here = _entry_here()
    sections: set[str] = set()  # a blueprint's first entry stands for its other pages
    items = []
    for entry in entries():
        endpoint, label, roles = entry.endpoint, entry.label, entry.roles
        url = urls.get(endpoint)
        if url is None:
            continue
        if roles is None and not signed_in:
            continue
        if roles and not (signed_in and user.has_role(*roles)):
            continue
        counter = NAVIGATION_COUNTS.get(endpoint)
        if counter is not None:
            label = f"{label} ({format_number(counter.count())})"
        section = endpoint.split(".")[0]
        current = endpoint == here if here else section == blueprint and section not in sections
        sections.add(section)
        items.append(NavItem(url, label, current))
    return items


def _entry_here() -> str | None:
    """The endpoint of this page when it is an entry of the navigation itself."""
    endpoint = request.endpoint
    return endpoint if endpoint in layout_links().navigation else None


def _counted_kinds(user: object) -> tuple[str, ...]:
    """The cached kinds behind the numbers this person's header shows."""
    roles = {entry.endpoint: entry.roles for entry in entries()}
    kinds: list[str] = []
    for endpoint in NAVIGATION_COUNTS.keys():
        wanted = roles.get(endpoint)
        if wanted and user.has_role(*wanted):  # type: ignore[attr-defined]
            kinds.extend(NAVIGATION_COUNTS.get(endpoint).kinds)
    return tuple(dict.fromkeys(kinds))


# Where the kept header has per-request values (a visitor's name, the current page's address).
_NAME = "\x00name\x00"
_SIGN_IN = "\x00sign-in\x00"
_SWITCH = {code: f"\x00switch-{code}\x00" for code in LANGUAGE_ENDONYMS}


def site_header() -> Markup:
    """The site header: kept per language, mount point, section and kind of reader (signed
    in, roles), since the programme settings last changed (and, for a header with a number,
    its data: the curators' queue); the reader's name, the sign-out
    form's token and the links back to this page are filled in on each request."""
    user = current_user._get_current_object()
    signed_in = bool(user.is_authenticated)
    roles = tuple(sorted(user.roles)) if signed_in else ()
    kinds = ("settings", *_counted_kinds(user)) if signed_in else ("settings",)
    html = str(
        cache.rendered(
            kinds,
            (request.script_root, request.blueprint, _entry_here(), signed_in, roles),
            "_site_header.html",
            lambda: {
                "navigation": main_navigation(),
                "signed_in": signed_in,
                "holes": {"name": _NAME, "sign_in": _SIGN_IN, "switch": _SWITCH},
            },
        )
    )
    here = request.full_path if request.method == "GET" else None
    language = current_language()
    for code, hole in _SWITCH.items():
        if code != language:
            html = html.replace(
                hole, str(escape(url_for("core.set_language", code=code, next=here)))
            )
    if signed_in:
        html = html.replace(_NAME, str(escape(user.name)))
    else:
        back = None if request.endpoint in ("accounts.login", "accounts.register") else here
        html = html.replace(_SIGN_IN, str(escape(url_for("accounts.login", next=back))))
    return Markup(html)  # noqa: S704 - our template's output, holes filled with escaped text


def site_footer() -> Markup:
    """The site footer: kept per language and mount point since the settings last changed."""
    return cache.rendered(("settings",), (request.script_root,), "_site_footer.html", dict)


def url_exists(endpoint: str) -> bool:
    """Whether this installation has a page at ``endpoint`` (features land one by one)."""
    return endpoint in current_app.view_functions


def role_names(user: object) -> list[str]:
    """The names of the roles ``user`` holds, in the reader's language."""

    return [str(ROLE_LABELS[role]) for role in sorted(getattr(user, "roles", ()))]


def init_app(app: Flask) -> None:
    """Make the navigation and the taxonomy available to every template."""

    app.extensions["layout_links"] = {}
    app.jinja_env.globals.update(
        layout_links=layout_links,
        site_header=site_header,
        site_footer=site_footer,
        url_exists=url_exists,
        THEMES=taxonomy.THEMES,
        AUDIENCES=taxonomy.AUDIENCES,
        role_names=role_names,
        country_name=lambda code: taxonomy.country_name(code, current_language()),
    )
