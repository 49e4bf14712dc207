"""Export then import gives the same events; imported real files export validly."""

from __future__ import annotations

import json
from functools import cache

import pytest
from lxml import etree

from microconf.interchange import (
    from_frab_json,
    from_frab_xml,
    from_ical,
    to_frab_json,
    to_frab_xml,
    to_ical,
)
from tests.interchange.conftest import REALDATA, SCHEMAS
from tests.interchange.test_export_frab_json import validator
from tests.interchange.test_import_dialects import OLD_FRAB_JSON
from tests.interchange.test_import_realdata import imported


@cache
def lxml_xsd() -> etree.XMLSchema:
    # libxml2 validates the large real files in milliseconds; the xmlschema
    # check of the generated schedule lives in test_export_frab_xml.
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "schedule.xml.xsd")))


def essentials(schedule):
    return sorted(
        (e.guid, e.id, e.title, e.start, e.duration, e.room, e.track)
        for e in schedule.events
    )


def test_frab_xml_round_trip_keeps_events(lpc_schedule):
    result = from_frab_xml(to_frab_xml(lpc_schedule))

    assert essentials(result.schedule) == essentials(lpc_schedule)
    assert result.schedule.timezone == "America/New_York"
    assert result.schedule.version == lpc_schedule.version
    assert {r.guid for r in lpc_schedule.rooms} <= {
        r.guid for r in result.schedule.rooms
    }


def test_frab_json_round_trip_keeps_events(lpc_schedule):
    result = from_frab_json(to_frab_json(lpc_schedule))

    assert essentials(result.schedule) == essentials(lpc_schedule)
    assert result.report.source_format == "frab-json/microconf"


def test_ical_round_trip_keeps_titles_starts_durations_and_rooms(lpc_schedule):
    result = from_ical(to_ical(lpc_schedule))

    def slots(events):
        return sorted((e.start, e.duration, e.room) for e in events)

    assert slots(result.schedule.events) == slots(lpc_schedule.events)
    assert result.schedule.timezone == "America/New_York"


def test_round_trip_reports_no_assumptions_for_our_own_xml(lpc_schedule):
    result = from_frab_xml(to_frab_xml(lpc_schedule))

    assert result.report.assumptions == ()


@pytest.mark.parametrize(
    "name",
    sorted(
        p.name
        for p in REALDATA.iterdir()
        if p.suffix != ".md" and not p.name.startswith("invalid")
    ),
)
def test_imported_real_file_exports_valid_xml_and_json(name):
    schedule = imported(name).schedule

    schema = lxml_xsd()
    xml_valid = schema.validate(etree.fromstring(to_frab_xml(schedule)))
    json_errors = list(validator().iter_errors(json.loads(to_frab_json(schedule))))

    assert xml_valid, [str(e) for e in schema.error_log][:3]
    assert [e.message for e in json_errors[:3]] == []


def test_old_frab_json_with_day_index_zero_exports_valid_xml():
    schedule = from_frab_json(OLD_FRAB_JSON).schedule

    root = etree.fromstring(to_frab_xml(schedule))

    assert [day.get("index") for day in root.iter("day")] == ["1"]
    assert lxml_xsd().validate(root), lxml_xsd().error_log
