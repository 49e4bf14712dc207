"""Reading one frab-style event (XML or JSON dialect) into a PendingEvent.

Both frab importers turn an event into plain values first (strings, ints,
lists of dicts) and hand them here, so the leniency rules are written once:
trust `date` with its offset, compute it from the day and `start` when
missing, accept HH:MM, H:MM and HH:MM:SS durations, and never fail on
unknown fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

from microconf.interchange.identity import (
    MICROCONF_NAMESPACE,
    is_valid_code,
    normalise_slug,
    parse_uuid,
    stable_guid,
)
from microconf.interchange.import_builder import PendingEvent, ScheduleBuilder
from microconf.interchange.model import InterchangeError, Link, Person, Recording
from microconf.interchange.timezones import parse_clock

# An event's length when a file gives neither duration nor end.
DEFAULT_DURATION = 30


@dataclass(slots=True, kw_only=True)
class FrabContext:
    """What every event of one file is read against, plus running tallies."""

    builder: ScheduleBuilder
    tz: tzinfo
    timezone_name: str
    day_change: time
    element: str  # "<duration>" in XML, '"duration"' in JSON: for messages
    # What an event with neither duration nor end lasts; reported per event.
    default_duration: int = DEFAULT_DURATION
    offsets_differ: int = 0
    zero_person_ids: int = 0
    start_mismatch: int = 0
    computed_dates: int = 0
    naive_dates: int = 0
    # <person> straight under <event> (no <persons>), and how many named several.
    flat_persons: int = 0
    split_persons: int = 0
    slugs_normalised: list[tuple[str, str]] = field(default_factory=list)
    offsets_seen: set[str] = field(default_factory=set)

    def name(self, key: str) -> str:
        return self.element.replace("KEY", key)


def read_event(
    values: dict[str, Any],
    context: FrabContext,
    *,
    day_date: date | None,
    room: str,
    day_start: datetime | None = None,
) -> PendingEvent:
    """Return the PendingEvent for plain `values` of one frab event.

    `day_start` (the day element's start) places a `start` without `date`
    that lies before it on the next calendar date, as after midnight.
    """
    event_id: int | None = values.get("id")
    title = str(values.get("title") or "").strip()
    label = f"event {title!r}" + (f" (id {event_id})" if event_id is not None else "")
    if not title:
        title = f"Event {event_id}" if event_id is not None else "Untitled event"
        context.builder.note(
            "event-title-missing", f"{label} had no title; used {title!r}"
        )
        label = f"event {title!r}"

    start = _start(values, context, day_date=day_date, day_start=day_start, label=label)
    if values.get("duration") in (None, "") and values.get("end"):
        end = parse_datetime(str(values["end"]), context.name("end"), label)
        if end.tzinfo is None:
            end = end.replace(tzinfo=context.tz)
        duration = int((end.astimezone(UTC) - start).total_seconds() // 60)
        context.builder.note(
            "event-duration-from-end",
            f"{label}: no {context.name('duration')}; took it from "
            f"{context.name('end')}",
        )
    elif values.get("duration") in (None, ""):
        duration = context.default_duration
        context.builder.note(
            "event-duration-default",
            f"{label}: no {context.name('duration')} and no "
            f"{context.name('end')}; gave it the default of {duration} minutes",
        )
    else:
        duration = parse_duration(
            values.get("duration"), context.name("duration"), label
        )

    raw_guid = values.get("guid")
    guid = None
    if raw_guid:
        guid = parse_uuid(str(raw_guid))
        if guid is None:
            guid = stable_guid(MICROCONF_NAMESPACE, f"guid:{raw_guid}")
            context.builder.note(
                "event-guid-not-uuid",
                f"{label}: guid {raw_guid!r} is not a UUID; derived one from it",
            )

    raw_slug = str(values.get("slug") or "")
    slug = normalise_slug(raw_slug)
    if raw_slug and slug != raw_slug:
        context.slugs_normalised.append((raw_slug, slug))

    code = str(values.get("code") or "")
    if code and not is_valid_code(code):
        code = ""

    return PendingEvent(
        id=event_id,
        guid=guid,
        title=title,
        start=start,
        duration=duration,
        room=str(values.get("room") or room).strip(),
        code=code,
        slug=slug,
        subtitle=_text(values.get("subtitle")),
        type=_text(values.get("type")),
        track=_text(values.get("track")),
        language=_text(values.get("language")),
        abstract=_text(values.get("abstract")),
        description=_text(values.get("description")),
        url=_text(values.get("url")),
        persons=[
            p
            for raw in values.get("persons") or ()
            if (p := _person(raw, context, label))
        ],
        links=[link for raw in values.get("links") or () if (link := _link(raw))],
        attachments=[
            link for raw in values.get("attachments") or () if (link := _link(raw))
        ],
        recording=Recording(
            license=_text(values.get("recording_license")),
            optout=_flag(values.get("do_not_record")),
        ),
    )


def parse_duration(raw: Any, element: str, label: str) -> int:
    """Return minutes of "HH:MM", "H:MM" or "HH:MM:SS", or raise naming the field."""
    if raw is None or raw == "":
        raise InterchangeError(f"{label}: {element} is missing")
    if isinstance(raw, bool) or not isinstance(raw, str):
        raise InterchangeError(
            f"{label}: {element} must be a string like '00:30', got "
            f"{type(raw).__name__} {raw!r}"
        )
    clock = parse_clock(raw)
    if clock is None:
        raise InterchangeError(f"{label}: {element} {raw!r} is not HH:MM")
    hours, minutes = clock
    return hours * 60 + minutes


def parse_datetime(raw: str, element: str, label: str) -> datetime:
    """Return an ISO 8601 datetime (offset optional), or raise naming the field."""
    try:
        return datetime.fromisoformat(raw.strip())
    except ValueError:
        raise InterchangeError(
            f"{label}: {element} {raw!r} is not an ISO 8601 datetime"
        ) from None


def parse_date_or_datetime(raw: str, element: str, label: str, tz: tzinfo) -> date:
    """Return the (local) date of an ISO date or datetime."""
    raw = raw.strip()
    try:
        if len(raw) == 10:
            return date.fromisoformat(raw)
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise InterchangeError(
            f"{label}: {element} {raw!r} is not an ISO 8601 date"
        ) from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(tz)
    return moment.date()


def _start(
    values: dict[str, Any],
    context: FrabContext,
    *,
    day_date: date | None,
    day_start: datetime | None,
    label: str,
) -> datetime:
    raw_date = values.get("date")
    raw_start = values.get("start")
    if raw_date:
        moment = parse_datetime(str(raw_date), context.name("date"), label)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=context.tz)
            context.naive_dates += 1
        else:
            if moment.utcoffset() != moment.astimezone(context.tz).utcoffset():
                context.offsets_differ += 1
                context.offsets_seen.add(moment.strftime("%z"))
            clock = parse_clock(str(raw_start or ""))
            local = moment.astimezone(context.tz)
            if clock is not None and clock != (local.hour, local.minute):
                context.start_mismatch += 1
        return moment.astimezone(UTC)
    clock = parse_clock(str(raw_start or ""))
    if clock is None:
        raise InterchangeError(
            f"{label}: no {context.name('date')} and {context.name('start')} "
            f"{raw_start!r} is not HH:MM"
        )
    if day_date is None:
        raise InterchangeError(
            f"{label}: no {context.name('date')} and its day has no date"
        )
    hours, minutes = clock
    wall = time(hours % 24, minutes)
    when = day_date + timedelta(days=hours // 24)
    if wall < context.day_change:
        when += timedelta(days=1)
    context.computed_dates += 1
    moment = datetime.combine(when, wall, tzinfo=context.tz).astimezone(UTC)
    if day_start is not None and moment < day_start and hours < 24:
        moment = datetime.combine(
            when + timedelta(days=1), wall, tzinfo=context.tz
        ).astimezone(UTC)
    return moment


def finish_notes(context: FrabContext) -> None:
    """Add the per-file assumptions tallied while reading events."""
    note = context.builder.note
    tz_name = context.timezone_name
    if context.flat_persons:
        note(
            "persons-without-wrapper",
            f"{context.flat_persons} <person> elements stood directly in <event> "
            f"(no <persons>); read them as its speakers, and split the "
            f"{context.split_persons} that list several names at ',', ';', '&', "
            "'/' and 'and'",
        )
    if context.computed_dates:
        note(
            "event-date-computed",
            f"{context.computed_dates} events had no {context.name('date')}; "
            f"computed it from the day's date and {context.name('start')} "
            f"as wall-clock time in {tz_name} (day change "
            f"{context.day_change:%H:%M})",
        )
    if context.naive_dates:
        note(
            "event-date-naive",
            f"{context.naive_dates} events had a {context.name('date')} without "
            f"offset; read it as wall-clock time in {tz_name}",
        )
    if context.offsets_differ:
        offsets = ", ".join(sorted(context.offsets_seen))
        note(
            "event-date-offset-differs",
            f"{context.offsets_differ} event datetimes carry offset {offsets}, "
            f"not that of time_zone_name {tz_name}; trusted each datetime's own "
            "offset",
        )
    if context.start_mismatch:
        note(
            "event-start-mismatch",
            f"{context.start_mismatch} events have a {context.name('start')} that "
            f"differs from their {context.name('date')} in {tz_name}; trusted "
            f"{context.name('date')}",
        )
    if context.zero_person_ids:
        note(
            "person-id-zero",
            f"{context.zero_person_ids} speaker appearances have person id 0 or "
            "below; read them as having no id (people are then matched by name)",
        )
    if context.slugs_normalised:
        before, after = context.slugs_normalised[0]
        note(
            "event-slug-normalised",
            f"{len(context.slugs_normalised)} event slugs were normalised to "
            f"lowercase [a-z0-9_-] (e.g. {before!r} -> {after!r})",
        )


def _person(raw: Any, context: FrabContext, label: str) -> Person | None:
    if isinstance(raw, str):
        raw = {"name": raw}
    if not isinstance(raw, dict):
        raise InterchangeError(
            f"{label}: a person must be an object, got {type(raw).__name__}"
        )
    name = str(
        raw.get("public_name") or raw.get("name") or raw.get("full_public_name") or ""
    ).strip()
    if not name:
        context.builder.note(
            "person-without-name", f"{label}: skipped a person without a name"
        )
        return None
    person_id = raw.get("id")
    if isinstance(person_id, bool):
        person_id = None
    if isinstance(person_id, str):
        text = person_id.strip()
        person_id = int(text) if text.isdigit() else None
        context.builder.note(
            "person-id-string",
            f"{label}: person {name!r} has id {text!r} as a string; "
            + ("read it as a number" if person_id is not None else "dropped it"),
        )
    elif person_id is not None and not isinstance(person_id, int):
        person_id = None
    if person_id is not None and person_id < 1:
        # Merged or wiki-fed files write 0 for "unknown": it names nobody.
        context.zero_person_ids += 1
        person_id = None
    guid = parse_uuid(str(raw.get("guid") or ""))
    code = str(raw.get("code") or "")
    return Person(
        name=name,
        id=person_id,
        guid=guid,
        code=code if code.isalnum() and code.isascii() else "",
        biography=_text(raw.get("biography")),
    )


def _link(raw: Any) -> Link | None:
    if isinstance(raw, str):
        return Link(url=raw.strip()) if raw.strip() else None
    if not isinstance(raw, dict):
        return None
    url = str(raw.get("url") or raw.get("href") or "").strip()
    if not url:
        return None
    return Link(
        url=url,
        title=_text(raw.get("title")),
        type=_text(raw.get("type")),
    )


def _flag(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"true", "1", "yes"}
    return bool(value)


def _text(value: Any) -> str:
    if value is None:
        return ""
    return str(value).strip()
