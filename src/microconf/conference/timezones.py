"""Timezone names and how dates and times are written on the conference's pages."""

import datetime as dt
import functools
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.core.exceptions import ValidationError

# Scanning tzdata takes milliseconds; the set does not change while running.
_known_timezones = functools.cache(available_timezones)


def timezone_names() -> list[str]:
    """Every IANA timezone name tzdata knows, sorted (for a form's suggestions)."""
    return sorted(_known_timezones())


def validate_timezone_name(name: str) -> None:
    """Refuse anything that is not an IANA timezone name known to tzdata."""
    if name not in _known_timezones():
        raise ValidationError(
            f"'{name}' is not a timezone name. Use an IANA name such as "
            "'America/New_York' or 'Europe/Lisbon'.",
            code="unknown_timezone",
        )
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError(f"'{name}' cannot be loaded: {error}.") from error


def format_date_range(start: dt.date, end: dt.date) -> str:
    """Write a span of days the way the seed page does: "Nov 13 – 15, 2023"."""
    if start == end:
        return f"{start:%b} {start.day}, {start.year}"
    if start.year != end.year:
        return f"{start:%b} {start.day}, {start.year} – {end:%b} {end.day}, {end.year}"
    if start.month != end.month:
        return f"{start:%b} {start.day} – {end:%b} {end.day}, {end.year}"
    return f"{start:%b} {start.day} – {end.day}, {end.year}"


def format_time(moment: dt.datetime) -> str:
    """A 24-hour clock time, the form conference programmes use worldwide."""
    return f"{moment:%H:%M}"


def format_slot(start: dt.datetime, minutes: int, tz: ZoneInfo) -> str:
    """Write a scheduled slot in the given zone: "Mon, Nov 13, 2023, 10:00 – 10:30"."""
    local_start = start.astimezone(tz)
    local_end = (start + dt.timedelta(minutes=minutes)).astimezone(tz)
    day = f"{local_start:%a, %b} {local_start.day}, {local_start.year}"
    return f"{day}, {format_time(local_start)} – {format_time(local_end)}"
