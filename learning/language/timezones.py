"""Time zones offered to people: the programme's region first, then every other one."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, available_timezones

REGION_TIMEZONES = (
    "America/Mexico_City",
    "America/Cancun",
    "America/Tijuana",
    "America/Guatemala",
    "America/Belize",
    "America/El_Salvador",
    "America/Tegucigalpa",
    "America/Managua",
    "America/Costa_Rica",
    "America/Panama",
    "Europe/Madrid",
    "Europe/Brussels",
    "UTC",
)


def timezone_choices() -> list[tuple[str, str]]:
    """(value, label) pairs for a time-zone select."""
    rest = sorted(
        tz for tz in available_timezones() if "/" in tz and not tz.startswith(("Etc/", "SystemV/"))
    )
    return [(tz, tz.replace("_", " ")) for tz in REGION_TIMEZONES] + [
        (tz, tz.replace("_", " ")) for tz in rest if tz not in REGION_TIMEZONES
    ]


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
