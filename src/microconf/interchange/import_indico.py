"""Import Indico HTTP export API JSON: `export/event` (contributions or sessions
detail) and `export/timetable`.

In LPC terms an Indico session is a microconference, so a contribution's
session title becomes its track; Indico's own `track` (often a contribution
kind such as "Talk (half slot) (CLOSED)") becomes the type when Indico gives
no type.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlsplit

from microconf.interchange.identity import MICROCONF_NAMESPACE, stable_guid
from microconf.interchange.import_builder import (
    PendingEvent,
    Progress,
    ScheduleBuilder,
    with_assumptions,
)
from microconf.interchange.json_fields import optional_list, require_object
from microconf.interchange.model import (
    ImportedConference,
    InterchangeError,
    Link,
    Person,
)
from microconf.interchange.safe_parsing import check_json_value_depth, parse_json
from microconf.interchange.timezones import zone

_ADMIN_SUFFIX_RE = re.compile(r"\s*\((?:CLOSED|closed|Closed|hidden|HIDDEN)\)\s*$")


def from_indico_json(
    data: bytes | dict[str, Any], *, progress: Progress | None = None
) -> ImportedConference:
    """Import an Indico export API result (event or timetable form)."""
    notes: list[str] = []
    if isinstance(data, dict):
        check_json_value_depth(data, what="Indico JSON")
        document = data
    else:
        document = parse_json(data, what="Indico JSON", notes=notes)
    if not isinstance(document, dict) or "results" not in document:
        raise InterchangeError('Indico JSON: no "results" (not an HTTPAPIResult)')
    results = document["results"]
    if isinstance(results, list):
        result = _from_event_export(results, progress=progress)
        return with_assumptions(result, "charset-detected", notes)
    if isinstance(results, dict):
        result = _from_timetable(results, progress=progress)
        return with_assumptions(result, "charset-detected", notes)
    raise InterchangeError(
        f'Indico JSON: "results" must be a list or an object, got '
        f"{type(results).__name__}"
    )


class _Reader:
    """Turns Indico contributions into PendingEvents, tallying assumptions."""

    def __init__(self, builder: ScheduleBuilder, event: dict[str, Any]):
        self.builder = builder
        self.event = event
        self.host = urlsplit(str(event.get("url") or "")).hostname or "indico"
        self.namespace = stable_guid(
            MICROCONF_NAMESPACE, f"indico:{self.host}:{event.get('id')}"
        )
        self.no_people = 0
        self.unscheduled = 0
        self.empty_room = 0
        self.suffix_stripped: set[str] = set()
        self.render_zones: set[str] = set()

    def contribution(
        self,
        raw: Any,
        *,
        session_title: str = "",
        slot_room: str = "",
    ) -> PendingEvent | None:
        contribution = require_object(raw, "contribution")
        title = contribution.get("title")
        if not isinstance(title, str):
            raise InterchangeError(
                f'contribution {contribution.get("id")!r}: "title" must be a string'
            )
        friendly = contribution.get("friendly_id", contribution.get("id"))
        label = f"contribution {title!r} (id {friendly})"
        if contribution.get("startDate") is None:
            self.unscheduled += 1
            self.builder.skip(title.strip(), "it has no start time in Indico")
            return None
        start = self.moment(contribution["startDate"], label, '"startDate"')
        duration = contribution.get("duration")
        if duration is None and contribution.get("endDate"):
            end = self.moment(contribution["endDate"], label, '"endDate"')
            duration = int((end - start).total_seconds() // 60)
        if isinstance(duration, bool) or not isinstance(duration, int):
            raise InterchangeError(
                f'{label}: "duration" must be an integer number of minutes, got '
                f"{type(duration).__name__} {duration!r}"
            )
        event_id = None if friendly is None else _event_id(friendly, label)
        if friendly is not None and event_id is None:
            # Indico before 2.0 numbered contributions as strings from "0".
            self.builder.note(
                "indico-id-from-zero",
                "contribution ids are counted from 0 (older Indico); assigned new "
                "event ids and kept the Indico ids in the guids",
            )
        db_id = contribution.get("db_id", friendly)

        session = contribution.get("session")
        if isinstance(session, dict):
            session = session.get("title")
        track_field = self.clean_name(contribution.get("track"))
        track = str(session_title or session or "").strip() or track_field
        kind = self.clean_name(contribution.get("type"))
        if not kind and track_field != track:
            kind = track_field

        room = str(
            contribution.get("room") or contribution.get("roomFullname") or slot_room
        ).strip()
        if not room:
            self.empty_room += 1

        persons = self.persons(contribution.get("speakers"), label)
        if not persons:
            persons = self.persons(contribution.get("primaryauthors"), label)
            if persons:
                self.builder.note(
                    "speakers-from-authors",
                    f"{label}: speakers empty; used primary authors",
                )
            else:
                self.no_people += 1
        links = [
            Link(url=str(item.get("url") or ""), title=str(item.get("title") or ""))
            for folder in optional_list(
                contribution.get("folders"), f"{label}: folders"
            )
            if isinstance(folder, dict)
            for item in optional_list(
                folder.get("attachments"), f"{label}: attachments"
            )
            if isinstance(item, dict) and item.get("url")
        ]
        return PendingEvent(
            id=event_id,
            guid=stable_guid(self.namespace, f"contribution:{db_id}"),
            title=title.strip(),
            start=start,
            duration=duration,
            room=room,
            code=str(contribution.get("code") or ""),
            type=kind,
            track=track,
            abstract=str(contribution.get("description") or "").strip(),
            url=str(contribution.get("url") or ""),
            persons=persons,
            attachments=links,
        )

    def moment(self, raw: Any, label: str, key: str) -> datetime:
        """Return an Indico {date, time, tz} object as an aware UTC datetime.

        An ISO 8601 string with an offset (other Indico answers) is read too.
        """
        if isinstance(raw, str):
            try:
                moment = datetime.fromisoformat(raw.strip())
            except ValueError:
                moment = None
            if moment is not None and moment.utcoffset() is not None:
                return moment.astimezone(UTC)
        if not isinstance(raw, dict):
            raise InterchangeError(
                f"{label}: {key} must be an object with date, time and tz, got "
                f"{type(raw).__name__}"
            )
        try:
            day = date.fromisoformat(str(raw["date"]))
            clock = str(raw.get("time") or "00:00:00").split(".")[0]
            naive = datetime.fromisoformat(f"{day.isoformat()}T{clock}")
        except (KeyError, ValueError):
            raise InterchangeError(
                f"{label}: {key} {raw!r} is not a date and time"
            ) from None
        tz_name = str(raw.get("tz") or "UTC")
        self.render_zones.add(tz_name)
        return naive.replace(
            tzinfo=zone(tz_name, where=f"{label}: {key} tz")
        ).astimezone(UTC)

    def persons(self, raw: Any, label: str) -> list[Person]:
        if raw is None:
            return []
        if not isinstance(raw, list):
            raise InterchangeError(f"{label}: people must be a list")
        result = []
        for person in raw:
            if not isinstance(person, dict):
                continue
            first = str(
                person.get("first_name") or person.get("firstName") or ""
            ).strip()
            last = str(
                person.get("last_name") or person.get("familyName") or ""
            ).strip()
            name = f"{first} {last}".strip()
            if not name:
                name = str(person.get("name") or "").strip()
            if not name:
                full = str(person.get("fullName") or "")
                name = " ".join(reversed([p.strip() for p in full.split(",", 1)]))
            if not name:
                continue
            key = person.get("emailHash") or person.get("person_id") or name
            person_id = person.get("person_id")
            result.append(
                Person(
                    name=name,
                    id=person_id if isinstance(person_id, int) else None,
                    guid=stable_guid(self.namespace, f"person:{key}"),
                )
            )
        return result

    def clean_name(self, raw: Any) -> str:
        name = str(raw or "").strip()
        cleaned = _ADMIN_SUFFIX_RE.sub("", name)
        if cleaned != name:
            self.suffix_stripped.add(name)
        return cleaned

    def finish(self) -> None:
        note = self.builder.note
        if self.unscheduled:
            note(
                "contribution-unscheduled",
                f"{self.unscheduled} contributions have no start time; skipped them",
            )
        if self.empty_room:
            note(
                "room-empty",
                f"{self.empty_room} contributions have no room; left the room empty",
            )
        if self.no_people:
            note(
                "persons-empty",
                f"{self.no_people} contributions have neither speakers nor primary "
                "authors",
            )
        if self.suffix_stripped:
            note(
                "name-suffix-stripped",
                "removed admin suffixes from track/type names: "
                + ", ".join(sorted(repr(n) for n in self.suffix_stripped)),
            )
        note(
            "indico-mapping",
            "Indico session titles became tracks; Indico tracks became types where "
            "no type was given; contribution descriptions became abstracts; "
            "guids were derived from Indico ids",
        )


def _from_event_export(
    results: list[Any], *, progress: Progress | None
) -> ImportedConference:
    if not results:
        raise InterchangeError('Indico JSON: "results" is empty')
    event = require_object(results[0], "Indico event")
    builder = ScheduleBuilder("indico/event", progress=progress)
    if len(results) > 1:
        builder.note(
            "indico-first-event",
            f"export holds {len(results)} events; imported the first",
        )
    reader = _Reader(builder, event)
    contributions = event.get("contributions")
    sessions = event.get("sessions")
    if contributions is None and sessions is None:
        raise InterchangeError(
            'Indico event has neither "contributions" nor "sessions" (export it with '
            "detail=contributions or detail=sessions)"
        )
    slots = optional_list(sessions, '"sessions"')
    builder.expected_events = len(
        optional_list(contributions, '"contributions"')
    ) + sum(
        len(slot.get("contributions") or []) for slot in slots if isinstance(slot, dict)
    )
    seen: set[object] = set()
    for raw in optional_list(contributions, '"contributions"'):
        if pending := reader.contribution(raw):
            seen.add(pending.guid)
            builder.add_event(pending)
    for raw_slot in slots:
        slot = require_object(raw_slot, "session slot")
        session = slot.get("session") if isinstance(slot.get("session"), dict) else {}
        title = str(session.get("title") or slot.get("title") or "").strip()
        if title:
            builder.add_track(title, color=str(session.get("color") or ""))
        for raw in optional_list(
            slot.get("contributions"), '"contributions" of a session'
        ):
            pending = reader.contribution(
                raw, session_title=title, slot_room=str(slot.get("room") or "")
            )
            # An export may list a contribution both on its own and in its
            # session; the second copy is the same slot, not a new one.
            if pending and pending.guid not in seen:
                seen.add(pending.guid)
                builder.add_event(pending)
    return _build(builder, reader, event)


def _from_timetable(
    results: dict[str, Any], *, progress: Progress | None
) -> ImportedConference:
    if not results:
        raise InterchangeError('Indico timetable JSON: "results" is empty')
    event_id, days = next(iter(results.items()))
    builder = ScheduleBuilder("indico/timetable", progress=progress)
    event = {"id": event_id, "url": ""}
    reader = _Reader(builder, event)
    for day_entries in require_object(days, "timetable").values():
        for entry in require_object(day_entries, "timetable day").values():
            if not isinstance(entry, dict):
                continue
            kind = entry.get("entryType")
            if kind == "Contribution":
                if pending := reader.contribution(_timetable_contribution(entry)):
                    builder.add_event(pending)
            elif kind == "Session":
                title = str(entry.get("title") or "").strip()
                builder.add_track(title, color=str(entry.get("color") or ""))
                for child in require_object(
                    entry.get("entries") or {}, "session"
                ).values():
                    if not isinstance(child, dict):
                        continue
                    if child.get("entryType") != "Contribution":
                        _skip_entry(builder, child)
                        continue
                    pending = reader.contribution(
                        _timetable_contribution(child),
                        session_title=title,
                        slot_room=str(entry.get("room") or ""),
                    )
                    if pending:
                        builder.add_event(pending)
            else:
                _skip_entry(builder, entry)
    breaks = sum(1 for _, why in builder.skipped_events if why.startswith("an Indico"))
    if breaks:
        builder.note("timetable-breaks-skipped", f"skipped {breaks} breaks")
    event = {"title": f"Indico event {event_id}", **event}
    if len(reader.render_zones) == 1:
        # Every entry was exported in one zone: the event's own, as a rule.
        event["timezone"] = next(iter(reader.render_zones))
        builder.note(
            "timezone-from-entries",
            "the timetable export names no event timezone; took "
            f"{event['timezone']}, the zone every entry's time is given in",
        )
    else:
        builder.note(
            "timezone-assumed-utc",
            "the timetable export names no event timezone; assumed UTC",
        )
    return _build(builder, reader, event)


def _skip_entry(builder: ScheduleBuilder, entry: dict[str, Any]) -> None:
    kind = str(entry.get("entryType") or "entry")
    title = str(entry.get("title") or kind).strip()
    builder.skip(title, f"an Indico {kind.lower()}, not a contribution")


def _timetable_contribution(entry: dict[str, Any]) -> dict[str, Any]:
    # Timetable entries carry "contributionId" (a string, counted from 0) and
    # "uniqueId" rather than the per-event number, which becomes the id when
    # a newer Indico gives it as "friendlyId"; otherwise ids are assigned.
    contribution = dict(entry)
    contribution.setdefault("friendly_id", entry.get("friendlyId"))
    contribution.setdefault(
        "db_id",
        entry.get("uniqueId") or entry.get("contributionId") or entry.get("id"),
    )
    contribution.setdefault("speakers", entry.get("presenters"))
    return contribution


def _build(
    builder: ScheduleBuilder, reader: _Reader, event: dict[str, Any]
) -> ImportedConference:
    reader.finish()
    tz_name = event.get("timezone")
    if isinstance(tz_name, str) and tz_name:
        zone(tz_name, where='Indico event "timezone"')
        if reader.render_zones - {tz_name}:
            builder.note(
                "indico-render-timezone",
                "times were exported in "
                + ", ".join(sorted(reader.render_zones))
                + f", not the event timezone {tz_name}; converted them",
            )
    elif "timezone" in event:
        raise InterchangeError('Indico event: "timezone" must be a timezone name')
    else:
        tz_name = "UTC"
    start = end = None
    if isinstance(event.get("startDate"), dict):
        start = reader.moment(event["startDate"], "Indico event", '"startDate"')
        start = start.astimezone(zone(tz_name)).date()
    if isinstance(event.get("endDate"), dict):
        end = reader.moment(event["endDate"], "Indico event", '"endDate"')
        end = end.astimezone(zone(tz_name)).date()
    return builder.build(
        title=str(event.get("title") or "").strip(),
        acronym="",
        timezone=tz_name,
        start=start,
        end=end,
        url=str(event.get("url") or ""),
        base_url=str(event.get("url") or ""),
    )


def _event_id(value: Any, label: str) -> int | None:
    """The contribution's number as an event id; None for 0, to be assigned."""
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and value == 0:
        return None
    return _positive_int(value, label, '"friendly_id"')


def _positive_int(value: Any, label: str, key: str) -> int:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InterchangeError(
            f"{label}: {key} must be a positive integer, got {value!r}"
        )
    return value
