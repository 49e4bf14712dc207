"""Adapter for the shared "anchor-1" instance format and its schedule format."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from microconf.clock import hhmm
from microconf.scheduling.solver.model import (
    Break,
    Day,
    Grid,
    Kind,
    Placement,
    Problem,
    Room,
    Session,
    Solution,
    TimeWindow,
    Weights,
)


class FormatError(ValueError):
    """A file that is not a readable instance or schedule, said in words."""


@contextmanager
def _reading(what: str, source: object) -> Iterator[None]:
    # One place turns a missing file, broken JSON or a missing or malformed field
    # into a sentence naming the file, instead of a traceback.
    name = f"the {what}" + ("" if isinstance(source, Mapping) else f" {source}")
    try:
        yield
    except OSError as e:
        raise FormatError(f"cannot read {name}: {e.strerror}") from e
    except json.JSONDecodeError as e:
        raise FormatError(f"{name} is not JSON: {e.msg} (line {e.lineno})") from e
    except KeyError as e:
        raise FormatError(f"{name} lacks the field {e.args[0]!r}") from e
    except (TypeError, ValueError, AttributeError) as e:
        raise FormatError(f"{name} has a value of the wrong form: {e}") from e


def parse_clock(text: str) -> int:
    """Return minutes from midnight for an "HH:MM" string."""
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def _read(source: str | Path | Mapping[str, Any]) -> Mapping[str, Any]:
    if isinstance(source, Mapping):
        return source
    return json.loads(Path(source).read_text(encoding="utf-8"))


def _windows(raw: list[Mapping[str, Any]] | None) -> tuple[TimeWindow, ...] | None:
    if raw is None:
        return None
    return tuple(
        TimeWindow(
            day=int(w["day"]), start=parse_clock(w["start"]), end=parse_clock(w["end"])
        )
        for w in raw
    )


def _placement(raw: Mapping[str, Any] | None) -> Placement | None:
    if raw is None:
        return None
    return Placement(
        room=str(raw["room"]), day=int(raw["day"]), start=parse_clock(raw["start"])
    )


def load_instance(
    source: str | Path | Mapping[str, Any], *, weights: Weights | None = None
) -> Problem:
    """Build a Problem from an anchor-1 JSON file path or an already parsed dict.

    Raises FormatError, naming the file and what is wrong, on anything else.
    """
    with _reading("instance", source):
        return _instance(_read(source), weights)


def load_schedule(source: str | Path | Mapping[str, Any]) -> dict[str, Placement]:
    """Read a schedule in the shared format into placements by session id.

    Raises FormatError, naming the file and what is wrong, on anything else.
    """
    with _reading("schedule", source):
        return {
            str(sid): Placement(
                room=str(a["room"]), day=int(a["day"]), start=parse_clock(a["start"])
            )
            for sid, a in _read(source)["assignments"].items()
        }


def _instance(data: Mapping[str, Any], weights: Weights | None) -> Problem:
    grid_data = data["grid"]
    grid = Grid(
        days=tuple(
            Day(
                index=int(d["index"]),
                date=str(d.get("date", "")),
                start=parse_clock(d["start"]),
                end=parse_clock(d["end"]),
            )
            for d in grid_data["days"]
        ),
        slot_minutes=int(grid_data["slot_minutes"]),
        breaks=tuple(
            Break(
                start=parse_clock(b["start"]),
                end=parse_clock(b["end"]),
                label=str(b.get("label", "")),
            )
            for b in grid_data.get("breaks", [])
        ),
    )
    rooms = tuple(
        Room(
            id=str(r["id"]),
            capacity=int(r["capacity"]),
            features=frozenset(r.get("features", [])),
            availability=_windows(r.get("availability")),
        )
        for r in data["rooms"]
    )
    sessions = tuple(
        Session(
            id=str(s["id"]),
            kind=Kind(s["kind"]),
            duration=int(s["duration"]),
            track=str(s.get("track") or ""),
            people=tuple(s.get("people", [])),
            interested=tuple(int(a) for a in s.get("interested", [])),
            features=frozenset(s.get("features", [])),
            availability=_windows(s.get("availability")),
            pin=_placement(s.get("pin")),
        )
        for s in data["sessions"]
    )
    return Problem(
        name=str(data.get("name", "")),
        grid=grid,
        rooms=rooms,
        sessions=sessions,
        attendee_count=int(data.get("attendees", {}).get("count", 0)),
        weights=weights or Weights(),
    )


def dump_schedule(solution: Solution, problem: Problem) -> dict[str, Any]:
    """Return the solution in the shared schedule format, sessions in problem order."""
    assignments = {}
    for session in problem.sessions:
        placement = solution.assignment.get(session.id)
        if placement is not None:
            assignments[session.id] = {
                "room": placement.room,
                "day": placement.day,
                "start": hhmm(placement.start),
            }
    return {"assignments": assignments}
