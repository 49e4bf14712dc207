"""Assembling an ImportedConference from what an importer read, noting each guess.

Importers collect rooms, tracks and events here; `build` fills in missing
identities (guids, unique ids), derives rooms and tracks the events name,
and freezes everything into the model with its ImportReport.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, tzinfo
from uuid import UUID

from microconf.interchange.identity import (
    MICROCONF_NAMESPACE,
    normalise_color,
    normalise_slug,
    slugify,
    stable_guid,
    track_slug,
)
from microconf.interchange.model import (
    Assumption,
    Day,
    Event,
    ImportedConference,
    ImportOptions,
    ImportReport,
    InterchangeError,
    Link,
    Person,
    Recording,
    Room,
    Schedule,
    Track,
)
from microconf.interchange.timezones import infer_zone, zone

Progress = Callable[[int, int], None]


@dataclass(slots=True, kw_only=True)
class PendingEvent:
    """An event as read, before identities are settled."""

    id: int | None
    guid: UUID | None
    title: str
    start: datetime
    duration: int
    room: str
    code: str = ""
    slug: str = ""
    subtitle: str = ""
    type: str = ""
    track: str = ""
    language: str = ""
    abstract: str = ""
    description: str = ""
    url: str = ""
    persons: list[Person] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    attachments: list[Link] = field(default_factory=list)
    recording: Recording = field(default_factory=Recording)
    source_key: str = ""


def with_assumptions(
    result: ImportedConference, code: str, messages: list[str]
) -> ImportedConference:
    """``result`` with assumptions of ``code`` put first (e.g. how bytes were read)."""
    if not messages:
        return result
    added = tuple(Assumption(code=code, message=m) for m in messages)
    report = replace(result.report, assumptions=added + result.report.assumptions)
    return replace(result, report=report)


class ScheduleBuilder:
    """Collects an import and its assumptions, then builds the frozen model."""

    def __init__(self, source_format: str, *, progress: Progress | None = None):
        self.source_format = source_format
        self.assumptions: list[Assumption] = []
        self._noted: set[tuple[str, str]] = set()
        self.rooms: dict[str, UUID | None] = {}
        self.tracks: dict[str, Track] = {}
        self.events: list[PendingEvent] = []
        self.days: list[Day] = []
        self.skipped = 0
        self.skipped_events: list[tuple[str, str]] = []
        self.file_counts: dict[str, int] = {}
        self.expected_events = 0
        self._progress = progress

    def note(self, code: str, message: str) -> None:
        """Record an assumption once (the same code and message are kept once)."""
        if (code, message) not in self._noted:
            self._noted.add((code, message))
            self.assumptions.append(Assumption(code=code, message=message))

    def choose_zone(
        self,
        declared: str,
        moments: list[datetime],
        options: ImportOptions,
        *,
        where: str,
    ) -> tuple[str, tzinfo]:
        """The zone to read the file in, each choice written in the report.

        The organiser's ``--timezone`` wins; then the file's own zone name;
        then a zone inferred from the datetimes' offsets; only a file with no
        offsets at all is read as UTC wall-clock time, and that is said too.
        """
        if options.timezone:
            tz = zone(options.timezone, where="--timezone")
            replaced = f" instead of its {declared!r}" if declared else ""
            self.note(
                "timezone-given",
                f"read the file in {options.timezone}{replaced}, as the organiser "
                "named it (--timezone)",
            )
            return options.timezone, tz
        if declared:
            return declared, zone(declared, where=where)
        inferred = infer_zone(moments)
        if inferred is not None:
            self.note(
                "timezone-inferred",
                f"no {where}; inferred {inferred} from the offsets of "
                f"{len(moments)} datetimes (local times stay as written; name the "
                "conference's own zone with --timezone)",
            )
            return inferred, zone(inferred)
        self.note(
            "timezone-assumed-utc",
            f"no {where} and no datetime with an offset; read the times as UTC "
            "wall-clock time (name the zone with --timezone)",
        )
        return "UTC", zone("UTC")

    def add_room(self, name: str, guid: UUID | None = None) -> None:
        if not name:
            return
        if name not in self.rooms or (self.rooms[name] is None and guid is not None):
            self.rooms[name] = guid

    def add_track(self, name: str, *, slug: str = "", color: str = "") -> None:
        if not name or name in self.tracks:
            return
        clean_color = normalise_color(color) if color else ""
        if color and not clean_color:
            self.note(
                "track-color-dropped",
                f"track {name!r}: colour {color!r} is not #rrggbb; dropped it",
            )
        self.tracks[name] = Track(
            name=name,
            slug=normalise_slug(slug) or track_slug(name),
            color=clean_color,
        )

    def skip(self, title: str, reason: str) -> None:
        """Leave an event of the file out, for a reason the report names."""
        self.skipped += 1
        self.skipped_events.append((title, reason))

    def refuse_unread(self, unread: list[str], *, held: int) -> None:
        """Fail when the file holds events that were neither read nor skipped."""
        if unread:
            names = "; ".join(repr(n) for n in unread[:20])
            more = f" and {len(unread) - 20} more" if len(unread) > 20 else ""
            raise InterchangeError(
                f"the file holds {held} events but {len(unread)} of them could not "
                f"be read where they stand: {names}{more}"
            )

    def add_event(self, event: PendingEvent) -> None:
        self.events.append(event)
        if self._progress is not None:
            self._progress(
                len(self.events), max(self.expected_events, len(self.events))
            )

    def build(
        self,
        *,
        title: str,
        acronym: str,
        timezone: str,
        start: date | None,
        end: date | None,
        version: str = "",
        base_url: str = "",
        url: str = "",
        timeslot_duration: int = 5,
        day_change: time = time(4, 0),
    ) -> ImportedConference:
        """Settle identities and return the ImportedConference."""
        if not title and not acronym:
            raise InterchangeError("conference has neither a title nor an acronym")
        if not acronym:
            acronym = slugify(title)[:32].strip("-") or "conference"
            self.note(
                "acronym-derived",
                f"no acronym given; derived {acronym!r} from the title",
            )
        if not title:
            title = acronym
            self.note("title-from-acronym", "no title given; used the acronym")
        namespace = stable_guid(MICROCONF_NAMESPACE, f"import:{acronym}")
        events = self._settle_identities(namespace)
        if start is None or end is None:
            if not events:
                raise InterchangeError("conference has no start/end and no events")
            dates = [e.start.date() for e in events]
            start = start or min(dates)
            end = end or max(dates)
            self.note(
                "dates-from-events",
                "conference start/end not given; took them from the first and "
                "last event (UTC dates)",
            )
        for event in events:
            if event.track:
                self.add_track(event.track)
            if event.room:
                self.add_room(event.room)
        rooms = []
        room_guids: set[UUID] = set()
        for name, guid in self.rooms.items():
            if guid is None:
                guid = stable_guid(namespace, f"room:{name}")
                self.note(
                    "room-guid-derived", f"room {name!r} had no guid; derived one"
                )
            elif guid in room_guids:
                guid = stable_guid(guid, f"duplicate:{name}")
                self.note(
                    "room-guid-duplicate",
                    f"room {name!r}: its guid is also another room's; derived a "
                    "new one",
                )
            room_guids.add(guid)
            rooms.append(Room(name=name, guid=guid))
        schedule = Schedule(
            title=title,
            acronym=acronym,
            timezone=timezone,
            start=start,
            end=end,
            version=version,
            base_url=base_url,
            url=url,
            timeslot_duration=timeslot_duration,
            day_change=day_change,
            days=tuple(self.days),
            rooms=tuple(rooms),
            tracks=tuple(self.tracks.values()),
            events=tuple(events),
        )
        report = ImportReport(
            source_format=self.source_format,
            assumptions=tuple(self.assumptions),
            skipped=self.skipped,
            file_counts={
                "events": self.expected_events or len(events) + self.skipped,
                "rooms": len(rooms),
                # Without day elements, the local dates that hold events.
                "days": len(self.days)
                or len({e.start.astimezone(zone(timezone)).date() for e in events}),
            }
            | self.file_counts,
            skipped_events=tuple(self.skipped_events),
        )
        return ImportedConference(schedule=schedule, report=report)

    def _settle_identities(self, namespace: UUID) -> list[Event]:
        used_ids = {e.id for e in self.events if e.id is not None}
        next_id = max(used_ids, default=0) + 1
        seen_ids: set[int] = set()
        seen_guids: set[UUID] = set()
        result = []
        for pending in self.events:
            label = f"event {pending.title!r}"
            event_id = pending.id
            if event_id is None or event_id in seen_ids:
                if event_id is None:
                    self.note(
                        "event-id-assigned", f"{label} had no id; assigned {next_id}"
                    )
                else:
                    self.note(
                        "event-id-duplicate",
                        f"{label}: id {event_id} was already used; renumbered it "
                        f"{next_id}",
                    )
                event_id = next_id
                next_id += 1
            seen_ids.add(event_id)
            guid = pending.guid
            if guid is None:
                key = pending.source_key or f"event:{event_id}"
                guid = stable_guid(namespace, key)
                self.note(
                    "event-guid-derived",
                    f"event {event_id} ({pending.title!r}) had no guid; derived one",
                )
            elif guid in seen_guids:
                guid = stable_guid(guid, f"duplicate:{event_id}")
                self.note(
                    "event-guid-duplicate",
                    f"event {event_id} ({pending.title!r}): guid {pending.guid} was "
                    "already used; derived a new one",
                )
            seen_guids.add(guid)
            result.append(
                Event(
                    id=event_id,
                    guid=guid,
                    title=pending.title,
                    start=pending.start,
                    duration=pending.duration,
                    room=pending.room,
                    code=pending.code,
                    slug=pending.slug,
                    subtitle=pending.subtitle,
                    type=pending.type,
                    track=pending.track,
                    language=pending.language,
                    abstract=pending.abstract,
                    description=pending.description,
                    url=pending.url,
                    persons=tuple(pending.persons),
                    links=tuple(pending.links),
                    attachments=tuple(pending.attachments),
                    recording=pending.recording,
                )
            )
        return result
