"""Import pretalx's REST API exports (see pretalx_shapes for the shapes read).

Each scheduled slot becomes an event. The submission's `code` is kept as the
event's code (its source id); its guid is derived from the code, so a
re-import gives every talk the same guid. Speakers keep their codes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo
from typing import Any

from microconf.interchange.frab_reading import parse_datetime
from microconf.interchange.identity import (
    MICROCONF_NAMESPACE,
    parse_uuid,
    slugify,
    stable_guid,
)
from microconf.interchange.import_builder import PendingEvent, Progress, ScheduleBuilder
from microconf.interchange.model import (
    ImportedConference,
    ImportOptions,
    InterchangeError,
    Link,
    Person,
    Recording,
)
from microconf.interchange.pretalx_shapes import (
    Reading,
    Record,
    is_multilingual,
    pretalx_shape,
    read_document,
    reference_key,
    text,
)
from microconf.interchange.safe_parsing import check_json_value_depth, parse_json

_SHAPES = {
    "submissions": "submissions (/api/events/<e>/submissions/ or /talks/)",
    "slots": "talk slots (/api/events/<e>/slots/)",
    "schedule": "a schedule (/api/events/<e>/schedules/<version>/)",
    "widget": "the schedule widget's data (talks, rooms, speakers, tracks)",
}


def is_pretalx_api(document: Any) -> bool:
    """Tell a parsed pretalx API export from Indico and c3voc JSON."""
    return pretalx_shape(document) is not None


def from_pretalx_api(
    data: bytes | dict[str, Any] | list[Any],
    *,
    progress: Progress | None = None,
    options: ImportOptions | None = None,
) -> ImportedConference:
    """Import a pretalx API answer: a page, a list of pages or a bare list."""
    options = options or ImportOptions()
    notes: list[str] = []
    if isinstance(data, (dict, list)):
        check_json_value_depth(data, what="pretalx JSON")
        document = data
    else:
        document = parse_json(data, what="pretalx JSON", notes=notes)
    shape = pretalx_shape(document)
    if shape is None:
        raise InterchangeError(
            "pretalx JSON: neither submissions, talk slots, a schedule nor the "
            "schedule widget's data"
        )
    reading = read_document(document, shape)
    builder = ScheduleBuilder(f"pretalx-api/{shape}", progress=progress)
    for message in notes:
        builder.note("charset-detected", message)
    if reading.unplaced:
        _refuse_unplaced(reading)
    builder.expected_events = len(reading.records) + len(reading.skipped)
    _note_pages(builder, reading)

    moments = [_moment(r.slot.get("start"), r.label) for r in reading.records]
    tz_name, tz = builder.choose_zone(
        reading.timezone,
        [m for m in moments if m.utcoffset() is not None],
        options,
        where="timezone (pretalx API answers name none)",
    )
    namespace = stable_guid(
        MICROCONF_NAMESPACE, f"pretalx:{reading.origin}/{reading.event}"
    )
    reader = _Reader(builder, reading, tz, namespace, options)
    for title, reason in reading.skipped:
        builder.skip(title, reason)
    for record, start in zip(reading.records, moments, strict=True):
        builder.add_event(reader.event(record, start))
    reader.finish()
    builder.note(
        "pretalx-api",
        f"read pretalx's API export as {_SHAPES[shape]}: {len(reading.records)} "
        "scheduled slots became events; each keeps its submission's code, and "
        "its guid is derived from that code",
    )
    title = reading.event
    if not title:
        title = "pretalx event"
        builder.note(
            "pretalx-event-unnamed",
            "the export names no event; titled it 'pretalx event' (choose the "
            "conference's address with --conference)",
        )
    dates = [e.start.astimezone(tz).date() for e in builder.events]
    return builder.build(
        title=title,
        acronym=slugify(reading.event)[:32],
        timezone=tz_name,
        start=_date(reading.start) or min(dates, default=None),
        end=_date(reading.end) or max(dates, default=None),
        version=reading.version,
        base_url=f"{reading.origin}/{reading.event}/" if reading.origin else "",
    )


def _refuse_unplaced(reading: Reading) -> None:
    names = "; ".join(reading.unplaced[:20])
    more = (
        f" and {len(reading.unplaced) - 20} more" if len(reading.unplaced) > 20 else ""
    )
    raise InterchangeError(
        f"pretalx export: {len(reading.unplaced)} entries give their slots only as "
        f"ids, so their times and rooms are not in the file: {names}{more} "
        "(export with ?expand=slots,slots.room,speakers,submission_type,track)"
    )


def _note_pages(builder: ScheduleBuilder, reading: Reading) -> None:
    if reading.partial_page is None:
        return
    held, announced = reading.partial_page
    further = f" (next page: {reading.next_page})" if reading.next_page else ""
    builder.note(
        "pretalx-page-partial",
        f"the export announces {announced} entries but holds {held}{further}; "
        f"imported the {held} it holds (fetch every page, or a list of all pages, "
        "to import the rest)",
    )


def _date(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw[:10]) if raw else None
    except ValueError:
        return None


def _moment(raw: Any, label: str) -> datetime:
    if not isinstance(raw, str):
        raise InterchangeError(
            f"pretalx slot of {label}: start must be an ISO 8601 string, got "
            f"{type(raw).__name__} {raw!r}"
        )
    return parse_datetime(raw, "start", f"pretalx slot of {label}")


class _Reader:
    """Turns (slot, submission) records into PendingEvents, tallying guesses."""

    def __init__(
        self,
        builder: ScheduleBuilder,
        reading: Reading,
        tz: tzinfo,
        namespace: Any,
        options: ImportOptions,
    ) -> None:
        self.builder = builder
        self.reading = reading
        self.tz = tz
        self.namespace = namespace
        self.options = options
        self.languages: set[str] = set()
        self.multilingual = 0
        self.naive = 0
        self.rooms_by_id: set[str] = set()
        self.speakers_by_code: set[str] = set()
        self.types_by_id: set[str] = set()
        self.tracks_by_id: set[str] = set()
        self.titles_by_code = 0
        self.slot_counts: dict[str, int] = {}
        for record in reading.records:
            code = str(record.submission.get("code") or "")
            self.slot_counts[code] = self.slot_counts.get(code, 0) + 1
        self.slot_seen: dict[str, int] = {}

    def name(self, value: Any) -> str:
        if is_multilingual(value):
            self.multilingual += 1
        return text(value, self.languages)

    def event(self, record: Record, start: datetime) -> PendingEvent:
        slot, submission, label = record.slot, record.submission, record.label
        code = str(submission.get("code") or "").strip()
        title = self.name(submission.get("title"))
        if not title:
            title = f"Submission {code}"
            self.titles_by_code += 1
        if start.tzinfo is None:
            start = start.replace(tzinfo=self.tz)
            self.naive += 1
        duration = self.duration(slot, submission, start, label)
        suffix = ""
        if self.slot_counts.get(code, 0) > 1:
            position = self.slot_seen.get(code, 0)
            self.slot_seen[code] = position + 1
            suffix = f"-{position}"
        # A slot's id is pretalx's event id in its own frab export.
        event_id = reference_key(slot.get("id"))
        track, color = self.reference(submission.get("track"), "track")
        if track:
            self.builder.add_track(track, color=color)
        kind, _ = self.reference(submission.get("submission_type"), "submission type")
        room = self.room(slot)
        return PendingEvent(
            id=int(event_id) if event_id and int(event_id) > 0 else None,
            guid=stable_guid(self.namespace, f"submission:{code}{suffix}"),
            title=title,
            start=start.astimezone(UTC),
            duration=duration,
            room=room,
            code=code if code.isalnum() and len(code) <= 16 else "",
            type=kind,
            track=track,
            language=str(submission.get("content_locale") or "").strip(),
            abstract=self.name(submission.get("abstract")),
            description=self.name(submission.get("description")),
            url=self.url(code),
            persons=self.persons(submission.get("speakers"), label),
            links=self.links(submission.get("resources")),
            recording=Recording(optout=submission.get("do_not_record") is True),
            source_key=f"submission:{code}{suffix}",
        )

    def duration(
        self,
        slot: dict[str, Any],
        submission: dict[str, Any],
        start: datetime,
        label: str,
    ) -> int:
        if isinstance(slot.get("end"), str) and slot["end"]:
            end = _moment(slot["end"], label)
            if end.tzinfo is None:
                end = end.replace(tzinfo=self.tz)
            return max(int((end - start).total_seconds() // 60), 0)
        for raw in (slot.get("duration"), submission.get("duration")):
            minutes = reference_key(raw)
            if minutes is not None:
                return int(minutes)
        minutes = self.options.default_duration
        self.builder.note(
            "event-duration-default",
            f"event {label}: no end and no duration; gave it the default of "
            f"{minutes} minutes",
        )
        return minutes

    def reference(self, value: Any, what: str) -> tuple[str, str]:
        """The name (and colour) of a track or submission type, however given."""
        if value is None or value == "":
            return "", ""
        key = reference_key(value)
        if key is not None:
            table = self.reading.tracks if what == "track" else self.reading.types
            if key not in table:
                (self.tracks_by_id if what == "track" else self.types_by_id).add(key)
                return (f"Track {key}", "") if what == "track" else ("", "")
            value = table[key]
        if isinstance(value, dict) and not is_multilingual(value):
            return self.name(value.get("name")), str(value.get("color") or "")
        return self.name(value), ""

    def room(self, slot: dict[str, Any]) -> str:
        value = slot.get("room")
        key = reference_key(value)
        if key is None and not value:
            key = reference_key(slot.get("room_id"))
        if key is not None:
            if key not in self.reading.rooms:
                self.rooms_by_id.add(key)
                name = f"Room {key}"
                self.builder.add_room(name)
                return name
            value = self.reading.rooms[key]
        if isinstance(value, dict) and not is_multilingual(value):
            name = self.name(value.get("name"))
            self.builder.add_room(name, parse_uuid(str(value.get("guid") or "")))
            return name
        name = self.name(value)
        self.builder.add_room(name)
        return name

    def persons(self, raw: Any, label: str) -> list[Person]:
        if raw is None:
            return []
        if not isinstance(raw, list):
            raise InterchangeError(
                f'pretalx submission {label}: "speakers" is not a list'
            )
        people = []
        for speaker in raw:
            if isinstance(speaker, str):
                code = speaker.strip()
                speaker = self.reading.speakers.get(code, {"code": code})
            if not isinstance(speaker, dict):
                continue
            code = str(speaker.get("code") or "").strip()
            name = text(speaker.get("name"))
            if not name:
                if not code:
                    continue
                name = code
                self.speakers_by_code.add(code)
            people.append(
                Person(
                    name=name,
                    guid=stable_guid(self.namespace, f"speaker:{code or name}"),
                    code=code if code.isalnum() and len(code) <= 16 else "",
                    biography=text(speaker.get("biography")),
                )
            )
        return people

    def links(self, raw: Any) -> list[Link]:
        links = []
        for item in raw if isinstance(raw, list) else ():
            if isinstance(item, dict):
                url = str(item.get("resource") or item.get("link") or "").strip()
                if url:
                    links.append(Link(url=url, title=text(item.get("description"))))
        return links

    def url(self, code: str) -> str:
        if self.reading.origin and self.reading.event and code:
            return f"{self.reading.origin}/{self.reading.event}/talk/{code}/"
        return ""

    def finish(self) -> None:
        note = self.builder.note
        if self.multilingual:
            languages = ", ".join(sorted(self.languages))
            note(
                "pretalx-multilingual",
                f"{self.multilingual} names and texts are multilingual ({languages}); "
                "took the English text, else the first given",
            )
        if self.naive:
            note(
                "event-date-naive",
                f"{self.naive} slot starts had no offset; read them as wall-clock "
                "time in the conference's zone",
            )
        for found, what, hint in (
            (self.rooms_by_id, "rooms", "slots.room"),
            (self.tracks_by_id, "tracks", "track"),
            (self.types_by_id, "submission types", "submission_type"),
        ):
            if found:
                listed = ", ".join(sorted(found, key=int)[:10])
                named = "named them 'Room N'" if what == "rooms" else ""
                named = named or ("named them 'Track N'" if what == "tracks" else "")
                named = named or "read them as talks"
                note(
                    f"pretalx-{what.replace(' ', '-')}-by-id",
                    f"{what} are given only by id ({listed}); {named} (export with "
                    f"?expand={hint})",
                )
        if self.speakers_by_code:
            note(
                "pretalx-speakers-by-code",
                f"{len(self.speakers_by_code)} speakers are given only by code; "
                "named them by their code (export with ?expand=speakers)",
            )
        if self.titles_by_code:
            note(
                "pretalx-title-by-code",
                f"{self.titles_by_code} slots name their submission only by code; "
                "titled them 'Submission CODE' (export with ?expand=submission)",
            )
