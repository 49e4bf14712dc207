"""microconf's schedule.json survives c3voc's JSON → XML conversion valid (issue 20).

The conversion is c3voc's (tests/interchange/c3voc_conversion.py states its
rules); the check is c3voc's XSD, read from the shared schemas.
"""

from __future__ import annotations

import json
import re
from functools import cache

import xmlschema
from lxml import etree

from microconf.interchange import to_frab_json, to_frab_xml
from tests.interchange.c3voc_conversion import c3voc_json_to_xml
from tests.interchange.conftest import SCHEMAS


@cache
def xsd() -> xmlschema.XMLSchema10:
    return xmlschema.XMLSchema10(SCHEMAS / "schedule.xml.xsd")


def _errors(xml: bytes) -> list[str]:
    return [f"{e.path}: {e.reason}" for e in xsd().iter_errors(xml.decode())]


def _events(xml: bytes) -> list[tuple[str, str, str]]:
    return sorted(
        (e.get("guid"), e.get("id"), e.findtext("title"))
        for e in etree.fromstring(xml).iter("event")
    )


def test_our_json_converted_by_c3voc_is_valid_against_the_xsd(lpc_schedule):
    converted = c3voc_json_to_xml(json.loads(to_frab_json(lpc_schedule)))

    assert _errors(converted) == []


def test_the_conversion_keeps_every_event_as_our_own_xml_has_it(lpc_schedule):
    converted = c3voc_json_to_xml(json.loads(to_frab_json(lpc_schedule)))
    ours = to_frab_xml(lpc_schedule)

    assert len(_events(converted)) == len(lpc_schedule.events)
    assert _events(converted) == _events(ours)
    root = etree.fromstring(converted)
    assert [t.get("name") for t in root.iterfind("conference/track")] == [
        t.name for t in lpc_schedule.tracks
    ]
    assert root.findtext("conference/base_url") == lpc_schedule.base_url


def test_keys_the_converter_cannot_place_would_fail_the_xsd(lpc_schedule):
    # Why schedule.json leaves out an event's end and code and a link's type:
    # the converter writes them as elements the XSD has no place for.
    document = json.loads(to_frab_json(lpc_schedule))
    day = document["schedule"]["conference"]["days"][0]
    event = next(e for room in day["rooms"].values() for e in room if e["links"])
    event |= {"end": "2023-11-04T10:00:00-04:00", "code": "ABC123"}
    event["links"][0]["type"] = "slides"

    errors = [
        re.sub(r" at position \d+", "", e) for e in _errors(c3voc_json_to_xml(document))
    ]

    event_path = "/schedule/day[1]/room[1]/event[1]"
    assert sorted(errors) == [
        f"{event_path}/links/link: a simple content element can't have child elements",
        f"{event_path}: Unexpected child with tag 'code'.",
        f"{event_path}: Unexpected child with tag 'end'.",
    ]


def test_the_conversion_follows_the_converters_naming_rules():
    document = {
        "$schema": "dropped",
        "schedule": {
            "version": "1",
            "base_url": "https://example.org/",
            "conference": {
                "acronym": "demo", "daysCount": 1, "rooms": [{"name": "A"}],
                "tracks": [{"name": "Kernel", "slug": "kernel"}],
                "days": [{"index": 1, "date": "2023-11-13",
                          "day_start": "2023-11-13T09:00:00-05:00", "rooms": {"A": [{
                    "guid": "g", "id": 7, "url": "https://example.org/7",
                    "recording_license": "CC0", "do_not_record": False,
                    "persons": [{"id": 3, "public_name": "Ann", "code": "X"}],
                    "links": [{"url": "https://example.org/s", "title": "Slides"}],
                }]}}],
            },
        },
    }  # fmt: skip

    root = etree.fromstring(c3voc_json_to_xml(document))

    assert [child.tag for child in root] == ["version", "conference", "day"]
    assert [c.tag for c in root.find("conference")] == [
        "acronym", "days", "track", "base_url"
    ]  # fmt: skip
    assert root.find("conference/track").attrib == {"name": "Kernel", "slug": "kernel"}
    day = root.find("day")
    assert dict(day.attrib) == {
        "index": "1", "date": "2023-11-13", "start": "2023-11-13T09:00:00-05:00"
    }  # fmt: skip
    event = day.find("room[@name='A']/event")
    assert dict(event.attrib) == {"guid": "g", "id": "7"}
    assert event.findtext("url") == "https://example.org/7"
    assert event.findtext("recording/license") == "CC0"
    assert event.findtext("recording/optout") == "false"
    person = event.find("persons/person")
    assert (person.text, dict(person.attrib)) == ("Ann", {"id": "3"})
    link = event.find("links/link")
    assert (link.text, dict(link.attrib)) == (
        "Slides",
        {"href": "https://example.org/s"},
    )
