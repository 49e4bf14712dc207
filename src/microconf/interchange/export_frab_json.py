"""Export to c3voc `schedule.json` (v1), valid against the current JSON schema."""

from __future__ import annotations

import json
import re
from typing import Any

from microconf import __version__
from microconf.clock import hhmm
from microconf.interchange.days import events_by_day
from microconf.interchange.frab_fields import (
    GENERATOR_NAME,
    absolute_url,
    acronym_for_export,
    check_identities,
    export_code,
    export_slugs,
    is_http_url,
    rooms_for_export,
    tracks_for_export,
)
from microconf.interchange.model import Event, Link, Person, Schedule
from microconf.interchange.timezones import zone

SCHEMA_URL = "https://c3voc.de/schedule/schema.json"

# The schema's own pattern; zones outside it (e.g. "Etc/GMT+5") are left out.
_ZONE_NAME_RE = re.compile(r"^([A-Z][a-z]+/[A-Z][a-z]+)|UTC$")
_REFERENCE_TYPES = frozenset(
    {"slides", "paper", "web", "blog", "article", "media", "related", "activitypub"}
)


def to_frab_json(schedule: Schedule) -> bytes:
    """Return the schedule as UTF-8 c3voc `schedule.json` (v1)."""
    return json.dumps(
        frab_json_document(schedule), ensure_ascii=False, indent=2
    ).encode("utf-8")


def frab_json_document(schedule: Schedule) -> dict[str, Any]:
    """Return the `schedule.json` document as a dict (for APIs that embed it)."""
    check_identities(schedule)
    tz = zone(schedule.timezone, where="schedule timezone")
    slugs = export_slugs(schedule)
    by_day = events_by_day(schedule)

    conference: dict[str, Any] = {
        "acronym": acronym_for_export(schedule),
        "title": schedule.title,
        "start": schedule.start.isoformat(),
        "end": schedule.end.isoformat(),
        "daysCount": len(by_day),
        "timeslot_duration": hhmm(schedule.timeslot_duration),
    }
    if _ZONE_NAME_RE.search(schedule.timezone):
        conference["time_zone_name"] = schedule.timezone
    if is_http_url(schedule.url):
        conference["url"] = schedule.url
    conference["tracks"] = [
        {"name": t.name, "slug": t.slug, **({"color": t.color} if t.color else {})}
        for t in tracks_for_export(schedule)
    ]
    rooms_list = rooms_for_export(schedule)
    conference["rooms"] = [
        {"name": room.name, "guid": str(room.guid)} for room in rooms_list
    ]
    room_names = [room.name for room in rooms_list]
    days = []
    for day, events in by_day:
        rooms: dict[str, list[dict[str, Any]]] = {name: [] for name in room_names}
        for event in events:
            rooms.setdefault(event.room, []).append(
                _event(event, schedule, tz, slugs[event.guid])
            )
        days.append(
            {
                "index": day.index,
                "date": day.date.isoformat(),
                "day_start": day.start.astimezone(tz).isoformat(),
                "day_end": day.end.astimezone(tz).isoformat(),
                "rooms": rooms,
            }
        )
    conference["days"] = days

    body: dict[str, Any] = {"version": schedule.version}
    if is_http_url(schedule.base_url):
        body["base_url"] = schedule.base_url
    body["conference"] = conference
    return {
        "$schema": SCHEMA_URL,
        "generator": {"name": GENERATOR_NAME, "version": __version__},
        "schedule": body,
    }


def _event(event: Event, schedule: Schedule, tz, slug: str) -> dict[str, Any]:
    local_start = event.start.astimezone(tz)
    data: dict[str, Any] = {
        "guid": str(event.guid),
        "id": event.id,
    }
    if code := export_code(event.code):
        data["code"] = code
    # No optional "end": c3voc's JSON-to-XML converter copies it into <event>,
    # where the XSD does not allow it; "duration" says the same.
    data |= {
        "date": local_start.isoformat(),
        "start": local_start.strftime("%H:%M"),
        "duration": hhmm(event.duration),
        "room": event.room,
        "slug": slug,
        # `url` is required; without a web page the guid still names the event.
        "url": absolute_url(event.url, schedule.base_url) or f"urn:uuid:{event.guid}",
        "title": event.title,
        "subtitle": event.subtitle,
        "track": event.track or None,
        "type": event.type,
        "language": event.language or None,
        "abstract": event.abstract,
        "description": event.description,
        "recording_license": event.recording.license,
        "do_not_record": event.recording.optout,
        "persons": [_person(p) for p in event.persons if p.name.strip()],
        "links": [r for link in event.links if (r := _reference(link, schedule))],
        "attachments": [
            r for link in event.attachments if (r := _reference(link, schedule))
        ],
    }
    return data


def _person(person: Person) -> dict[str, Any]:
    # The schema's Person is oneOf frab style (id + public_name) or pretalx
    # style (name): writing both styles at once would match both and fail.
    if person.id is not None:
        data: dict[str, Any] = {"id": person.id, "public_name": person.name}
    else:
        data = {"name": person.name, "public_name": person.name}
    if person.guid is not None:
        data["guid"] = str(person.guid)
    if person.code and re.fullmatch(r"[A-Z0-9]+", person.code):
        data["code"] = person.code
    return data


def _reference(link: Link, schedule: Schedule) -> dict[str, Any] | None:
    url = absolute_url(link.url, schedule.base_url)
    if not url:
        return None
    data: dict[str, Any] = {"url": url, "title": link.title or url}
    if link.type.lower() in _REFERENCE_TYPES:
        data["type"] = link.type.lower()
    return data
