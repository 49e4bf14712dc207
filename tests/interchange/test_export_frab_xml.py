"""frab/c3voc XML export: valid against the current XSD and faithful to the model."""

from __future__ import annotations

from functools import cache

import xmlschema
from lxml import etree

from microconf.interchange import to_frab_xml
from tests.interchange.conftest import SCHEMAS, build_lpc_schedule


@cache
def xsd() -> xmlschema.XMLSchema10:
    return xmlschema.XMLSchema10(str(SCHEMAS / "schedule.xml.xsd"))


def test_frab_xml_export_has_no_errors_against_current_xsd(lpc_schedule):
    document = to_frab_xml(lpc_schedule)

    errors = list(xsd().iter_errors(document.decode("utf-8")))

    assert [str(e.reason) for e in errors] == []


def test_frab_xml_export_is_valid_for_lxml_too(lpc_schedule):
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "schedule.xml.xsd")))

    is_valid = schema.validate(etree.fromstring(to_frab_xml(lpc_schedule)))

    assert is_valid, schema.error_log


def test_frab_xml_export_writes_local_time_with_offset_across_dst_end(lpc_schedule):
    root = etree.fromstring(to_frab_xml(lpc_schedule))

    dates = {
        e.get("id"): (e.findtext("date"), e.findtext("start"))
        for e in root.iter("event")
    }

    # 4 Nov is still EDT (-04:00); from 02:00 on 5 Nov it is EST (-05:00).
    assert dates["101"] == ("2023-11-04T09:00:00-04:00", "09:00")
    assert dates["133"] == ("2023-11-05T09:00:00-05:00", "09:00")
    assert dates["198"] == ("2023-11-05T01:30:00-04:00", "01:30")
    assert dates["199"] == ("2023-11-05T01:30:00-05:00", "01:30")


def test_frab_xml_export_puts_after_midnight_events_on_previous_day(lpc_schedule):
    root = etree.fromstring(to_frab_xml(lpc_schedule))

    day_of = {
        e.get("id"): day.get("date")
        for day in root.iter("day")
        for e in day.iter("event")
    }

    assert day_of["197"] == "2023-11-04"
    assert day_of["198"] == "2023-11-04"
    assert day_of["200"] == "2023-11-05"


def test_frab_xml_export_writes_every_event_once(lpc_schedule):
    root = etree.fromstring(to_frab_xml(lpc_schedule))

    ids = [e.get("id") for e in root.iter("event")]

    assert len(ids) == len(lpc_schedule.events) == 102
    assert len(set(ids)) == len(ids)


def test_frab_xml_export_keeps_guids_across_versions():
    first = etree.fromstring(to_frab_xml(build_lpc_schedule(version="v1")))
    second = etree.fromstring(to_frab_xml(build_lpc_schedule(version="v2")))

    assert first.findtext("version") == "v1"
    assert [e.get("guid") for e in first.iter("event")] == [
        e.get("guid") for e in second.iter("event")
    ]
