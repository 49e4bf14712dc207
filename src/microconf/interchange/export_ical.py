"""Export to iCalendar (RFC 5545) with a VTIMEZONE and release-stable UIDs."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from urllib.parse import urlsplit

import icalendar

from microconf import __version__
from microconf.interchange.frab_fields import absolute_url
from microconf.interchange.html_text import html_to_text, looks_like_html
from microconf.interchange.model import Event, Schedule
from microconf.interchange.timezones import zone

PRODID = f"-//microconf//interchange {__version__}//EN"


def to_ical(
    schedule: Schedule,
    *,
    events: Iterable[Event] | None = None,
    track: str | None = None,
    calendar_name: str = "",
    stamp: datetime | None = None,
) -> bytes:
    """Return an iCalendar of the schedule's events, or a subset of them.

    Give `events` for one person's agenda (the caller picks them) or `track`
    (a track name) for one track; with neither, every event is written.
    UIDs derive from the event guid, so calendar clients update events in
    place across releases. `stamp` is DTSTAMP (default: now, in UTC).
    """
    tz = zone(schedule.timezone, where="schedule timezone")
    chosen = list(schedule.events if events is None else events)
    if track is not None:
        chosen = [event for event in chosen if event.track == track]
    chosen.sort(key=lambda e: (e.start, e.room, e.id))
    stamp = (stamp or datetime.now(UTC)).astimezone(UTC)

    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    name = calendar_name or (
        f"{schedule.title} \N{EN DASH} {track}" if track else schedule.title
    )
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", schedule.timezone)
    for event in chosen:
        calendar.add_component(_vevent(event, schedule, tz, stamp))
    if chosen and tz is not UTC:
        calendar.add_missing_timezones()
    return calendar.to_ical()


def ical_uid(schedule: Schedule, event: Event) -> str:
    """Return the stable UID of an event: acronym and guid at the schedule's host."""
    host = urlsplit(schedule.base_url).hostname or "microconf.invalid"
    return f"microconf-{schedule.acronym}-{event.guid}@{host}"


def _vevent(event: Event, schedule: Schedule, tz, stamp: datetime) -> icalendar.Event:
    vevent = icalendar.Event()
    vevent.add("uid", ical_uid(schedule, event))
    vevent.add("dtstamp", stamp)
    vevent.add("dtstart", _ical_moment(event.start, tz))
    vevent.add("dtend", _ical_moment(event.end, tz))
    speakers = ", ".join(p.name for p in event.persons if p.name.strip())
    vevent.add("summary", f"{event.title} - {speakers}" if speakers else event.title)
    if event.room:
        vevent.add("location", event.room)
    description = "\n\n".join(
        part for part in (event.subtitle, event.abstract) if part.strip()
    )
    if looks_like_html(description):
        # Calendar clients show DESCRIPTION as plain text (RFC 5545).
        description = html_to_text(description)
    if description:
        vevent.add("description", description)
    if event.track:
        vevent.add("categories", [event.track])
    if url := absolute_url(event.url, schedule.base_url):
        vevent.add("url", url)
    return vevent


def _ical_moment(moment: datetime, tz) -> datetime:
    """Return local time, or UTC when the local time is ambiguous.

    A TZID time in the repeated hour after a DST end means its first
    occurrence (RFC 5545 3.3.5), so the second one can only be written in UTC.
    """
    local = moment.astimezone(tz)
    other = local.replace(fold=1 - local.fold)
    if other.utcoffset() != local.utcoffset():
        return moment.astimezone(UTC)
    return local
