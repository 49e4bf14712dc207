"""Export to frab/c3voc `schedule.xml`, valid against the current c3voc XSD."""

from __future__ import annotations

from lxml import etree

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
    xml_safe,
)
from microconf.interchange.model import Event, Schedule
from microconf.interchange.timezones import zone


def to_frab_xml(schedule: Schedule) -> bytes:
    """Return the schedule as UTF-8 frab/c3voc `schedule.xml`.

    Raises InterchangeError when the model cannot be written validly
    (repeated ids or guids, durations beyond 99:59, an unknown timezone).
    """
    check_identities(schedule)
    tz = zone(schedule.timezone, where="schedule timezone")
    slugs = export_slugs(schedule)

    root = etree.Element("schedule")
    etree.SubElement(root, "generator", name=GENERATOR_NAME, version=__version__)
    _text(root, "version", schedule.version)

    conference = etree.SubElement(root, "conference")
    _text(conference, "acronym", acronym_for_export(schedule))
    _text(conference, "title", schedule.title)
    _text(conference, "start", schedule.start.isoformat())
    _text(conference, "end", schedule.end.isoformat())
    by_day = events_by_day(schedule)
    rooms = rooms_for_export(schedule)
    _text(conference, "days", str(len(by_day)))
    _text(conference, "timeslot_duration", hhmm(schedule.timeslot_duration))
    if is_http_url(schedule.base_url):
        _text(conference, "base_url", schedule.base_url)
    if is_http_url(schedule.url):
        _text(conference, "url", schedule.url)
    _text(conference, "time_zone_name", schedule.timezone)
    for track in tracks_for_export(schedule):
        attributes = {"name": track.name, "slug": track.slug}
        if track.color:
            attributes["color"] = track.color
        etree.SubElement(conference, "track", attributes)

    for day, events in by_day:
        day_element = etree.SubElement(
            root,
            "day",
            index=str(day.index),
            date=day.date.isoformat(),
            start=day.start.astimezone(tz).isoformat(),
            end=day.end.astimezone(tz).isoformat(),
        )
        for room in rooms:
            room_element = etree.SubElement(
                day_element, "room", name=room.name, guid=str(room.guid)
            )
            for event in events:
                if event.room == room.name:
                    _event(room_element, event, schedule, tz, slugs[event.guid])

    return etree.tostring(
        root, xml_declaration=True, encoding="UTF-8", pretty_print=True
    )


def _event(parent, event: Event, schedule: Schedule, tz, slug: str) -> None:
    attributes = {"id": str(event.id), "guid": str(event.guid)}
    if code := export_code(event.code):
        attributes["code"] = code
    element = etree.SubElement(parent, "event", attributes)
    local_start = event.start.astimezone(tz)
    _text(element, "date", local_start.isoformat())
    _text(element, "start", local_start.strftime("%H:%M"))
    _text(element, "duration", hhmm(event.duration))
    _text(element, "room", event.room)
    _text(element, "slug", slug)
    if url := absolute_url(event.url, schedule.base_url):
        _text(element, "url", url)
    _text(element, "title", event.title)
    _text(element, "subtitle", event.subtitle)
    _text(element, "track", event.track)
    _text(element, "type", event.type)
    _text(element, "language", event.language)
    _text(element, "abstract", event.abstract)
    _text(element, "description", event.description)
    persons = etree.SubElement(element, "persons")
    for person in event.persons:
        if not person.name.strip():
            continue
        person_element = _text(persons, "person", person.name)
        if person.id is not None:
            person_element.set("id", str(person.id))
        if person.guid is not None:
            person_element.set("guid", str(person.guid))
    links = etree.SubElement(element, "links")
    for link in event.links:
        link_element = _text(links, "link", link.title or link.url)
        link_element.set("href", link.url)
        if link.type:
            link_element.set("type", link.type)
    attachments = etree.SubElement(element, "attachments")
    for attachment in event.attachments:
        attachment_element = _text(
            attachments, "attachment", attachment.title or attachment.url
        )
        attachment_element.set("href", attachment.url)
        if attachment.type:
            attachment_element.set("type", attachment.type)
    recording = etree.SubElement(element, "recording")
    _text(recording, "license", event.recording.license)
    _text(recording, "optout", "true" if event.recording.optout else "false")


def _text(parent, tag: str, text: str):
    element = etree.SubElement(parent, tag)
    element.text = xml_safe(text)
    return element
