"""IANA timezone lookup and conversions shared by exports and imports."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from microconf.interchange.model import InterchangeError

_ZONE_NAME_RE = re.compile(r"^[A-Za-z0-9_+\-]+(/[A-Za-z0-9_+\-]+)*$")
_CLOCK_RE = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")


def zone(name: str, *, where: str = "time zone") -> tzinfo:
    """Return the tzinfo for IANA `name`, or raise naming `where` it came from."""
    if name.upper() == "UTC":
        return UTC
    if not _ZONE_NAME_RE.match(name) or len(name) > 64:
        raise InterchangeError(f"{where} {name!r} is not a known IANA timezone name")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InterchangeError(
            f"{where} {name!r} is not a known IANA timezone name"
        ) from None


def is_known_zone(name: str) -> bool:
    """Tell whether `name` is a known IANA timezone name."""
    try:
        zone(name)
    except InterchangeError:
        return False
    return True


def local_midnight_plus(day: date, at: time, tz: tzinfo) -> datetime:
    """Return the aware local datetime of wall-clock `at` on `day` in `tz`, in UTC.

    Wall-clock times that do not exist or repeat around a DST change resolve
    like zoneinfo does (fold=0: the first occurrence).
    """
    return datetime.combine(day, at, tzinfo=tz).astimezone(UTC)


def parse_clock(value: str) -> tuple[int, int] | None:
    """Parse "HH:MM" or "HH:MM:SS" into (hours, minutes); None if it is not one."""
    match = _CLOCK_RE.match(value.strip())
    if not match or int(match.group(2)) >= 60 or int(match.group(3) or 0) >= 60:
        return None
    return int(match.group(1)), int(match.group(2))


def format_hhmm(minutes: int) -> str:
    """Return minutes as "HH:MM" (hours not wrapped at 24)."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def conference_date(moment: datetime, tz: tzinfo, day_change: time) -> date:
    """Return the conference day of a moment; before `day_change` is yesterday's."""
    local = moment.astimezone(tz)
    if local.time() < day_change:
        return local.date() - timedelta(days=1)
    return local.date()
