"""c3voc JSON export: valid against the current JSON schema with format checks."""

from __future__ import annotations

import json
from datetime import date, datetime
from functools import cache
from urllib.parse import urlsplit
from uuid import UUID

import jsonschema

from microconf.interchange import frab_json_document, to_frab_json
from tests.interchange.conftest import SCHEMAS


def strict_format_checker() -> jsonschema.FormatChecker:
    """Draft 6's checker plus the formats it only checks with optional packages."""
    checker = jsonschema.FormatChecker(formats=())
    for name, (
        func,
        raises,
    ) in jsonschema.Draft6Validator.FORMAT_CHECKER.checkers.items():
        checker.checks(name, raises)(func)

    @checker.checks("date-time", raises=ValueError)
    def is_datetime(value: object) -> bool:
        if not isinstance(value, str):
            return True
        return datetime.fromisoformat(value).tzinfo is not None and "T" in value

    @checker.checks("date", raises=ValueError)
    def is_date(value: object) -> bool:
        return not isinstance(value, str) or bool(date.fromisoformat(value))

    @checker.checks("uuid", raises=ValueError)
    def is_uuid(value: object) -> bool:
        return not isinstance(value, str) or str(UUID(value)) == value.lower()

    @checker.checks("uri")
    def is_uri(value: object) -> bool:
        if not isinstance(value, str):
            return True
        parts = urlsplit(value)
        return bool(parts.scheme) and (bool(parts.netloc) or parts.scheme == "urn")

    @checker.checks("color")
    def is_color(value: object) -> bool:
        return not isinstance(value, str) or (
            len(value) == 7 and value[0] == "#" and value == value.lower()
        )

    return checker


@cache
def validator() -> jsonschema.Draft6Validator:
    schema = json.loads((SCHEMAS / "schedule.schema.json").read_text("utf-8"))
    return jsonschema.Draft6Validator(schema, format_checker=strict_format_checker())


def test_frab_json_export_has_no_errors_against_current_schema(lpc_schedule):
    document = json.loads(to_frab_json(lpc_schedule))

    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator().iter_errors(document)
    ]

    assert errors == []


def test_strict_format_checker_catches_a_naive_datetime(lpc_schedule):
    document = json.loads(to_frab_json(lpc_schedule))
    day = document["schedule"]["conference"]["days"][0]
    day["day_start"] = "2023-11-04T04:00:00"

    errors = list(validator().iter_errors(document))

    assert [e.validator for e in errors] == ["format"]


def test_frab_json_export_keys_rooms_by_name_inside_days(lpc_schedule):
    document = json.loads(to_frab_json(lpc_schedule))

    days = document["schedule"]["conference"]["days"]
    events = [e for day in days for room in day["rooms"].values() for e in room]

    assert "rooms" not in document["schedule"]
    assert len(events) == 102
    assert days[0]["rooms"]["Ballroom A"][0]["date"] == "2023-11-04T09:00:00-04:00"


def test_frab_json_export_writes_frab_and_pretalx_style_persons(lpc_schedule):
    document = json.loads(to_frab_json(lpc_schedule))

    first = document["schedule"]["conference"]["days"][0]["rooms"]["Ballroom A"][0]

    assert first["persons"] == [
        {
            "id": 1010,
            "public_name": "Speaker 101 Ñandú",
            "guid": "bd5cf4a9-f102-5aad-aae0-c41fbb62a42e",
        },
        {"name": "Co-speaker 101", "public_name": "Co-speaker 101"},
    ]


def test_events_carry_no_end_key_which_the_c3voc_converter_cannot_place(lpc_schedule):
    document = frab_json_document(lpc_schedule)

    events = [
        event
        for day in document["schedule"]["conference"]["days"]
        for room in day["rooms"].values()
        for event in room
    ]
    assert events
    assert not [event["guid"] for event in events if "end" in event]
