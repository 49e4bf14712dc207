"""Recognising a schedule file's format from its bytes and importing it."""

from __future__ import annotations

from microconf.interchange.import_builder import Progress
from microconf.interchange.import_frab_json import from_frab_json
from microconf.interchange.import_frab_xml import from_frab_xml
from microconf.interchange.import_ical import from_ical
from microconf.interchange.import_indico import from_indico_json
from microconf.interchange.model import (
    ImportedConference,
    ImportOptions,
    InterchangeError,
)
from microconf.interchange.safe_parsing import check_size, parse_json


def detect_and_import(
    data: bytes,
    filename: str | None = None,
    *,
    progress: Progress | None = None,
    options: ImportOptions | None = None,
) -> ImportedConference:
    """Import frab/c3voc XML or JSON, pretalx, Indico JSON or iCalendar bytes.

    The content decides; `filename` only breaks ties (a file that starts
    like none of the formats is reported with its name). `options` carry what
    the organiser says that the file does not (its zone, a default duration).
    """
    check_size(data)
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    name = (filename or "").lower()
    if head.startswith(b"BEGIN:VCALENDAR") or (
        name.endswith((".ics", ".ical")) and b"BEGIN:VCALENDAR" in head
    ):
        return from_ical(data, progress=progress)
    if head.startswith(b"<"):
        return from_frab_xml(data, progress=progress, options=options)
    if head.startswith((b"{", b"[")):
        document = parse_json(data, what=f"JSON file {filename or ''}".strip())
        if isinstance(document, dict) and (
            document.get("_type") == "HTTPAPIResult"
            or ("results" in document and "schedule" not in document)
        ):
            return from_indico_json(document, progress=progress)
        if isinstance(document, dict) and "schedule" in document:
            return from_frab_json(document, progress=progress, options=options)
        raise InterchangeError(
            f"{filename or 'JSON file'}: neither a c3voc schedule.json (no "
            '"schedule") nor an Indico export (no "results")'
        )
    raise InterchangeError(
        f"{filename or 'file'}: not a recognised schedule format (expected frab "
        "XML, schedule.json, Indico JSON or iCalendar)"
    )
