"""The demo's schedule.json, converted by c3voc's rules, is valid XML (issue 20)."""

import xmlschema
from lxml import etree

from microconf.demo.builder import build_demo
from tests.interchange.c3voc_conversion import c3voc_json_to_xml


def test_the_demos_schedule_json_converts_to_valid_c3voc_xml(client, db, shared_dir):
    conference = build_demo()
    schema = xmlschema.XMLSchema10(
        shared_dir / "schemas" / "c3voc" / "schedule.xml.xsd"
    )

    converted = c3voc_json_to_xml(client.get("/lpc2023/schedule.json").json())
    served = client.get("/lpc2023/schedule.xml").content

    assert [e.reason for e in schema.iter_errors(converted.decode())] == []
    guids = [
        sorted(e.get("guid") for e in etree.fromstring(xml).iter("event"))
        for xml in (converted, served)
    ]
    assert guids[0] == guids[1]
    assert len(guids[0]) == conference.contributions.filter(start__isnull=False).count()
