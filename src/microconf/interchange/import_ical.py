"""Import an iCalendar (.ics) schedule: one VEVENT per talk slot."""

from __future__ import annotations

import re
import warnings
from datetime import UTC, date, datetime, time, timedelta

import icalendar
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from microconf.interchange import ical_speakers as speakers
from microconf.interchange.html_text import html_to_text, looks_like_html
from microconf.interchange.identity import MICROCONF_NAMESPACE, stable_guid
from microconf.interchange.import_builder import PendingEvent, Progress, ScheduleBuilder
from microconf.interchange.model import (
    ImportedConference,
    ImportOptions,
    InterchangeError,
    Person,
)
from microconf.interchange.safe_parsing import (
    charset_note,
    check_size,
    decode_text,
)
from microconf.interchange.timezones import zone

# "Speaker: A, B" (Symposion, lca) or "von: A" (Kielux) opening a DESCRIPTION.
_SPEAKER_LINE_RE = re.compile(
    r"^\s*(?:Speakers?|Presenters?|By|von|Referent(?:en|in)?)\s*:\s*(.+?)\s*$",
    re.IGNORECASE,
)
_UID_NUMBER_RE = re.compile(r"^(\d{1,9})(?:@|$)")
# pretalx writes UID:pretalx-<event>-<CODE>[-<n>]@<host>; the code is its source id.
_PRETALX_UID_RE = re.compile(r"^pretalx-.+-([A-Z0-9]{5,16})(?:-\d+)?@")
_COMPONENT_LINE_RE = re.compile(r"^(BEGIN|END):", re.MULTILINE | re.IGNORECASE)

#: Deepest component nesting accepted (VCALENDAR > VEVENT > VALARM is 3).
MAX_ICAL_DEPTH = 8


def from_ical(
    data: bytes,
    *,
    progress: Progress | None = None,
    options: ImportOptions | None = None,
) -> ImportedConference:
    """Import an iCalendar file; TZIDs without VTIMEZONE resolve as IANA names.

    Speakers come from ATTENDEE names and a "Speaker:" line opening the
    DESCRIPTION. Only with ``options.ics_speakers`` are ORGANIZER, addresses
    without a name and "Title - Speaker" / "Speaker: Title" summaries read too
    (see ical_speakers).
    """
    options = options or ImportOptions()
    check_size(data)
    text, charset = decode_text(data, what="iCalendar")
    _check_nesting(text)
    try:
        # icalendar warns when it guesses a TZID; the report says so instead.
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            calendars = icalendar.Calendar.from_ical(text, multiple=True)
    except (ValueError, KeyError, IndexError, TypeError) as error:
        raise InterchangeError(f"iCalendar is not readable: {error}") from None
    if not calendars:
        raise InterchangeError("iCalendar holds no VCALENDAR")
    calendar = calendars[0]
    builder = ScheduleBuilder("ical", progress=progress)
    if charset != "utf-8":
        builder.note("charset-detected", charset_note(charset, "iCalendar"))
    vevents = calendar.walk("VEVENT")
    builder.expected_events = len(vevents)
    tally = speakers.SpeakerTally()
    if options.ics_speakers:
        chosen = speakers.choose_rule([str(v.get("SUMMARY") or "") for v in vevents])
        tally.rule, tally.rule_counts = chosen.rule, chosen.counts
        tally.repeated = chosen.repeated
        tally.calendar_organizer = speakers.organizer_of_calendar(vevents)
    unsplit = speakers.choose_rule(
        [str(v.get("SUMMARY") or "") for v in vevents]
    ).counts

    tz_name = str(calendar.get("X-WR-TIMEZONE") or "").strip()
    if tz_name:
        zone(tz_name, where="X-WR-TIMEZONE")
    missing = calendar.get_missing_tzids()
    if missing:
        builder.note(
            "ical-vtimezone-missing",
            "TZID " + ", ".join(sorted(missing)) + " used without a VTIMEZONE; read "
            "as IANA timezone names",
        )
        for name in sorted(missing):
            if (known := _iana_name(name)) != name:
                builder.note(
                    "ical-tzid-mapped",
                    f"TZID {name!r} is no IANA name; read it as {known}",
                )

    namespace = stable_guid(
        MICROCONF_NAMESPACE,
        f"ical:{calendar.get('PRODID')}:{calendar.get('X-WR-CALNAME')}",
    )
    html_descriptions = 0
    speakers_from_description = 0
    attendee_persons = 0
    floating = 0
    all_day = 0
    offsets: list[datetime] = []
    guesses = {str(w.message).split(";")[0] for w in caught}
    used_ids: set[int] = set()
    for vevent in vevents:
        uid = str(vevent.get("UID") or "").strip()
        title = str(vevent.get("SUMMARY") or "").strip()
        label = f"VEVENT {title!r}" + (f" (UID {uid})" if uid else "")
        if str(vevent.get("STATUS") or "").upper() == "CANCELLED":
            builder.skip(title, "cancelled (STATUS:CANCELLED)")
            builder.note("ical-cancelled-skipped", f"{label}: cancelled; skipped it")
            continue
        start = _moment(vevent, "DTSTART", label, guesses)
        if start is None:
            builder.skip(title or "Untitled event", "it has no DTSTART")
            builder.note("ical-no-start", f"{label}: no DTSTART; left it out")
            continue
        if isinstance(start, datetime) and start.tzinfo is None:
            floating += 1
            start = start.replace(tzinfo=zone(options.timezone or tz_name or "UTC"))
        end = _moment(vevent, "DTEND", label, guesses)
        if not isinstance(start, datetime):
            # An all-day entry: kept, from local midnight for its days.
            days = (end - start).days if type(end) is date else 1
            start = datetime.combine(
                start, time(0), tzinfo=zone(options.timezone or tz_name or "UTC")
            )
            end = start + timedelta(days=max(days, 1))
            all_day += 1
        zone_key = getattr(start.tzinfo, "key", "")
        if not tz_name and zone_key not in ("", "UTC", "Etc/UTC"):
            tz_name = zone_key
        if start.utcoffset():
            offsets.append(start)
        if isinstance(end, datetime):
            if end.tzinfo is None:
                end = end.replace(tzinfo=start.tzinfo)
            # Same-zone subtraction in Python ignores DST changes; UTC does not.
            duration = int(
                (end.astimezone(UTC) - start.astimezone(UTC)).total_seconds() // 60
            )
        elif vevent.get("DURATION") is not None:
            duration = int(vevent.decoded("DURATION").total_seconds() // 60)
        else:
            duration = 0
            builder.note("ical-no-end", f"{label}: no DTEND or DURATION; duration 0")
        description = str(vevent.get("DESCRIPTION") or "")
        if looks_like_html(description):
            html_descriptions += 1
            description = html_to_text(description)
        persons, description = _speakers(description)
        attendees = _attendee_names(vevent, tally if options.ics_speakers else None)
        if attendees:
            persons = attendees
            attendee_persons += 1
        elif persons:
            speakers_from_description += 1
        if options.ics_speakers:
            organizer = speakers.address_name(vevent.get("ORGANIZER"))
            if not persons and organizer and organizer != tally.calendar_organizer:
                persons = [organizer]
                tally.from_organizer += 1
            split = tally.rule and speakers.split_summary(
                title, tally.rule, persons, tally.repeated
            )
            if split:
                title, named = split
                persons = persons or named
                tally.split += 1
            elif tally.rule:
                tally.kept += 1
        event_id = None
        if match := _UID_NUMBER_RE.match(uid):
            candidate = int(match.group(1))
            if candidate >= 1 and candidate not in used_ids:
                event_id = candidate
                used_ids.add(candidate)
        categories = vevent.get("CATEGORIES")
        track = ""
        if categories is not None:
            first = categories[0] if isinstance(categories, list) else categories
            track = str(first.cats[0]) if first.cats else ""
        builder.add_event(
            PendingEvent(
                id=event_id,
                guid=stable_guid(namespace, f"uid:{uid}") if uid else None,
                title=title or "Untitled event",
                code=m.group(1) if (m := _PRETALX_UID_RE.match(uid)) else "",
                start=start.astimezone(UTC),
                duration=max(duration, 0),
                room=str(vevent.get("LOCATION") or "").strip(),
                track=track,
                abstract=description.strip(),
                url=str(vevent.get("URL") or "").strip(),
                persons=[
                    Person(name=name, guid=stable_guid(namespace, f"person:{name}"))
                    for name in persons
                ],
                source_key=f"uid:{uid}" if uid else "",
            )
        )
    if html_descriptions:
        builder.note(
            "ical-html-description",
            f"{html_descriptions} DESCRIPTIONs held HTML; converted them to text",
        )
    if speakers_from_description:
        builder.note(
            "ical-speakers-from-description",
            f"{speakers_from_description} events name speakers in a 'Speaker:' line "
            "of DESCRIPTION; took persons from it",
        )
    if attendee_persons:
        builder.note(
            "ical-persons-from-attendees",
            f"{attendee_persons} events list speakers as ATTENDEEs; took persons "
            "from their CN names (never their addresses)",
        )
    if options.ics_speakers:
        for line in tally.lines(len(vevents)):
            builder.note("ical-speakers-rule", f"--ics-speakers: {line}")
    elif unsplit:
        fits = ", ".join(f"{n} fit {speakers.RULES[r]}" for r, n in unsplit.items())
        builder.note(
            "ical-titles-as-written",
            f"kept every SUMMARY as written, though {fits}; --ics-speakers "
            "takes speakers from them (and from ORGANIZER)",
        )
    if floating:
        builder.note(
            "ical-floating-times",
            f"{floating} events have floating times; read them in {tz_name or 'UTC'}",
        )
    for guess in sorted(guesses):
        builder.note("ical-tzid-mapped", f"{guess} (icalendar's reading)")
    if all_day:
        builder.note(
            "ical-all-day-kept",
            f"{all_day} all-day entries kept as events from local midnight, lasting "
            "their days",
        )
    if tz_name or options.timezone or offsets:
        # Offsets of VTIMEZONEs without an IANA name still tell the zone.
        tz_name, _ = builder.choose_zone(
            tz_name, offsets, options, where="X-WR-TIMEZONE or IANA TZID"
        )
    else:
        tz_name = "UTC"
        builder.note(
            "timezone-assumed-utc",
            "no X-WR-TIMEZONE or TZID; assumed UTC (times in UTC keep it)",
        )
    builder.note(
        "ical-guids-from-uids",
        "guids were derived from UIDs; numeric UID prefixes became event ids",
    )
    title = str(
        calendar.get("X-WR-CALNAME") or calendar.get("X-WR-CALDESC") or ""
    ).strip()
    if not title:
        title = "Imported calendar"
        builder.note(
            "ical-title-missing", "no X-WR-CALNAME; titled it 'Imported calendar'"
        )
    local = zone(tz_name)
    dates = [e.start.astimezone(local).date() for e in builder.events]
    return builder.build(
        title=title,
        acronym="",
        timezone=tz_name,
        start=min(dates) if dates else None,
        end=max(dates) if dates else None,
    )


def _check_nesting(text: str) -> None:
    # Components nest a few levels (VCALENDAR > VEVENT > VALARM); walking a
    # deeper hostile file would recurse, so it is refused before parsing.
    depth = 0
    for match in _COMPONENT_LINE_RE.finditer(text):
        depth += 1 if match.group(1).upper() == "BEGIN" else -1
        if depth > MAX_ICAL_DEPTH:
            raise InterchangeError(
                f"iCalendar nests components deeper than {MAX_ICAL_DEPTH} levels"
            )


def _moment(
    vevent, key: str, label: str, guesses: set[str] | None = None
) -> datetime | date | None:
    """The decoded DTSTART/DTEND; icalendar's guesses about TZIDs go to ``guesses``."""
    if vevent.get(key) is None:
        return None
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            value = vevent.decoded(key)
    except (ValueError, KeyError) as error:
        raise InterchangeError(f"{label}: {key} is not a date-time ({error})") from None
    if guesses is not None:
        guesses.update(str(w.message).split(";")[0] for w in caught)
    if not isinstance(value, date):
        raise InterchangeError(
            f"{label}: {key} {vevent.get(key).to_ical().decode(errors='replace')!r} "
            "is not a date-time"
        )
    return value


def _iana_name(tzid: str) -> str:
    """The IANA zone a TZID means: itself, a vendor-prefixed one, or a Windows name.

    Raises if none is known ("/mozilla.org/20050126_1/Europe/Berlin" is
    Europe/Berlin; "W. Europe Standard Time" is Europe/Berlin too).
    """
    candidates = [tzid]
    parts = tzid.strip("/").split("/")
    candidates += ["/".join(parts[-n:]) for n in (3, 2, 1) if len(parts) > n]
    if mapped := WINDOWS_TO_OLSON.get(tzid):
        candidates.append(mapped)
    for name in candidates:
        try:
            zone(name, where="TZID")
        except InterchangeError:
            continue
        return name
    zone(tzid, where="TZID")  # raises, naming the TZID
    return tzid


def _attendee_names(vevent, tally: speakers.SpeakerTally | None) -> list[str]:
    """ATTENDEE CN names; with a tally (--ics-speakers) mailbox names too."""
    attendees = vevent.get("ATTENDEE")
    if attendees is None:
        return []
    if not isinstance(attendees, list):
        attendees = [attendees]
    names = []
    for attendee in attendees:
        name = str(getattr(attendee, "params", {}).get("CN") or "").strip()
        if not name and tally is not None:
            name = speakers.address_name(attendee)
            tally.from_mailbox += bool(name)
        if name and name not in names:
            names.append(name)
    return names


def _speakers(description: str) -> tuple[list[str], str]:
    lines = description.split("\n")
    match = _SPEAKER_LINE_RE.match(lines[0]) if lines else None
    # A long first line is prose that happens to start with "By:", not names.
    if match and len(match.group(1)) <= 120:
        names = [n.strip() for n in re.split(r",| and |;", match.group(1)) if n.strip()]
        return names, "\n".join(lines[1:])
    return [], description
