"""A personal agenda as iCalendar; small on purpose, to be replaced by interchange."""

from collections.abc import Iterable

from icalendar import Calendar, Event

from microconf.cfp.models import Contribution
from microconf.conference.models import Conference


def agenda_calendar(
    conference: Conference, contributions: Iterable[Contribution], base_url: str
) -> bytes:
    """Scheduled contributions as VEVENTs in the conference's zone, with a VTIMEZONE.

    UIDs depend only on the conference and the contribution, so calendar apps
    update an event when it moves instead of adding a second one.
    """
    tz = conference.tz
    calendar = Calendar()
    calendar.add("prodid", "-//microconf//programme//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"My agenda · {conference.name}")
    calendar.add("x-wr-timezone", conference.timezone)
    for contribution in contributions:
        if contribution.start is None:
            continue
        event = Event()
        event.add("uid", f"{conference.slug}-{contribution.id}@microconf")
        event.add("summary", contribution.title)
        event.add("dtstart", contribution.start.astimezone(tz))
        event.add("dtend", contribution.end.astimezone(tz))
        event.add("dtstamp", contribution.updated)
        event.add("location", contribution.room.name)
        event.add("url", base_url + contribution.get_absolute_url())
        event.add("categories", [contribution.track.name])
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
