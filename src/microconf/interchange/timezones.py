"""IANA timezone lookup and conversions shared by exports and imports."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

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


#: Zones tried first when inferring one from offsets, so a common answer wins.
_LIKELY_ZONES = (
    "Europe/Berlin", "Europe/London", "America/New_York", "America/Chicago",
    "America/Denver", "America/Los_Angeles", "Europe/Helsinki", "Europe/Moscow",
    "Asia/Kolkata", "Asia/Tokyo", "Australia/Sydney", "Australia/Brisbane",
    "America/Sao_Paulo", "Pacific/Auckland", "Asia/Shanghai", "Asia/Singapore",
)  # fmt: skip


def infer_zone(moments: list[datetime]) -> str | None:
    """Return an IANA zone whose offset matches every aware datetime given.

    One offset in whole hours gives the fixed-offset zone (``Etc/GMT-2`` for
    +02:00); otherwise the first zone, common ones first, whose offset at each
    instant is the one written. Any such zone shows the same local times for
    these instants. None if no datetime carries an offset or no zone fits.
    """
    seen = {
        (m.astimezone(UTC), m.utcoffset()) for m in moments if m.utcoffset() is not None
    }
    if not seen:
        return None
    offsets = {offset for _, offset in seen}
    if len(offsets) == 1:
        offset = next(iter(offsets))
        hours, rest = divmod(int(offset.total_seconds()), 3600)
        if not rest and -14 <= hours <= 12:
            return "UTC" if hours == 0 else f"Etc/GMT{-hours:+d}"
    candidates = [*_LIKELY_ZONES, *sorted(available_timezones())]
    for name in candidates:
        tz = ZoneInfo(name)
        if all(
            instant.astimezone(tz).utcoffset() == offset for instant, offset in seen
        ):
            return name
    return None


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


def conference_date(moment: datetime, tz: tzinfo, day_change: time) -> date:
    """Return the conference day of a moment; before `day_change` is yesterday's."""
    local = moment.astimezone(tz)
    if local.time() < day_change:
        return local.date() - timedelta(days=1)
    return local.date()
