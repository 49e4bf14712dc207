"""The shapes pretalx serves its programme in, reduced to (slot, submission) pairs.

pretalx (docs.pretalx.org/api) answers with:

- `/api/events/<e>/submissions/` and `/talks/`: submissions, each with its
  `slots` (API v1: ids, or objects with `?expand=slots`) or one `slot` (the
  legacy API: `{"room", "room_id", "start", "end"}`);
- `/api/events/<e>/slots/` and `/schedules/<version>/`: talk slots, each
  naming its `submission` (a code, or the object with `?expand=submission`);
  the legacy schedule lists submissions under `slots` and breaks under
  `breaks`;
- the schedule widget's data: `talks` that name rooms, tracks and speakers by
  id or code, beside tables of `rooms`, `tracks` and `speakers`.

Lists come as one paginated page (`{"count", "next", "previous", "results"}`),
a list of such pages, or a bare list. Names are multilingual objects
(`{"en": "Talk", "de": "Vortrag"}`) or strings; references (room, track,
submission type, speakers) ids, codes or expanded objects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from microconf.interchange.model import InterchangeError

_EVENT_URL_RE = re.compile(r"^(https?://[^/]+)(?:/[^?#]*)?/api/events/([^/?#]+)/")
_LOCALE_RE = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")
#: Submission states that never reach a public schedule.
GONE_STATES = {"rejected", "withdrawn", "canceled", "cancelled", "deleted", "draft"}


def _is_submission(item: Any) -> bool:
    return (
        isinstance(item, dict)
        and "code" in item
        and "_type" not in item
        and any(k in item for k in ("slots", "slot", "submission_type", "speakers"))
    )


def _is_slot(item: Any) -> bool:
    return (
        isinstance(item, dict)
        and "submission" in item
        and "start" in item
        and "_type" not in item
    )


def _is_page(item: Any) -> bool:
    return (
        isinstance(item, dict)
        and isinstance(item.get("results"), list)
        and "next" in item
        and "_type" not in item
    )


def _items(document: Any) -> list[Any] | None:
    """The records of a page, of a list of pages or of a bare list."""
    if _is_page(document):
        return document["results"]
    if isinstance(document, list):
        if document and all(_is_page(page) for page in document):
            return [item for page in document for item in page["results"]]
        return document
    return None


def pretalx_shape(document: Any) -> str | None:
    """Name the pretalx shape of parsed JSON, or None if it is none of them.

    Indico's HTTPAPIResult (`_type`, `results` of events) and c3voc's
    `schedule` are never taken: those keys are checked first.
    """
    if isinstance(document, dict) and ("schedule" in document or "_type" in document):
        return None
    if (
        isinstance(document, dict)
        and isinstance(document.get("talks"), list)
        and any(k in document for k in ("rooms", "speakers", "tracks", "timezone"))
    ):
        return "widget"
    if (
        isinstance(document, dict)
        and isinstance(document.get("slots"), list)
        and "results" not in document
    ):
        return "schedule"
    items = _items(document)
    if items is None:
        return None
    first = next((item for item in items if isinstance(item, dict)), None)
    if first is None:
        # An empty page of pretalx's pagination is still pretalx.
        return "submissions" if _is_page(document) else None
    if _is_submission(first):
        return "submissions"
    if _is_slot(first):
        return "slots"
    return None


def text(value: Any, seen: set[str] | None = None) -> str:
    """A plain or multilingual string: English, else the first language given."""
    if value is None:
        return ""
    if isinstance(value, dict):
        texts = {
            str(k): str(v).strip()
            for k, v in value.items()
            if isinstance(v, (str, int, float)) and str(v).strip()
        }
        if seen is not None and texts:
            seen.update(texts)
        return texts.get("en") or next(iter(texts.values()), "")
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value).strip()
    return ""


def is_multilingual(value: Any) -> bool:
    """A dict of locale codes to strings ({"en": ..}), not an expanded object."""
    return (
        isinstance(value, dict)
        and bool(value)
        and all(isinstance(k, str) and _LOCALE_RE.match(k) for k in value)
        and not ({"id", "name", "code"} & value.keys())
    )


def reference_key(value: Any) -> str | None:
    """An id given as a number or a numeric string, as a table key."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and value.strip().isdigit():
        return value.strip()
    return None


@dataclass(slots=True)
class Record:
    """One slot of the schedule with its submission (or {} for a bare code)."""

    slot: dict[str, Any]
    submission: dict[str, Any]
    label: str


@dataclass(slots=True, kw_only=True)
class Reading:
    """Everything a pretalx file holds, reduced: records, skips and tables."""

    shape: str
    records: list[Record] = field(default_factory=list)
    #: Entries of the file that are no scheduled talk: (title, reason).
    skipped: list[tuple[str, str]] = field(default_factory=list)
    #: Submissions whose slots are bare ids: the file cannot place them.
    unplaced: list[str] = field(default_factory=list)
    rooms: dict[str, dict[str, Any]] = field(default_factory=dict)
    tracks: dict[str, dict[str, Any]] = field(default_factory=dict)
    types: dict[str, dict[str, Any]] = field(default_factory=dict)
    speakers: dict[str, dict[str, Any]] = field(default_factory=dict)
    timezone: str = ""
    version: str = ""
    start: str = ""
    end: str = ""
    origin: str = ""
    event: str = ""
    #: (submissions on this page, the count the page announces) when they differ.
    partial_page: tuple[int, int] | None = None
    next_page: str = ""


def read_document(document: Any, shape: str) -> Reading:
    """Reduce a document of `shape` (see pretalx_shape) to a Reading."""
    reading = Reading(shape=shape)
    _find_origin(document, reading)
    if shape == "widget":
        _read_widget(document, reading)
    elif shape == "schedule":
        reading.version = text(document.get("version"))
        for item in document["slots"]:
            _read_item(item, reading)
        for item in document.get("breaks") or ():
            if isinstance(item, dict):
                reading.skipped.append(_break(item))
    else:
        _check_pages(document, reading)
        for item in _items(document) or ():
            _read_item(item, reading)
    return reading


def _read_item(item: Any, reading: Reading) -> None:
    if _is_slot(item):
        _read_slot(item, reading)
    elif _is_submission(item):
        _read_submission(item, reading)
    elif reference_key(item) is not None:
        reading.unplaced.append(f"slot {item}")
    else:
        raise InterchangeError(
            "pretalx export: an entry is neither a submission (with a code) nor a "
            f"slot (with a submission and a start): {str(item)[:80]!r}"
        )


def _label(submission: dict[str, Any]) -> str:
    title = text(submission.get("title")) or "untitled"
    return f"{title!r} ({submission.get('code')})"


def _read_submission(submission: dict[str, Any], reading: Reading) -> None:
    _collect_tables(submission, reading)
    label = _label(submission)
    state = str(submission.get("state") or "").strip().lower()
    title = text(submission.get("title")) or str(submission.get("code"))
    if state in GONE_STATES:
        reading.skipped.append((title, f"its pretalx state is {state!r}"))
        return
    if "slots" in submission:
        slots = submission["slots"]
        if not isinstance(slots, list):
            raise InterchangeError(f'pretalx submission {label}: "slots" is not a list')
        if any(reference_key(s) is not None for s in slots):
            reading.unplaced.append(label)
            return
        placed = [s for s in slots if isinstance(s, dict) and s.get("start")]
    else:
        slot = submission.get("slot")
        placed = [slot] if isinstance(slot, dict) and slot.get("start") else []
    if not placed:
        reading.skipped.append((title, "it has no slot on the schedule"))
        return
    placed.sort(key=lambda s: str(s.get("start")))
    for slot in placed:
        _collect_room(slot.get("room"), reading)
        reading.records.append(Record(slot=slot, submission=submission, label=label))


def _read_slot(slot: dict[str, Any], reading: Reading) -> None:
    _collect_room(slot.get("room"), reading)
    submission = slot.get("submission")
    if submission is None or submission == "":
        reading.skipped.append(_break(slot))
        return
    if isinstance(submission, str):
        submission = {"code": submission}
    if not isinstance(submission, dict):
        raise InterchangeError(
            f'pretalx slot {slot.get("id")!r}: "submission" must be a code or an '
            f"object, got {type(submission).__name__}"
        )
    _collect_tables(submission, reading)
    if not slot.get("start"):
        title = text(submission.get("title")) or str(submission.get("code"))
        reading.skipped.append((title, "its slot has no start"))
        return
    reading.records.append(
        Record(slot=slot, submission=submission, label=_label(submission))
    )


def _read_widget(document: dict[str, Any], reading: Reading) -> None:
    reading.timezone = text(document.get("timezone"))
    reading.version = text(document.get("version"))
    reading.start = text(document.get("event_start"))
    reading.end = text(document.get("event_end"))
    for key, table in (("rooms", reading.rooms), ("tracks", reading.tracks)):
        for item in document.get(key) or ():
            if isinstance(item, dict) and reference_key(item.get("id")) is not None:
                table[reference_key(item["id"])] = item
    for item in document.get("speakers") or ():
        if isinstance(item, dict) and item.get("code"):
            reading.speakers[str(item["code"])] = item
    for talk in document["talks"]:
        if not isinstance(talk, dict):
            continue
        if not talk.get("code"):
            reading.skipped.append(_break(talk))
        elif not talk.get("start"):
            reading.skipped.append((text(talk.get("title")), "it has no start"))
        else:
            reading.records.append(
                Record(slot=talk, submission=talk, label=_label(talk))
            )


def _break(entry: dict[str, Any]) -> tuple[str, str]:
    title = text(entry.get("description")) or text(entry.get("title")) or "Break"
    return title, "a break or other slot without a submission"


def _collect_tables(submission: dict[str, Any], reading: Reading) -> None:
    for key, table in (("track", reading.tracks), ("submission_type", reading.types)):
        value = submission.get(key)
        if isinstance(value, dict) and reference_key(value.get("id")) is not None:
            table[reference_key(value["id"])] = value
    for speaker in submission.get("speakers") or ():
        if isinstance(speaker, dict) and speaker.get("code"):
            reading.speakers.setdefault(str(speaker["code"]), speaker)


def _collect_room(room: Any, reading: Reading) -> None:
    if isinstance(room, dict) and reference_key(room.get("id")) is not None:
        reading.rooms[reference_key(room["id"])] = room


def _check_pages(document: Any, reading: Reading) -> None:
    pages = [document] if _is_page(document) else []
    if isinstance(document, list) and document and all(map(_is_page, document)):
        pages = document
    announced = [p.get("count") for p in pages]
    if not pages or not all(isinstance(c, int) for c in announced):
        return
    held = sum(len(p["results"]) for p in pages)
    if held < max(announced):
        reading.partial_page = (held, max(announced))
        reading.next_page = str(pages[-1].get("next") or "")


def _find_origin(document: Any, reading: Reading) -> None:
    """The pretalx host and event slug, from a page's next/previous link."""
    pages = document if isinstance(document, list) else [document]
    for page in pages:
        if not isinstance(page, dict):
            continue
        for key in ("next", "previous"):
            match = _EVENT_URL_RE.match(str(page.get(key) or ""))
            if match:
                reading.origin, reading.event = match.group(1), match.group(2)
                return
