import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from microconf.conference.timezones import (
    format_date_range,
    format_slot,
    validate_timezone_name,
)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (dt.date(2023, 11, 13), dt.date(2023, 11, 15), "Nov 13 – 15, 2023"),
        (dt.date(2023, 11, 13), dt.date(2023, 11, 13), "Nov 13, 2023"),
        (dt.date(2023, 11, 30), dt.date(2023, 12, 2), "Nov 30 – Dec 2, 2023"),
        (dt.date(2023, 12, 30), dt.date(2024, 1, 2), "Dec 30, 2023 – Jan 2, 2024"),
    ],
)
def test_date_range_is_written_like_the_seed_page(start, end, expected):
    assert format_date_range(start, end) == expected


def test_slot_is_written_in_the_given_timezone():
    start = dt.datetime(2023, 11, 13, 15, 0, tzinfo=dt.UTC)

    text = format_slot(start, 45, ZoneInfo("America/New_York"))

    assert text == "Mon, Nov 13, 2023, 10:00 – 10:45"


def test_slot_across_a_dst_change_keeps_wall_clock_times():
    # 2023-11-05 06:30 UTC is 01:30 EST, after New York fell back at 02:00 EDT.
    start = dt.datetime(2023, 11, 5, 5, 0, tzinfo=dt.UTC)

    text = format_slot(start, 90, ZoneInfo("America/New_York"))

    assert text == "Sun, Nov 5, 2023, 01:00 – 01:30"


@pytest.mark.parametrize("name", ["America/New_York", "UTC", "Asia/Kolkata"])
def test_iana_names_are_accepted(name):
    validate_timezone_name(name)


@pytest.mark.parametrize("name", ["Mars/Olympus_Mons", "EST5EDT ", "", "../etc/passwd"])
def test_unknown_timezone_names_are_refused_with_a_hint(name):
    with pytest.raises(ValidationError) as error:
        validate_timezone_name(name)

    assert "is not a timezone name" in error.value.messages[0]
