import csv
import io
import json

import icalendar
import jsonschema
import pytest
import xmlschema
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import etree

from microconf.demo.builder import build_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    return build_demo()


def _get(client, path, **headers):
    return client.get(path, headers=headers)


def test_schedule_xml_of_the_demo_is_valid_against_the_c3voc_xsd(
    client, demo, shared_dir
):
    schema = xmlschema.XMLSchema(shared_dir / "schemas" / "c3voc" / "schedule.xml.xsd")

    body = _get(client, "/lpc2023/schedule.xml").content

    assert list(schema.iter_errors(body.decode())) == []
    events = etree.fromstring(body).findall(".//event")
    assert len(events) == demo.contributions.filter(start__isnull=False).count()


def test_schedule_json_of_the_demo_is_valid_against_the_c3voc_schema(
    client, demo, shared_dir
):
    schema = json.loads(
        (shared_dir / "schemas" / "c3voc" / "schedule.schema.json").read_text()
    )

    document = _get(client, "/lpc2023/schedule.json").json()

    validator = jsonschema.Draft6Validator(
        schema, format_checker=jsonschema.Draft6Validator.FORMAT_CHECKER
    )
    assert [e.message for e in validator.iter_errors(document)] == []
    assert document["schedule"]["conference"]["time_zone_name"] == "America/New_York"


def test_ical_and_csv_carry_every_scheduled_session(client, demo):
    scheduled = demo.contributions.filter(start__isnull=False).count()

    calendar = icalendar.Calendar.from_ical(
        _get(client, "/lpc2023/schedule.ics").content
    )
    rows = list(
        csv.reader(io.StringIO(_get(client, "/lpc2023/schedule.csv").content.decode()))
    )

    assert len(calendar.walk("VEVENT")) == scheduled
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "America/New_York"
    assert len(rows) == scheduled + 1


def test_a_track_calendar_holds_only_that_track(client, demo):
    calendar = icalendar.Calendar.from_ical(
        _get(client, "/lpc2023/tracks/rust/schedule.ics").content
    )

    rust = demo.contributions.filter(track__slug="rust", start__isnull=False).count()
    assert len(calendar.walk("VEVENT")) == rust


def test_unchanged_exports_answer_304_and_guids_survive_a_change(client, demo):
    first = _get(client, "/lpc2023/schedule.xml")
    again = _get(client, "/lpc2023/schedule.xml", If_None_Match=first["ETag"])
    talk = demo.contributions.filter(start__isnull=False).first()
    talk.title = "Renamed talk"
    talk.save()
    changed = _get(client, "/lpc2023/schedule.xml", If_None_Match=first["ETag"])

    def guid(body: bytes) -> str:
        event = etree.fromstring(body).find(f".//event[@id='{talk.pk}']")
        return event.get("guid")

    assert again.status_code == 304
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]
    assert guid(changed.content) == guid(first.content)
    assert b"Renamed talk" in changed.content


def test_an_unknown_format_is_not_found(client, demo):
    assert _get(client, "/lpc2023/schedule.pdf").status_code == 404


def test_ical_uids_are_the_same_after_a_change(client, demo):
    def uids() -> set[str]:
        body = _get(client, "/lpc2023/schedule.ics").content
        return {
            str(e["UID"]) for e in icalendar.Calendar.from_ical(body).walk("VEVENT")
        }

    before = uids()
    talk = demo.contributions.filter(start__isnull=False).first()
    talk.title = "Renamed again"
    talk.save()

    assert uids() == before


def test_a_conditional_request_is_answered_without_rendering(client, demo):
    first = _get(client, "/lpc2023/schedule.json")
    with CaptureQueriesContext(connection) as queries:
        again = _get(client, "/lpc2023/schedule.json", If_None_Match=first["ETag"])
    with CaptureQueriesContext(connection) as cached:
        plain = _get(client, "/lpc2023/schedule.json")

    assert again.status_code == 304
    assert len(queries) == 1  # the programme version, nothing rendered
    assert (plain.status_code, len(cached)) == (200, 1)  # served from the cache
