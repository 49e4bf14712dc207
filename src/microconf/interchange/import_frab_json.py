"""Import c3voc/frab `schedule.json` (v1: frab, pretalx) and the schedule2 draft."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from microconf.interchange.frab_reading import (
    FrabContext,
    finish_notes,
    parse_date_or_datetime,
    parse_datetime,
    read_event,
)
from microconf.interchange.identity import parse_uuid
from microconf.interchange.import_builder import (
    Progress,
    ScheduleBuilder,
    with_assumptions,
)
from microconf.interchange.import_schedule2 import from_schedule2_body, is_schedule2
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
)
from microconf.interchange.safe_parsing import check_json_value_depth, parse_json
from microconf.interchange.timezones import parse_clock


def from_frab_json(
    data: bytes | dict[str, Any],
    *,
    progress: Progress | None = None,
    options: ImportOptions | None = None,
) -> ImportedConference:
    """Import c3voc `schedule.json` (v1 or the schedule2 draft) from bytes or a dict."""
    notes: list[str] = []
    document = _load(data, notes)
    schedule = require_object(document.get("schedule"), '"schedule"')
    if is_schedule2(schedule):
        result = from_schedule2_body(schedule, progress=progress)
    else:
        result = _from_v1(
            document, schedule, progress=progress, options=options or ImportOptions()
        )
    return with_assumptions(result, "charset-detected", notes)


def from_pretalx_json(
    data: bytes | dict[str, Any], *, progress: Progress | None = None
) -> ImportedConference:
    """Import a pretalx `schedule.json` export (pretalx writes c3voc v1 JSON)."""
    return from_frab_json(data, progress=progress)


def _load(data: bytes | dict[str, Any], notes: list[str]) -> dict[str, Any]:
    if isinstance(data, dict):
        check_json_value_depth(data, what="schedule JSON")
        document = data
    else:
        document = parse_json(data, what="schedule JSON", notes=notes)
    if not isinstance(document, dict):
        raise InterchangeError(
            f"schedule JSON: top level must be an object, got {type(document).__name__}"
        )
    return document


def _from_v1(
    document: dict[str, Any],
    schedule: dict[str, Any],
    *,
    progress: Progress | None,
    options: ImportOptions,
) -> ImportedConference:
    conference = require_object(schedule.get("conference"), '"schedule.conference"')
    generator = document.get("generator")
    dialect = "frab"
    if isinstance(generator, dict) and isinstance(generator.get("name"), str):
        dialect = generator["name"].strip().lower() or dialect
    elif _looks_like_pretalx(conference):
        dialect = "pretalx"
    builder = ScheduleBuilder(f"frab-json/{dialect}", progress=progress)
    tz_name, tz = conference_timezone(
        conference, builder, options, _offset_datetimes(conference)
    )
    if "rooms" in schedule:
        builder.note(
            "schedule-rooms-ignored",
            '"schedule.rooms" is not part of schedule.json v1 (rooms belong in '
            '"conference.rooms"); ignored it',
        )
    for room in optional_list(conference.get("rooms"), '"conference.rooms"'):
        if isinstance(room, dict) and isinstance(room.get("name"), str):
            builder.add_room(
                room["name"].strip(), parse_uuid(str(room.get("guid") or ""))
            )
    for track in optional_list(conference.get("tracks"), '"conference.tracks"'):
        if isinstance(track, dict) and isinstance(track.get("name"), str):
            builder.add_track(
                track["name"].strip(),
                slug=str(track.get("slug") or ""),
                color=str(track.get("color") or ""),
            )
    day_change = _day_change(conference)
    context = FrabContext(
        builder=builder,
        tz=tz,
        timezone_name=tz_name,
        day_change=day_change,
        element='"KEY"',
        default_duration=options.default_duration,
    )
    days = optional_list(conference.get("days"), '"conference.days"')
    builder.expected_events = sum(
        len(events)
        for day in days
        if isinstance(day, dict) and isinstance(day.get("rooms"), dict)
        for events in day["rooms"].values()
        if isinstance(events, list)
    )
    for position, raw_day in enumerate(days, start=1):
        day = require_object(raw_day, f'"conference.days[{position - 1}]"')
        label = f"day {position}"
        day_date = None
        if day.get("date"):
            day_date = parse_date_or_datetime(
                require_string(day["date"], label, '"date"'), '"date"', label, tz
            )
        if day.get("day_start") and day.get("day_end") and day_date is not None:
            start = parse_datetime(
                require_string(day["day_start"], label, '"day_start"'),
                '"day_start"',
                label,
            )
            end = parse_datetime(
                require_string(day["day_end"], label, '"day_end"'), '"day_end"', label
            )
            builder.days.append(
                Day(
                    index=day["index"] if is_int(day.get("index")) else position,
                    date=day_date,
                    start=start if start.tzinfo else start.replace(tzinfo=tz),
                    end=end if end.tzinfo else end.replace(tzinfo=tz),
                )
            )
        day_start = (
            builder.days[-1].start
            if builder.days and builder.days[-1].date == day_date
            else None
        )
        rooms = day.get("rooms") or {}
        if not isinstance(rooms, dict):
            raise InterchangeError(
                f'{label}: "rooms" must be an object keyed by room name, got '
                f"{type(rooms).__name__}"
            )
        for room_name, events in rooms.items():
            builder.add_room(room_name)
            for raw_event in optional_list(events, f"{label}: room {room_name!r}"):
                values = _v1_event_values(raw_event, f"{label}, room {room_name!r}")
                builder.add_event(
                    read_event(
                        values,
                        context,
                        day_date=day_date,
                        room=room_name,
                        day_start=day_start,
                    )
                )
    finish_notes(context)
    return builder.build(
        title=optional_string(conference, "title"),
        acronym=optional_string(conference, "acronym"),
        timezone=tz_name,
        start=conference_date(conference, "start", tz),
        end=conference_date(conference, "end", tz),
        version=str(schedule.get("version") or ""),
        base_url=optional_string(schedule, "base_url"),
        url=optional_string(conference, "url"),
        timeslot_duration=_timeslot(conference),
        day_change=day_change,
    )


def _offset_datetimes(conference: dict[str, Any]) -> list[datetime]:
    """Every event datetime of the file that carries an offset."""
    found = []
    days = conference.get("days")
    for day in days if isinstance(days, list) else ():
        rooms = day.get("rooms") if isinstance(day, dict) else None
        for events in rooms.values() if isinstance(rooms, dict) else ():
            for event in events if isinstance(events, list) else ():
                raw = event.get("date") if isinstance(event, dict) else None
                try:
                    moment = (
                        datetime.fromisoformat(raw) if isinstance(raw, str) else None
                    )
                except ValueError:
                    moment = None
                if moment is not None and moment.utcoffset() is not None:
                    found.append(moment)
    return found


def _looks_like_pretalx(conference: dict[str, Any]) -> bool:
    """Tell pretalx output by its persons, which carry submission-style codes."""
    days = conference.get("days")
    for day in days if isinstance(days, list) else ():
        rooms = day.get("rooms") if isinstance(day, dict) else None
        for events in (rooms or {}).values() if isinstance(rooms, dict) else ():
            for event in events if isinstance(events, list) else ():
                persons = event.get("persons") if isinstance(event, dict) else None
                if isinstance(persons, list) and persons:
                    return isinstance(persons[0], dict) and "code" in persons[0]
    return False


def _v1_event_values(raw: Any, where: str) -> dict[str, Any]:
    event = require_object(raw, f"{where}: event")
    title = event.get("title")
    label = f"event {title!r}" if isinstance(title, str) else f"{where}: event"
    event_id = event.get("id")
    if event_id is not None:
        if isinstance(event_id, bool) or not isinstance(event_id, int):
            raise InterchangeError(
                f'{label}: "id" must be an integer, got {type(event_id).__name__} '
                f"{event_id!r}"
            )
        if event_id < 1:
            raise InterchangeError(f'{label}: "id" {event_id} must be at least 1')
    for key in ("title", "date", "start", "room", "guid"):
        value = event.get(key)
        if value is not None and not isinstance(value, str):
            kind = type(value).__name__
            raise InterchangeError(
                f'{label}: "{key}" must be a string, got {kind} {value!r}'
            )
    for key in ("persons", "links", "attachments"):
        if event.get(key) is not None and not isinstance(event[key], list):
            raise InterchangeError(
                f'{label}: "{key}" must be a list, got {type(event[key]).__name__}'
            )
    return event


def _day_change(conference: dict[str, Any]) -> time:
    raw = conference.get("day_change")
    clock = parse_clock(raw) if isinstance(raw, str) else None
    return time(clock[0] % 24, clock[1]) if clock else time(0, 0)


def _timeslot(conference: dict[str, Any]) -> int:
    raw = conference.get("timeslot_duration")
    clock = parse_clock(raw) if isinstance(raw, str) else None
    return clock[0] * 60 + clock[1] if clock and (clock[0] or clock[1]) else 5
