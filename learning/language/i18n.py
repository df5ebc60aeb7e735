"""Languages: locale and timezone selection, formatting filters and the ``translate`` CLI."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import click
from flask import Flask, current_app, g, has_app_context, request, session
from flask.cli import AppGroup
from flask_babel import force_locale, format_decimal, get_locale, get_translations, gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from learning.language.timezones import zone_place
from learning.platform.extensions import babel

TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "translations"
ROOT = Path(__file__).resolve().parent.parent.parent

LANGUAGE_NAMES = {"es": _l("Spanish"), "en": _l("English")}
# Shown in a language's own words in the switch, whatever the page language.
LANGUAGE_ENDONYMS = {"es": "Español", "en": "English"}


def supported() -> list[str]:
    """The interface languages this installation offers."""
    return list(current_app.config["LANGUAGES"])


def select_locale() -> str:
    """Saved preference, then this visit's explicit choice, then Accept-Language, then English."""
    languages = supported()
    if current_user and current_user.is_authenticated:
        saved = getattr(current_user, "preferred_language", None)
        if saved in languages:
            return saved
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or "en"


def select_timezone() -> str:
    """The signed-in user's timezone, else the programme default."""
    if current_user and current_user.is_authenticated:
        tz = getattr(current_user, "timezone", None)
        if tz:
            return tz
    return current_app.config["DEFAULT_TIMEZONE"]


def translations() -> Any:
    """The catalogue of the locale in force, found once per request and locale.

    Flask-Babel's own lookup costs tens of microseconds per string; pages translate
    hundreds. ``force_locale`` (e-mails in the recipient's language) changes the locale
    object, so the remembered catalogue is only used for the same one.
    """
    return _per_locale("puente_translations", get_translations)


def current_language() -> str:
    """The two-letter code of the language this response is in (found once per request and
    locale, like ``translations``: pages and their kept parts ask it often)."""
    return _per_locale("puente_language", _language_code)


def _language_code() -> str:
    return str(get_locale() or "en").split("_")[0]


def _per_locale(name: str, make: Callable[[], Any]) -> Any:
    """``make()`` remembered on Flask-Babel's request state for the locale in force."""
    state = g.get("_flask_babel") if has_app_context() else None
    locale = getattr(state, "babel_locale", None)
    if locale is None:
        return make()
    found = getattr(state, name, None)
    if found is None or found[0] is not locale:
        found = (locale, make())
        setattr(state, name, found)
    return found[1]


def format_when(
    value: datetime | None, fmt: str = "medium", tz: str | None = None, named: bool = True
) -> str:
    """A datetime in the reader's language, in ``tz`` (default: the reader's timezone), with
    the zone named as people say it: "12 mar 2026, 10:00 (hora de Ciudad de México)".
    ``named=False`` leaves the zone out, for a table that names it once in its header
    (``zone_name``)."""
    if value is None:
        return ""
    if fmt == "date":
        from babel.dates import format_datetime as babel_datetime
        from babel.dates import get_date_format

        locale = get_locale()
        pattern = get_date_format("medium", locale=locale).pattern
        return babel_datetime(value, pattern, tzinfo=_zone(tz), locale=locale)
    return when_formatter(tz, named=named)(value)


def _zone(tz: str | None) -> Any:
    from zoneinfo import ZoneInfo

    from flask_babel import get_timezone

    return ZoneInfo(tz) if tz else get_timezone()


def zone_name(tz: str | None = None) -> str:
    """``tz`` (default: the reader's timezone) as people say it, in the reader's language:
    "hora de Ciudad de México", "Mexico City time", "hora de Honduras", "UTC"."""
    place = zone_place(_zone(tz), get_locale())
    return place if place == "UTC" else gettext("%(place)s time", place=place)


def when_formatter(tz: str | None = None, named: bool = True) -> Callable[[datetime | None], str]:
    """``format_when`` for many values: the locale, patterns and zone name are looked up
    once (a page of 50 rows pays for them once, not 50 times). ``named=False``: times only,
    the zone named once elsewhere (a column header)."""
    from babel.dates import format_datetime as babel_datetime
    from babel.dates import get_date_format, get_time_format

    locale = get_locale()
    zone = _zone(tz)
    date_part = get_date_format("medium", locale=locale).pattern
    time_part = get_time_format("short", locale=locale).pattern
    pattern = f"{date_part}, {time_part}"
    suffix = f" ({zone_name(tz)})" if named else ""

    def when(value: datetime | None) -> str:
        if value is None:
            return ""
        return f"{babel_datetime(value, pattern, tzinfo=zone, locale=locale)}{suffix}"

    return when


def session_time(
    value: datetime | None, timezone: str | None, language: str | None = None, named: bool = True
) -> str:
    """A time in a session's own timezone, the zone named as people say it: "12 mar 2026,
    10:00 (hora de Ciudad de México)" — never babel's "hora estándar central", which nobody
    in Guatemala or Mexico says. ``language``: the reader's unless given (e-mails use the
    recipient's). ``named=False``: the time only, for a table naming the zone in its header."""
    if value is None or not timezone:
        return ""
    from zoneinfo import ZoneInfo

    from babel import Locale
    from babel.dates import format_datetime as babel_datetime
    from babel.dates import get_date_format, get_time_format

    locale = Locale.parse(language) if language else get_locale()
    date_part = get_date_format("medium", locale=locale).pattern
    time_part = get_time_format("short", locale=locale).pattern
    when = babel_datetime(
        value, f"{date_part}, {time_part}", tzinfo=ZoneInfo(timezone), locale=locale
    )
    if not named:
        return when
    if language:
        with force_locale(language):
            return f"{when} ({zone_name(timezone)})"
    return f"{when} ({zone_name(timezone)})"


def date_formatter(fmt: str = "medium") -> Callable[[date | datetime | None], str]:
    """The ``date`` filter for many values (datetimes are first put in the reader's zone)."""
    from babel.dates import format_date as babel_date

    locale = get_locale()
    zone = _zone(None)
    normalize = getattr(zone, "normalize", lambda value: value)

    def day(value: date | datetime | None) -> str:
        if not value:
            return ""
        if isinstance(value, datetime):
            if value.tzinfo is None:
                value = value.replace(tzinfo=UTC)
            value = normalize(value.astimezone(zone))
        return babel_date(value, fmt, locale=locale)

    return day


def format_filesize(size: int | None) -> str:
    """A byte count for people: "1,5 MB" in Spanish, "1.5 MB" in English."""
    if size is None:
        return ""
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            digits = "#,##0" if unit == "B" else "#,##0.#"
            return f"{format_decimal(value, digits)} {unit}"
        value /= 1024
    return ""


def init_app(app: Flask) -> None:
    """Bind Flask-Babel with our selectors and register the formatting filters."""
    babel.init_app(
        app,
        locale_selector=select_locale,
        timezone_selector=select_timezone,
        default_translation_directories=str(TRANSLATIONS_DIR),
    )
    app.jinja_env.filters["when"] = format_when
    app.jinja_env.filters["date"] = lambda value, fmt="medium": date_formatter(fmt)(value)
    app.jinja_env.filters["number"] = lambda value: format_decimal(value)
    app.jinja_env.filters["filesize"] = format_filesize
    app.jinja_env.globals["current_language"] = current_language
    app.jinja_env.globals["zone_name"] = zone_name
    app.jinja_env.globals["LANGUAGE_ENDONYMS"] = LANGUAGE_ENDONYMS
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: translations().ugettext(s),
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n),
        newstyle=True,
    )
    app.jinja_env.policies["ext.i18n.trimmed"] = True


translate_cli = AppGroup("translate", help="Extract, update and compile interface translations.")


def _pybabel(*args: str) -> None:
    cmd = [sys.executable, "-m", "babel.messages.frontend", *args]
    result = subprocess.run(cmd, cwd=ROOT, check=False)  # noqa: S603 - fixed arguments
    if result.returncode:
        raise click.ClickException("pybabel " + " ".join(args[:1]) + " failed")


@translate_cli.command("extract")
def extract_command() -> None:
    """Extract messages from code and templates into messages.pot."""
    _pybabel(
        "extract",
        "-F",
        "babel.cfg",
        "-k",
        "_l",
        "-k",
        "lazy_pgettext:1c,2",
        "--no-location",
        "--sort-output",
        "-o",
        str(TRANSLATIONS_DIR / "messages.pot"),
        "learning",
        "templates",
    )


@translate_cli.command("update")
def update_command() -> None:
    """Extract, then merge new messages into every language's catalog."""
    extract_command.callback()
    _pybabel(
        "update",
        "-i",
        str(TRANSLATIONS_DIR / "messages.pot"),
        "-d",
        str(TRANSLATIONS_DIR),
        "--no-fuzzy-matching",
        "--ignore-obsolete",
    )


@translate_cli.command("compile")
def compile_command() -> None:
    """Compile every catalog to the .mo files the app reads."""
    _pybabel("compile", "-d", str(TRANSLATIONS_DIR), "--statistics")


@translate_cli.command("init")
@click.argument("language")
def init_command(language: str) -> None:
    """Start a catalog for a new LANGUAGE (for example pt or fr)."""
    extract_command.callback()
    _pybabel(
        "init",
        "-i",
        str(TRANSLATIONS_DIR / "messages.pot"),
        "-d",
        str(TRANSLATIONS_DIR),
        "-l",
        language,
    )
