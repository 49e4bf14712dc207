"""The neutral schedule model that every export reads and every import returns.

Datetimes are aware and kept in UTC; exports render them in the conference
timezone (`Schedule.timezone`, an IANA name). Durations are whole minutes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID


class InterchangeError(ValueError):
    """A schedule file or model that cannot be read or written, with the reason."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Person:
    """A speaker as shown publicly: never an e-mail address."""

    name: str
    id: int | None = None
    guid: UUID | None = None
    code: str = ""
    biography: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Link:
    """A link or attachment of an event; `type` is free text (e.g. "slides")."""

    url: str
    title: str = ""
    type: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Recording:
    """The recording licence of an event and whether the speakers opted out."""

    license: str = ""
    optout: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Room:
    name: str
    guid: UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class Track:
    """A track (for microconf: a microconference); `color` is "#rrggbb" or ""."""

    name: str
    slug: str
    color: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Day:
    """A conference day; it may run past midnight (`end` on the next date)."""

    index: int
    date: date
    start: datetime
    end: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """One scheduled talk slot.

    `id` and `guid` identify the slot across releases (apps key favourites on
    them); `track` and `room` hold names that match `Schedule.tracks` and
    `Schedule.rooms`; an empty `room` means the source did not say.
    """

    id: int
    guid: UUID
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
    persons: tuple[Person, ...] = ()
    links: tuple[Link, ...] = ()
    attachments: tuple[Link, ...] = ()
    recording: Recording = field(default_factory=Recording)

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.start.utcoffset() is None:
            raise InterchangeError(
                f"event {self.title!r} (id {self.id}): start {self.start} is naive"
            )
        if self.start.tzinfo is not UTC:
            object.__setattr__(self, "start", self.start.astimezone(UTC))
        if self.duration < 0:
            raise InterchangeError(
                f"event {self.title!r} (id {self.id}): duration {self.duration} "
                "minutes is negative"
            )

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.duration)


@dataclass(frozen=True, slots=True, kw_only=True)
class Schedule:
    """A release of a conference's programme.

    `version` changes on every release; `days` may be left empty, in which
    case exports derive them from the events and `day_change` (the local time
    at which one conference day ends and the next begins).
    """

    title: str
    acronym: str
    timezone: str
    start: date
    end: date
    version: str = ""
    base_url: str = ""
    url: str = ""
    timeslot_duration: int = 5
    day_change: time = time(4, 0)
    days: tuple[Day, ...] = ()
    rooms: tuple[Room, ...] = ()
    tracks: tuple[Track, ...] = ()
    events: tuple[Event, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Assumption:
    """One guess an importer made; `code` is stable, `message` is for people."""

    code: str
    message: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportReport:
    """What was read (`source_format`, e.g. "frab-xml/pentabarf") and every guess."""

    source_format: str
    assumptions: tuple[Assumption, ...] = ()
    skipped: int = 0
    #: What the file holds ("events", "rooms", "days"), to count against what
    #: was written.
    file_counts: dict[str, int] = field(default_factory=dict)
    #: Events of the file not imported, each with its reason: (title, reason).
    skipped_events: tuple[tuple[str, str], ...] = ()

    def codes(self) -> set[str]:
        return {a.code for a in self.assumptions}


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportOptions:
    """What the organiser tells an import that the file does not say.

    `timezone`: the IANA zone of a file that names none (or names a wrong one);
    `default_duration`: minutes of an event whose duration is missing or empty
    and that has no end; `ics_speakers`: take iCalendar speakers from
    ORGANIZER/ATTENDEE and "Title - Speaker"/"Speaker: Title" summaries.
    """

    timezone: str = ""
    default_duration: int = 30
    ics_speakers: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportedConference:
    """An import result: the schedule plus the report of assumptions made."""

    schedule: Schedule
    report: ImportReport
