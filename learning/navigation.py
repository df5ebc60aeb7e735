"""The main navigation: each feature's entry appears once its blueprint is registered."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

# (endpoint, label, roles that see it; empty = everyone, None = signed-in people)
ENTRIES: list[tuple[str, object, tuple[str, ...] | None]] = [
    ("workshops.catalogue", _l("Workshops"), ()),
    ("research.search", _l("Research"), ()),
    ("enrolment.my_learning", _l("My learning"), None),
    ("dashboard.index", _l("Dashboard"), ("admin",)),
    ("admin.users", _l("Administration"), ("admin",)),
]


@dataclass
class NavItem:
    """One link of the main navigation."""

    url: str
    label: object
    current: bool


def main_navigation() -> list[NavItem]:
    """The entries this person may see, for the features this installation has."""
    items = []
    for endpoint, label, roles in ENTRIES:
        if endpoint not in current_app.view_functions:
            continue
        if roles is None and not current_user.is_authenticated:
            continue
        if roles and not (current_user.is_authenticated and current_user.has_role(*roles)):
            continue
        blueprint = endpoint.split(".")[0]
        items.append(NavItem(url_for(endpoint), label, request.blueprint == blueprint))
    return items


def url_exists(endpoint: str) -> bool:
    """Whether this installation has a page at ``endpoint`` (features land one by one)."""
    return endpoint in current_app.view_functions


def role_names(user: object) -> list[str]:
    """The names of the roles ``user`` holds, in the reader's language."""
    from learning.taxonomy import ROLE_LABELS

    return [str(ROLE_LABELS[role]) for role in sorted(getattr(user, "roles", ()))]


def init_app(app: Flask) -> None:
    """Make the navigation and the taxonomy available to every template."""
    from learning import taxonomy
    from learning.i18n import current_language

    app.jinja_env.globals.update(
        main_navigation=main_navigation,
        url_exists=url_exists,
        THEMES=taxonomy.THEMES,
        AUDIENCES=taxonomy.AUDIENCES,
        role_names=role_names,
        country_name=lambda code: taxonomy.country_name(code, current_language()),
    )
