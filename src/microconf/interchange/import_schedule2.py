"""Import the c3voc "schedule2" draft JSON (CCC hub, 38C3 onwards).

The draft still changes, so only what maps onto the model is read: events
with `start`/`end`, room and track reference objects, participants, links.
"""

from __future__ import annotations

import re
from datetime import UTC
from typing import Any

from microconf.interchange.frab_reading import parse_date_or_datetime, parse_datetime
from microconf.interchange.identity import parse_uuid
from microconf.interchange.import_builder import PendingEvent, Progress, ScheduleBuilder
from microconf.interchange.json_fields import (
    conference_date,
    conference_timezone,
    is_int,
    optional_list,
    optional_string,
    require_object,
    require_string,
)
from microconf.interchange.model import (
    Day,
    ImportedConference,
    ImportOptions,
    InterchangeError,
    Link,
    Person,
)
from microconf.interchange.timezones import parse_clock

_ISO_DURATION_RE = re.compile(
    r"^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$"
)


def is_schedule2(schedule: dict[str, Any]) -> bool:
    """Tell a schedule2 body (events at top level, days without rooms) from v1."""
    if isinstance(schedule.get("events"), list):
        return True
    conference = schedule.get("conference")
    days = conference.get("days") if isinstance(conference, dict) else None
    return (
        isinstance(days, list)
        and bool(days)
        and isinstance(days[0], dict)
        and "rooms" not in days[0]
    )


def from_schedule2_body(
    schedule: dict[str, Any], *, progress: Progress | None
) -> ImportedConference:
    """Import the parsed "schedule" object of a schedule2 document."""
    conference = require_object(schedule.get("conference"), '"schedule.conference"')
    builder = ScheduleBuilder("frab-json/schedule2", progress=progress)
    builder.note(
        "schedule2-draft",
        "file uses the c3voc schedule2 draft; read events, rooms, tracks and people "
        "only",
    )
    tz_name, tz = conference_timezone(conference, builder, ImportOptions(), [])
    track_names: dict[str, str] = {}
    for track in optional_list(conference.get("tracks"), '"conference.tracks"'):
        if isinstance(track, dict) and isinstance(track.get("name"), str):
            colors = (
                track.get("colors") if isinstance(track.get("colors"), dict) else {}
            )
            builder.add_track(
                track["name"],
                slug=str(track.get("slug") or ""),
                color=str(track.get("color") or colors.get("light") or ""),
            )
            track_names[str(track.get("slug") or track["name"])] = track["name"]
    for room in optional_list(conference.get("rooms"), '"conference.rooms"'):
        if isinstance(room, dict) and isinstance(room.get("name"), str):
            builder.add_room(room["name"], parse_uuid(str(room.get("guid") or "")))
    for position, raw_day in enumerate(
        optional_list(conference.get("days"), '"days"'), start=1
    ):
        day = require_object(raw_day, f"day {position}")
        if day.get("start") and day.get("end") and day.get("date"):
            builder.days.append(
                Day(
                    index=day["index"] if is_int(day.get("index")) else position,
                    date=parse_date_or_datetime(
                        str(day["date"]), '"date"', f"day {position}", tz
                    ),
                    start=parse_datetime(
                        str(day["start"]), '"start"', f"day {position}"
                    ),
                    end=parse_datetime(str(day["end"]), '"end"', f"day {position}"),
                )
            )
    events = optional_list(schedule.get("events"), '"schedule.events"')
    builder.expected_events = len(events)
    for raw_event in events:
        builder.add_event(_schedule2_event(raw_event, track_names, tz))
    return builder.build(
        title=optional_string(conference, "title"),
        acronym=optional_string(conference, "acronym"),
        timezone=tz_name,
        start=conference_date(conference, "start", tz),
        end=conference_date(conference, "end", tz),
        version=str(schedule.get("version") or ""),
        base_url=optional_string(schedule, "base_url"),
        url=optional_string(conference, "url"),
    )


def _schedule2_event(raw: Any, track_names: dict[str, str], tz) -> PendingEvent:
    event = require_object(raw, "event")
    title = optional_string(event, "title")
    label = f"event {title!r}"
    if not event.get("start"):
        raise InterchangeError(f'{label}: "start" is missing')
    start = parse_datetime(
        require_string(event["start"], label, '"start"'), '"start"', label
    )
    if start.tzinfo is None:
        start = start.replace(tzinfo=tz)
    if event.get("end"):
        end = parse_datetime(
            require_string(event["end"], label, '"end"'), '"end"', label
        )
        if end.tzinfo is None:
            end = end.replace(tzinfo=tz)
        duration = int(
            (end.astimezone(UTC) - start.astimezone(UTC)).total_seconds() // 60
        )
    else:
        duration = _iso_duration(event.get("duration"), label)
    room = event.get("room")
    room_name = room.get("name", "") if isinstance(room, dict) else str(room or "")
    track = event.get("track")
    if isinstance(track, dict):
        track_name = str(
            track.get("name") or track_names.get(str(track.get("slug")), "")
        )
    else:
        track_name = str(track or "")
    event_id = event.get("id")
    if event_id is not None and (
        isinstance(event_id, bool) or not isinstance(event_id, int)
    ):
        kind = type(event_id).__name__
        raise InterchangeError(
            f'{label}: "id" must be an integer, got {kind} {event_id!r}'
        )
    links = _references(event.get("links"), f'{label}: "links"')
    attachments = _references(event.get("attachments"), f'{label}: "attachments"')
    persons = [
        Person(name=str(p["name"]).strip(), guid=parse_uuid(str(p.get("guid") or "")))
        for p in optional_list(
            event.get("participants") or event.get("persons"),
            f'{label}: "participants"',
        )
        if isinstance(p, dict) and str(p.get("name") or "").strip()
    ]
    guid = parse_uuid(str(event.get("guid") or ""))
    return PendingEvent(
        id=event_id,
        guid=guid,
        title=title or "Untitled event",
        start=start.astimezone(UTC),
        duration=duration,
        room=room_name,
        code=str(event.get("code") or ""),
        slug=str(event.get("slug") or ""),
        subtitle=str(event.get("subtitle") or ""),
        type=str(event.get("type") or "").lower(),
        track=track_name,
        language=str(event.get("language") or ""),
        abstract=str(event.get("abstract") or ""),
        description=str(event.get("description") or ""),
        url=str(event.get("url") or ""),
        persons=persons,
        links=links,
        attachments=attachments,
        source_key=f"guid:{event.get('guid')}" if event.get("guid") else "",
    )


def _references(value: Any, where: str) -> list[Link]:
    return [
        Link(
            url=str(item["url"]),
            title=str(item.get("title") or ""),
            type=str(item.get("type") or "").lower(),
        )
        for item in optional_list(value, where)
        if isinstance(item, dict) and item.get("url")
    ]


def _iso_duration(raw: Any, label: str) -> int:
    if isinstance(raw, str):
        match = _ISO_DURATION_RE.match(raw.strip())
        if match and any(match.groups()):
            days, hours, minutes, seconds = (float(g or 0) for g in match.groups())
            return int(days * 1440 + hours * 60 + minutes + seconds // 60)
        clock = parse_clock(raw)
        if clock:
            return clock[0] * 60 + clock[1]
    raise InterchangeError(f'{label}: "duration" {raw!r} is not an ISO 8601 duration')
