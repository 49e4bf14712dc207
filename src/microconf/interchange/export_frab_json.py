"""Export to c3voc `schedule.json` (v1), valid against the current JSON schema.

It also keeps to what c3voc's own JSON-to-XML converter can place: converted,
it is valid against the c3voc XSD (tests/interchange/test_c3voc_conversion.py).
So it leaves out the schema's optional keys that the converter writes where the
XSD has no place for them (an event's ``end`` and ``code``, a link's ``type``),
and characters XML cannot carry.
"""

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
    export_slugs,
    is_http_url,
    rooms_for_export,
    tracks_for_export,
    xml_safe,
)
from microconf.interchange.model import Event, Link, Person, Schedule
from microconf.interchange.timezones import zone

SCHEMA_URL = "https://c3voc.de/schedule/schema.json"

# The schema's own pattern; zones outside it (e.g. "Etc/GMT+5") are left out.
_ZONE_NAME_RE = re.compile(r"^([A-Z][a-z]+/[A-Z][a-z]+)|UTC$")


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
        "schedule": _xml_compatible(body),
    }


def _xml_compatible(value: Any) -> Any:
    """``value`` with characters XML 1.0 cannot carry dropped from every string.

    JSON could carry them, but the converter to XML then fails on the file.
    """
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, dict):
        return {xml_safe(k): _xml_compatible(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_xml_compatible(v) for v in value]
    return value


def _event(event: Event, schedule: Schedule, tz, slug: str) -> dict[str, Any]:
    local_start = event.start.astimezone(tz)
    # No optional "end" or "code": c3voc's converter copies them into <event> as
    # elements the XSD does not allow ("duration" says the same as "end"; the
    # code stays in schedule.xml, as the attribute the XSD has for it).
    data: dict[str, Any] = {
        "guid": str(event.guid),
        "id": event.id,
        "date": local_start.isoformat(),
        "start": local_start.strftime("%H:%M"),
        "duration": hhmm(event.duration),
        "room": event.room,
        "slug": slug,
        "url": _event_url(event, schedule),
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


def _event_url(event: Event, schedule: Schedule) -> str:
    """The event's page; without one, the schedule's site, else its guid as a URN.

    ``url`` is required. An http(s) address also converts to a valid XML
    ``<url>``; the URN (a schedule with no web address at all) does not.
    """
    site = next((u for u in (schedule.base_url, schedule.url) if is_http_url(u)), "")
    own = absolute_url(event.url, schedule.base_url)
    return own or site or f"urn:uuid:{event.guid}"


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
    # No optional "type": the converter makes it an element inside <link>, which
    # the XSD keeps to text and attributes.
    return {"url": url, "title": link.title or url}
