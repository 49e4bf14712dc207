"""What every page of a conference shows in its header."""

from microconf.conference.models import Conference
from microconf.conference.timezones import format_date_range


def conference_context(conference: Conference) -> dict:
    return {
        "conference": conference,
        "date_range": format_date_range(conference.start_date, conference.end_date),
    }
