"""Import frab/c3voc `schedule.xml`: hub, frab, pretalx, wafer, pentabarf dialects."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from lxml import etree

from microconf.interchange.frab_reading import (
    FrabContext,
    finish_notes,
    parse_date_or_datetime,
    parse_datetime,
    read_event,
)
from microconf.interchange.ical_speakers import looks_like_names
from microconf.interchange.identity import parse_uuid
from microconf.interchange.import_builder import Progress, ScheduleBuilder
from microconf.interchange.model import (
    Day,
    ImportedConference,
    ImportOptions,
    InterchangeError,
)
from microconf.interchange.safe_parsing import parse_xml
from microconf.interchange.timezones import local_midnight_plus, parse_clock


def from_frab_xml(
    data: bytes,
    *,
    progress: Progress | None = None,
    options: ImportOptions | None = None,
) -> ImportedConference:
    """Import a frab-family `schedule.xml`; raise InterchangeError if unreadable.

    `progress`, if given, is called with (events read, events in file). Events
    sit in `<day><room>` (frab) or directly in `<day>` with their own `<room>`
    (pentabarf era); an `<event>` anywhere else makes the import fail.
    """
    options = options or ImportOptions()
    charset_notes: list[str] = []
    root = parse_xml(data, what="schedule XML", notes=charset_notes)
    namespace = _drop_namespaces(root)
    if root.tag != "schedule":
        raise InterchangeError(
            f"schedule XML: root element is <{root.tag}>, not <schedule>"
        )
    conference = root.find("conference")
    if conference is None:
        raise InterchangeError("schedule XML: <conference> is missing")

    builder = ScheduleBuilder(f"frab-xml/{_dialect(root)}", progress=progress)
    every_event = list(root.iter("event"))
    builder.expected_events = len(every_event)
    note = builder.note
    for line in charset_notes:
        note("charset-detected", line)
    if namespace:
        note(
            "xml-namespace-ignored",
            f"the elements are in the namespace {namespace!r}; read them by their "
            "frab names",
        )

    version = root.findtext("version")
    if version is None:
        note("version-missing", "no <version>; left the version empty")
    elif not version.strip():
        note("version-empty", "<version> is empty; left the version empty")

    timezone_name, tz = builder.choose_zone(
        _text(conference, "time_zone_name"),
        _offset_datetimes(root),
        options,
        where="<conference><time_zone_name>",
    )

    raw_day_change = _text(conference, "day_change")
    clock = parse_clock(raw_day_change) if raw_day_change else None
    day_change = time(clock[0] % 24, clock[1]) if clock else time(0, 0)

    for track in conference.iterfind("track"):
        name = (track.get("name") or track.text or "").strip()
        builder.add_track(
            name, slug=track.get("slug") or "", color=track.get("color") or ""
        )

    context = FrabContext(
        builder=builder,
        tz=tz,
        timezone_name=timezone_name,
        day_change=day_change,
        element="<KEY>",
        default_duration=options.default_duration,
    )
    conference_start = _conference_start(conference, tz)
    derived_day_bounds = 0
    events_under_day = 0
    read: set[etree._Element] = set()
    for position, day in enumerate(root.iterfind("day"), start=1):
        day_date = None
        if day.get("date"):
            day_date = parse_date_or_datetime(day.get("date"), "date", "<day>", tz)
        index = (
            int(day.get("index")) if (day.get("index") or "").isdigit() else position
        )
        if day_date is None and not day.get("start") and conference_start:
            # Old pentabarf days carry only their index: count from the start.
            day_date = conference_start + timedelta(days=index - 1)
            builder.note(
                "day-date-from-index",
                f"<day index='{index}'> has no date; counted it from the "
                f"conference's start ({day_date})",
            )
        bounds = _day_bounds(day, day_date, day_change, tz)
        if bounds is not None:
            if day_date is None:
                day_date = bounds[0].astimezone(tz).date()
            if not (day.get("start") and day.get("end")):
                derived_day_bounds += 1
            builder.days.append(
                Day(index=index, date=day_date, start=bounds[0], end=bounds[1])
            )
        day_start = bounds[0] if bounds and day.get("start") else None
        for room in day.iterfind("room"):
            room_name = (room.get("name") or "").strip()
            builder.add_room(room_name, parse_uuid(room.get("guid") or ""))
            for event in room.iterfind("event"):
                read.add(event)
                builder.add_event(
                    read_event(
                        _event_values(event, context), context, day_date=day_date,
                        room=room_name, day_start=day_start,
                    )
                )  # fmt: skip
        # Pentabarf-era files put events straight under <day>, each naming
        # its room in a <room> child.
        for event in day.iterfind("event"):
            room_name = (event.findtext("room") or "").strip()
            builder.add_room(room_name)
            read.add(event)
            events_under_day += 1
            builder.add_event(
                read_event(
                    _event_values(event, context),
                    context,
                    day_date=day_date,
                    room=room_name,
                    day_start=day_start,
                )
            )
    if events_under_day:
        note(
            "events-under-day",
            f"{events_under_day} events sat directly under <day> (no <room> "
            "elements); took each event's room from its own <room>",
        )
    builder.refuse_unread(
        [_event_label(e) for e in every_event if e not in read],
        held=len(every_event),
    )
    if derived_day_bounds:
        note(
            "day-bounds-derived",
            f"{derived_day_bounds} <day> elements had no start/end; used the date "
            f"at {day_change:%H:%M} to the next day in {timezone_name}",
        )
    finish_notes(context)

    start = _conference_date(conference, "start", tz)
    end = _conference_date(conference, "end", tz)
    timeslot = _text(conference, "timeslot_duration")
    timeslot_clock = parse_clock(timeslot) if timeslot else None
    return builder.build(
        title=_text(conference, "title"),
        acronym=_text(conference, "acronym"),
        timezone=timezone_name,
        start=start,
        end=end,
        version=(version or "").strip(),
        base_url=_text(conference, "base_url"),
        url=_text(conference, "url") or (root.findtext("url") or "").strip(),
        timeslot_duration=(
            timeslot_clock[0] * 60 + timeslot_clock[1] if timeslot_clock else 5
        ),
        day_change=day_change if raw_day_change else time(4, 0),
    )


def _event_label(event: etree._Element) -> str:
    title = (event.findtext("title") or "").strip() or "untitled"
    where = event.getparent().tag if event.getparent() is not None else "?"
    return f"{title} (id {event.get('id') or '?'}, inside <{where}>)"


def _offset_datetimes(root: etree._Element) -> list[datetime]:
    """Every datetime of the file that carries an offset, to infer a zone from."""
    found = []
    texts = [e.text or "" for e in root.iter("date")]
    texts += [d.get(k) or "" for d in root.iterfind("day") for k in ("start", "end")]
    for text in texts:
        try:
            moment = datetime.fromisoformat(text.strip())
        except ValueError:
            continue
        if moment.utcoffset() is not None:
            found.append(moment)
    return found


def _dialect(root: etree._Element) -> str:
    generator = root.find("generator")
    if generator is not None and generator.get("name"):
        return generator.get("name").strip().lower()
    conference = root.find("conference")
    if root.find("version") is None and conference.find("day_change") is not None:
        return "pentabarf"
    if root.get("{http://www.w3.org/2001/XMLSchema-instance}noNamespaceSchemaLocation"):
        return "c3voc"
    return "frab"


def _day_bounds(day, day_date, day_change, tz):
    label = f"<day index={day.get('index')!r}>"
    if day.get("start") and day.get("end"):
        start = parse_datetime(day.get("start"), "start", label)
        end = parse_datetime(day.get("end"), "end", label)
        if start.tzinfo is None:
            start = start.replace(tzinfo=tz)
        if end.tzinfo is None:
            end = end.replace(tzinfo=tz)
        return start, end
    if day_date is None:
        return None
    start = local_midnight_plus(day_date, day_change, tz)
    end = local_midnight_plus(day_date + timedelta(days=1), day_change, tz)
    return start, end - timedelta(minutes=1)


def _event_values(event: etree._Element, context: FrabContext) -> dict[str, Any]:
    raw_id = (event.get("id") or "").strip()
    values: dict[str, Any] = {
        "guid": event.get("guid"),
        "code": event.get("code"),
        "date": event.findtext("date"),
        "start": event.findtext("start"),
        "duration": (event.findtext("duration") or "").strip() or None,
        "end": (event.findtext("end") or "").strip() or None,
        "persons": _persons(event, context),
        "links": [
            {"url": a.get("href"), "title": a.text, "type": a.get("type")}
            for a in event.iterfind("links/link")
        ],
        "attachments": [
            {"url": a.get("href"), "title": a.text, "type": a.get("type")}
            for a in event.iterfind("attachments/attachment")
        ],
    }
    for key in (
        "title",
        "subtitle",
        "room",
        "slug",
        "type",
        "track",
        "language",
        "abstract",
        "description",
        "url",
    ):
        values[key] = event.findtext(key)
    recording = event.find("recording")
    if recording is not None:
        values["recording_license"] = recording.findtext("license")
        values["do_not_record"] = (
            recording.findtext("optout") or ""
        ).strip().lower() in {
            "true",
            "1",
            "yes",
        }
    if raw_id:
        if not raw_id.isdigit() or int(raw_id) < 1:
            title = (values["title"] or "").strip()
            raise InterchangeError(
                f"event {title!r}: id {raw_id!r} is not a positive integer"
            )
        values["id"] = int(raw_id)
    return values


def _persons(event: etree._Element, context: FrabContext) -> list[dict[str, Any]]:
    listed = event.findall("persons/person")
    if listed:
        return [
            {
                "name": p.text or "",
                "id": _int_or_none(p.get("id")),
                "guid": p.get("guid"),
            }
            for p in listed
        ]
    # Hand-rolled generators (Jekyll sites) put <person> straight under the
    # event, often one element naming everyone: "A. Smith, B. Jones".
    persons = []
    for element in event.iterfind("person"):
        text = " ".join((element.text or "").split())
        if not text:
            continue
        context.flat_persons += 1
        names = looks_like_names(text) or [text]
        if len(names) > 1:
            context.split_persons += 1
        persons.extend(
            {"name": name, "id": _int_or_none(element.get("id")), "guid": None}
            for name in names
        )
    return persons


def _int_or_none(raw: str | None) -> int | None:
    # XML attributes are text: a numeric person id is a number, anything else
    # (FrOSCon-style hashes) cannot be one and is dropped; the guid stays.
    raw = (raw or "").strip()
    return int(raw) if raw.isdigit() else None


def _conference_date(conference, tag, tz):
    raw = _text(conference, tag)
    if not raw:
        return None
    return parse_date_or_datetime(raw, f"<{tag}>", "<conference>", tz)


def _text(parent, tag: str) -> str:
    return (parent.findtext(tag) or "").strip()


def _drop_namespaces(root: etree._Element) -> str:
    """Read a schedule whose elements carry a namespace by its local names.

    frab's format has none, but some generators declare a default one; the
    elements are the same. Returns the namespace removed, or "".
    """
    found = etree.QName(root).namespace or ""
    if not found and not any(etree.QName(e).namespace for e in root.iter("{*}*")):
        return ""
    for element in root.iter("{*}*"):
        element.tag = etree.QName(element).localname
    etree.cleanup_namespaces(root)
    return found or "(inner elements)"


def _conference_start(conference: etree._Element, tz: tzinfo) -> date | None:
    """The conference's first date, if it gives one that reads as a date."""
    raw = _text(conference, "start")
    try:
        return parse_date_or_datetime(raw, "start", "<conference>", tz) if raw else None
    except InterchangeError:
        return None
