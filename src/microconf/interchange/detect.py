"""Recognising a schedule file's format from its bytes and importing it."""

from __future__ import annotations

from microconf.interchange.import_builder import Progress, with_assumptions
from microconf.interchange.import_frab_json import from_frab_json
from microconf.interchange.import_frab_xml import from_frab_xml
from microconf.interchange.import_ical import from_ical
from microconf.interchange.import_indico import from_indico_json
from microconf.interchange.import_pretalx import from_pretalx_api, is_pretalx_api
from microconf.interchange.model import (
    ImportedConference,
    ImportOptions,
    InterchangeError,
)
from microconf.interchange.safe_parsing import (
    charset_note,
    check_size,
    parse_json,
    unicode_bom,
)


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
    the organiser says that the file does not (its zone, a default duration,
    whether to look for iCalendar speakers).
    """
    check_size(data)
    notes: list[str] = []
    if bom := unicode_bom(data):
        # Sniffed and parsed as UTF-8; the report still says what it was.
        try:
            data = data.decode(bom).encode("utf-8")
        except UnicodeDecodeError:
            raise InterchangeError(
                f"{filename or 'file'}: starts with a {bom} byte-order mark but is "
                f"not valid {bom}"
            ) from None
        notes.append(charset_note(bom, filename or "the file"))
    result = _import(data, filename, progress=progress, options=options, notes=notes)
    return with_assumptions(result, "charset-detected", notes)


def _import(
    data: bytes,
    filename: str | None,
    *,
    progress: Progress | None,
    options: ImportOptions | None,
    notes: list[str],
) -> ImportedConference:
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    name = (filename or "").lower()
    if head.startswith(b"BEGIN:VCALENDAR") or (
        name.endswith((".ics", ".ical")) and b"BEGIN:VCALENDAR" in head
    ):
        return from_ical(data, progress=progress, options=options)
    if head.startswith(b"<"):
        return from_frab_xml(data, progress=progress, options=options)
    if head.startswith((b"{", b"[")):
        what = f"JSON file {filename or ''}".strip()
        document = parse_json(data, what=what, notes=notes)
        # Indico's envelope and c3voc's "schedule" are told first, so that
        # neither is ever read as pretalx.
        if isinstance(document, dict) and "schedule" in document:
            return from_frab_json(document, progress=progress, options=options)
        if isinstance(document, dict) and document.get("_type") == "HTTPAPIResult":
            return from_indico_json(document, progress=progress)
        if is_pretalx_api(document):
            return from_pretalx_api(document, progress=progress, options=options)
        if isinstance(document, dict) and "results" in document:
            return from_indico_json(document, progress=progress)
        raise InterchangeError(
            f"{filename or 'JSON file'}: neither a c3voc schedule.json (no "
            '"schedule"), an Indico export (no "results") nor a pretalx API '
            "export (no submissions, slots or talks)"
        )
    raise InterchangeError(
        f"{filename or 'file'}: not a recognised schedule format (expected frab "
        "XML, schedule.json, pretalx API JSON, Indico JSON or iCalendar)"
    )
