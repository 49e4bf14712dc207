"""Timezone names and how dates and times are written on the conference's pages."""

import datetime as dt
import functools
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.core.exceptions import ValidationError
from django.utils import dateformat
from django.utils.translation import pgettext

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


# Dates are written with Django's date format characters (j day, D/l weekday, M/F
# month, Y year), whose names Django translates; each language orders them in its
# own catalogue (German: "Mo, 13. Nov 2023").


def format_date(day: dt.date, style: str) -> str:
    """A date in the active language; ``style`` is "long", "short" or "day"."""
    formats = {
        # Monday, November 13, 2023
        "long": pgettext("date format", "l, F j, Y"),
        # Mon, Nov 13
        "short": pgettext("date format", "D, M j"),
        # Mon, Nov 13, 2023
        "day": pgettext("date format", "D, M j, Y"),
    }
    return dateformat.format(day, formats[style])


def format_date_range(start: dt.date, end: dt.date) -> str:
    """Write a span of days the way the seed page does: "Nov 13 – 15, 2023"."""
    if start == end:
        return dateformat.format(start, pgettext("date range, one day", "M j, Y"))
    if start.year != end.year:
        first = pgettext("date range across years, first day", "M j, Y")
        last = pgettext("date range across years, last day", "M j, Y")
    elif start.month != end.month:
        first = pgettext("date range across months, first day", "M j")
        last = pgettext("date range across months, last day", "M j, Y")
    else:
        first = pgettext("date range in one month, first day", "M j")
        last = pgettext("date range in one month, last day", "j, Y")
    return f"{dateformat.format(start, first)} – {dateformat.format(end, last)}"


def format_time(moment: dt.datetime) -> str:
    """A 24-hour clock time, the form conference programmes use worldwide."""
    return f"{moment:%H:%M}"


def format_slot(start: dt.datetime, minutes: int, tz: ZoneInfo) -> str:
    """Write a scheduled slot in the given zone: "Mon, Nov 13, 2023, 10:00 – 10:30"."""
    local_start = start.astimezone(tz)
    local_end = (start + dt.timedelta(minutes=minutes)).astimezone(tz)
    day = format_date(local_start.date(), "day")
    return f"{day}, {format_time(local_start)} – {format_time(local_end)}"
