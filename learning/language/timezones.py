"""Time zones offered to people: the programme's region first, then every other one."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo, available_timezones

from babel import Locale
from babel.core import get_global
from babel.dates import get_timezone_location
from flask_babel import get_locale

# The programme's countries first (Mexico and Central America), then Mexico's other zones,
# then the European partners' and UTC.
REGION_TIMEZONES = (
    "America/Mexico_City",
    "America/Guatemala",
    "America/El_Salvador",
    "America/Tegucigalpa",
    "America/Managua",
    "America/Costa_Rica",
    "America/Panama",
    "America/Belize",
    "America/Cancun",
    "America/Tijuana",
    "Europe/Madrid",
    "Europe/Brussels",
    "UTC",
)


def timezone_choices(locale: Locale | None = None) -> list[tuple[str, str]]:
    """(value, label) pairs for a time-zone select: the programme's zones first, named as
    people say them in the reader's language ("Ciudad de México (America/Mexico City)",
    "Honduras (America/Tegucigalpa)"), then the rest by their IANA names."""
    if locale is None:
        locale = get_locale() or Locale.parse("es")
    rest = sorted(
        tz for tz in available_timezones() if "/" in tz and not tz.startswith(("Etc/", "SystemV/"))
    )
    region = [
        (tz, tz if tz == "UTC" else f"{zone_place(ZoneInfo(tz), locale)} ({tz.replace('_', ' ')})")
        for tz in REGION_TIMEZONES
    ]
    return region + [(tz, tz.replace("_", " ")) for tz in rest if tz not in REGION_TIMEZONES]


def zone_key(zone: tzinfo) -> str:
    """The IANA name of a zone object (zoneinfo's ``key``, pytz's ``zone``)."""
    return str(getattr(zone, "key", None) or getattr(zone, "zone", None) or zone)


def zone_place(zone: tzinfo, locale: Locale) -> str:
    """Where a zone's clock is, as people name it in ``locale``: the country when the zone is
    its only one ("Honduras"), else the city ("Ciudad de México", "Mexico City"); "UTC"."""
    key = zone_key(zone)
    if key in ("UTC", "Etc/UTC", "Etc/GMT", "GMT"):
        return "UTC"
    territory = get_global("zone_territories").get(key)
    if territory and len(get_global("territory_zones").get(territory, ())) == 1:
        name = locale.territories.get(territory)
        if name:
            return str(name)
    return str(get_timezone_location(zone, locale=locale, return_city=True))


def is_timezone(name: str) -> bool:
    """Whether ``name`` is an IANA time zone this machine knows."""
    return name in available_timezones()


def to_wall_clock(value: datetime | None, timezone: str | None) -> datetime | None:
    """A stored UTC time as the naive wall-clock time in ``timezone`` (for form fields)."""
    if value is None or not timezone:
        return None
    return value.astimezone(ZoneInfo(timezone)).replace(tzinfo=None)


def from_wall_clock(value: datetime | None, timezone: str) -> datetime | None:
    """A wall-clock time entered in ``timezone`` as an aware UTC datetime (None if unusable)."""
    if value is None:
        return None
    try:
        return value.replace(tzinfo=ZoneInfo(timezone)).astimezone(UTC)
    except (ValueError, KeyError):
        return None
