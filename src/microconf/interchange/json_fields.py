"""Typed reading of JSON schedule values, with messages that name the field.

Shared by the JSON importers: a value of the wrong type is refused here
with the key and the type found, never coerced silently.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from typing import Any

from microconf.interchange.frab_reading import parse_date_or_datetime
from microconf.interchange.import_builder import ScheduleBuilder
from microconf.interchange.model import ImportOptions, InterchangeError


def conference_timezone(
    conference: dict[str, Any],
    builder: ScheduleBuilder,
    options: ImportOptions,
    moments: list[datetime],
) -> tuple[str, tzinfo]:
    """Return the conference's IANA zone name and tzinfo (see choose_zone)."""
    name = conference.get("time_zone_name")
    if name is not None and not isinstance(name, str):
        raise InterchangeError(
            f'conference: "time_zone_name" must be a string, got {type(name).__name__}'
        )
    return builder.choose_zone(
        (name or "").strip(), moments, options, where='conference "time_zone_name"'
    )


def conference_date(conference: dict[str, Any], key: str, tz: tzinfo) -> date | None:
    raw = conference.get(key)
    if raw is None or raw == "":
        return None
    return parse_date_or_datetime(
        require_string(raw, "conference", f'"{key}"'), f'"{key}"', "conference", tz
    )


def require_object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        kind = "missing" if value is None else f"a {type(value).__name__}"
        raise InterchangeError(f"{where} must be an object, but is {kind}")
    return value


def optional_list(value: Any, where: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise InterchangeError(f"{where} must be a list, got {type(value).__name__}")
    return value


def require_string(value: Any, label: str, key: str) -> str:
    if not isinstance(value, str):
        raise InterchangeError(
            f"{label}: {key} must be a string, got {type(value).__name__} {value!r}"
        )
    return value


def optional_string(container: dict[str, Any], key: str) -> str:
    value = container.get(key)
    if value is None:
        return ""
    return require_string(value, "schedule JSON", f'"{key}"').strip()


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
