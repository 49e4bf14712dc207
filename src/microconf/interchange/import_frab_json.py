"""Import c3voc/frab `schedule.json` (v1: frab, pretalx) and the schedule2 draft."""

from __future__ import annotations

import re
from datetime import UTC, time
from typing import Any

from microconf.interchange.frab_reading import (
    FrabContext,
    finish_notes,
    parse_date_or_datetime,
    parse_datetime,
    read_event,
)
from microconf.interchange.identity import parse_uuid
from microconf.interchange.import_builder import PendingEvent, Progress, ScheduleBuilder
from microconf.interchange.model import (
    Day,
    ImportedConference,
    InterchangeError,
    Link,
    Person,
)
from microconf.interchange.safe_parsing import check_json_value_depth, parse_json
from microconf.interchange.timezones import parse_clock, zone

_ISO_DURATION_RE = re.compile(
    r"^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$"
)


def from_frab_json(
    data: bytes | dict[str, Any], *, progress: Progress | None = None
) -> ImportedConference:
    """Import c3voc `schedule.json` (v1 or the schedule2 draft) from bytes or a dict."""
    document = _load(data)
    schedule = _object(document.get("schedule"), '"schedule"')
    if _is_schedule2(schedule):
        return _from_schedule2(document, schedule, progress=progress)
    return _from_v1(document, schedule, progress=progress)


def from_pretalx_json(
    data: bytes | dict[str, Any], *, progress: Progress | None = None
) -> ImportedConference:
    """Import a pretalx `schedule.json` export (pretalx writes c3voc v1 JSON)."""
    return from_frab_json(data, progress=progress)


def _load(data: bytes | dict[str, Any]) -> dict[str, Any]:
    if isinstance(data, dict):
        check_json_value_depth(data, what="schedule JSON")
        document = data
    else:
        document = parse_json(data, what="schedule JSON")
    if not isinstance(document, dict):
        raise InterchangeError(
            f"schedule JSON: top level must be an object, got {type(document).__name__}"
        )
    return document


def _is_schedule2(schedule: dict[str, Any]) -> bool:
    if isinstance(schedule.get("events"), list):
        return True
    days = (schedule.get("conference") or {}).get("days") or []
    return bool(days) and isinstance(days[0], dict) and "rooms" not in days[0]


def _from_v1(
    document: dict[str, Any], schedule: dict[str, Any], *, progress: Progress | None
) -> ImportedConference:
    conference = _object(schedule.get("conference"), '"schedule.conference"')
    generator = document.get("generator")
    dialect = "frab"
    if isinstance(generator, dict) and isinstance(generator.get("name"), str):
        dialect = generator["name"].strip().lower() or dialect
    elif _looks_like_pretalx(conference):
        dialect = "pretalx"
    builder = ScheduleBuilder(f"frab-json/{dialect}", progress=progress)
    tz_name, tz = _timezone(conference, builder)
    if "rooms" in schedule:
        builder.note(
            "schedule-rooms-ignored",
            '"schedule.rooms" is not part of schedule.json v1 (rooms belong in '
            '"conference.rooms"); ignored it',
        )
    for room in _list(conference.get("rooms"), '"conference.rooms"'):
        if isinstance(room, dict) and isinstance(room.get("name"), str):
            builder.add_room(
                room["name"].strip(), parse_uuid(str(room.get("guid") or ""))
            )
    for track in _list(conference.get("tracks"), '"conference.tracks"'):
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
    )
    days = _list(conference.get("days"), '"conference.days"')
    builder.expected_events = sum(
        len(events)
        for day in days
        if isinstance(day, dict) and isinstance(day.get("rooms"), dict)
        for events in day["rooms"].values()
        if isinstance(events, list)
    )
    for position, raw_day in enumerate(days, start=1):
        day = _object(raw_day, f'"conference.days[{position - 1}]"')
        label = f"day {position}"
        day_date = None
        if day.get("date"):
            day_date = parse_date_or_datetime(
                _string(day["date"], label, '"date"'), '"date"', label, tz
            )
        if day.get("day_start") and day.get("day_end") and day_date is not None:
            start = parse_datetime(
                _string(day["day_start"], label, '"day_start"'), '"day_start"', label
            )
            end = parse_datetime(
                _string(day["day_end"], label, '"day_end"'), '"day_end"', label
            )
            builder.days.append(
                Day(
                    index=day["index"] if _is_int(day.get("index")) else position,
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
            for raw_event in _list(events, f"{label}: room {room_name!r}"):
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
        title=_optional_string(conference, "title"),
        acronym=_optional_string(conference, "acronym"),
        timezone=tz_name,
        start=_conference_date(conference, "start", tz),
        end=_conference_date(conference, "end", tz),
        version=str(schedule.get("version") or ""),
        base_url=_optional_string(schedule, "base_url"),
        url=_optional_string(conference, "url"),
        timeslot_duration=_timeslot(conference),
        day_change=day_change,
    )


def _looks_like_pretalx(conference: dict[str, Any]) -> bool:
    """Tell pretalx output by its persons, which carry submission-style codes."""
    for day in conference.get("days") or ():
        rooms = day.get("rooms") if isinstance(day, dict) else None
        for events in (rooms or {}).values() if isinstance(rooms, dict) else ():
            for event in events if isinstance(events, list) else ():
                persons = event.get("persons") if isinstance(event, dict) else None
                if isinstance(persons, list) and persons:
                    return isinstance(persons[0], dict) and "code" in persons[0]
    return False


def _v1_event_values(raw: Any, where: str) -> dict[str, Any]:
    event = _object(raw, f"{where}: event")
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


def _from_schedule2(
    document: dict[str, Any], schedule: dict[str, Any], *, progress: Progress | None
) -> ImportedConference:
    conference = _object(schedule.get("conference"), '"schedule.conference"')
    builder = ScheduleBuilder("frab-json/schedule2", progress=progress)
    builder.note(
        "schedule2-draft",
        "file uses the c3voc schedule2 draft; read events, rooms, tracks and people "
        "only",
    )
    tz_name, tz = _timezone(conference, builder)
    track_names: dict[str, str] = {}
    for track in _list(conference.get("tracks"), '"conference.tracks"'):
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
    for room in _list(conference.get("rooms"), '"conference.rooms"'):
        if isinstance(room, dict) and isinstance(room.get("name"), str):
            builder.add_room(room["name"], parse_uuid(str(room.get("guid") or "")))
    for position, raw_day in enumerate(
        _list(conference.get("days"), '"days"'), start=1
    ):
        day = _object(raw_day, f"day {position}")
        if day.get("start") and day.get("end") and day.get("date"):
            builder.days.append(
                Day(
                    index=day["index"] if _is_int(day.get("index")) else position,
                    date=parse_date_or_datetime(
                        str(day["date"]), '"date"', f"day {position}", tz
                    ),
                    start=parse_datetime(
                        str(day["start"]), '"start"', f"day {position}"
                    ),
                    end=parse_datetime(str(day["end"]), '"end"', f"day {position}"),
                )
            )
    events = _list(schedule.get("events"), '"schedule.events"')
    builder.expected_events = len(events)
    for raw_event in events:
        builder.add_event(_schedule2_event(raw_event, track_names, tz))
    return builder.build(
        title=_optional_string(conference, "title"),
        acronym=_optional_string(conference, "acronym"),
        timezone=tz_name,
        start=_conference_date(conference, "start", tz),
        end=_conference_date(conference, "end", tz),
        version=str(schedule.get("version") or ""),
        base_url=_optional_string(schedule, "base_url"),
        url=_optional_string(conference, "url"),
    )


def _schedule2_event(raw: Any, track_names: dict[str, str], tz) -> PendingEvent:
    event = _object(raw, "event")
    title = _optional_string(event, "title")
    label = f"event {title!r}"
    if not event.get("start"):
        raise InterchangeError(f'{label}: "start" is missing')
    start = parse_datetime(_string(event["start"], label, '"start"'), '"start"', label)
    if start.tzinfo is None:
        start = start.replace(tzinfo=tz)
    if event.get("end"):
        end = parse_datetime(_string(event["end"], label, '"end"'), '"end"', label)
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
        for p in _list(
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
        for item in _list(value, where)
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


def _timezone(conference: dict[str, Any], builder: ScheduleBuilder):
    name = conference.get("time_zone_name")
    if name is None or name == "":
        builder.note(
            "timezone-assumed-utc",
            'no "time_zone_name"; assumed UTC (datetimes with an offset keep it)',
        )
        return "UTC", zone("UTC")
    if not isinstance(name, str):
        raise InterchangeError(
            f'conference: "time_zone_name" must be a string, got {type(name).__name__}'
        )
    return name, zone(name, where='conference "time_zone_name"')


def _day_change(conference: dict[str, Any]) -> time:
    raw = conference.get("day_change")
    clock = parse_clock(raw) if isinstance(raw, str) else None
    return time(clock[0] % 24, clock[1]) if clock else time(0, 0)


def _timeslot(conference: dict[str, Any]) -> int:
    raw = conference.get("timeslot_duration")
    clock = parse_clock(raw) if isinstance(raw, str) else None
    return clock[0] * 60 + clock[1] if clock and (clock[0] or clock[1]) else 5


def _conference_date(conference: dict[str, Any], key: str, tz):
    raw = conference.get(key)
    if raw is None or raw == "":
        return None
    return parse_date_or_datetime(
        _string(raw, "conference", f'"{key}"'), f'"{key}"', "conference", tz
    )


def _object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        kind = "missing" if value is None else f"a {type(value).__name__}"
        raise InterchangeError(f"{where} must be an object, but is {kind}")
    return value


def _list(value: Any, where: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise InterchangeError(f"{where} must be a list, got {type(value).__name__}")
    return value


def _string(value: Any, label: str, key: str) -> str:
    if not isinstance(value, str):
        raise InterchangeError(
            f"{label}: {key} must be a string, got {type(value).__name__} {value!r}"
        )
    return value


def _optional_string(container: dict[str, Any], key: str) -> str:
    value = container.get(key)
    if value is None:
        return ""
    return _string(value, "schedule JSON", f'"{key}"').strip()


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
