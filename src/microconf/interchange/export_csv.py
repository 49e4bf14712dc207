"""Export to CSV: one row per event, times in the conference timezone."""

from __future__ import annotations

import csv
import io

from microconf.interchange.model import Schedule
from microconf.interchange.timezones import zone

CSV_COLUMNS = (
    "guid",
    "id",
    "code",
    "title",
    "subtitle",
    "type",
    "track",
    "room",
    "start",
    "end",
    "duration_minutes",
    "language",
    "persons",
    "url",
)

# Spreadsheets run cells starting with these as formulas (CSV injection).
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def to_csv(schedule: Schedule) -> bytes:
    """Return the events as UTF-8 CSV (with header row, CRLF line ends).

    Text cells that a spreadsheet would run as a formula get a leading "'".
    """
    tz = zone(schedule.timezone, where="schedule timezone")
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for event in sorted(schedule.events, key=lambda e: (e.start, e.room, e.id)):
        writer.writerow(
            [
                str(event.guid),
                event.id,
                _cell(event.code),
                _cell(event.title),
                _cell(event.subtitle),
                _cell(event.type),
                _cell(event.track),
                _cell(event.room),
                event.start.astimezone(tz).isoformat(),
                event.end.astimezone(tz).isoformat(),
                event.duration,
                _cell(event.language),
                _cell("; ".join(p.name for p in event.persons)),
                _cell(event.url),
            ]
        )
    return buffer.getvalue().encode("utf-8")


def _cell(text: str) -> str:
    if text.startswith(_FORMULA_PREFIXES):
        return "'" + text
    return text
