"""A conference moved out and back in keeps every identity apps hold on to.

The demo's schedule.xml and schedule.json are imported into an emptied database
and exported again: every event, person and room keeps its guid, and every event
its local start, offset, type, room, track and speakers.
"""

import json
import uuid

import pytest
from django.core.management import call_command
from lxml import etree

from microconf.cfp.models import Contribution
from microconf.conference.models import Room
from microconf.demo.builder import build_demo
from microconf.exchange.imports import import_conference
from microconf.interchange import detect_and_import
from microconf.people.models import Person

# flush empties the database as a fresh site would be; PostgreSQL refuses it
# inside a test transaction.
pytestmark = pytest.mark.django_db(transaction=True)


def _xml_view(body: bytes) -> tuple[dict, dict]:
    root = etree.fromstring(body)
    rooms = {r.get("name"): r.get("guid") for r in root.iterfind("day/room")}
    events = {
        e.get("guid"): (
            e.findtext("date"), e.findtext("start"), e.findtext("type"),
            e.findtext("room"), e.findtext("track"),
            tuple((p.text, p.get("guid")) for p in e.iterfind("persons/person")),
        )
        for e in root.iterfind("day/room/event")
    }  # fmt: skip
    return rooms, events


def _json_view(body: bytes) -> tuple[dict, dict]:
    conference = json.loads(body)["schedule"]["conference"]
    rooms = {r["name"]: r["guid"] for r in conference["rooms"]}
    events = {
        e["guid"]: (
            e["date"], e["start"], e["type"], e["room"], e["track"],
            tuple((p["public_name"], p["guid"]) for p in e["persons"]),
        )
        for day in conference["days"]
        for room_events in day["rooms"].values()
        for e in room_events
    }  # fmt: skip
    return rooms, events


def _empty_database() -> None:
    # As a fresh database of another site would be.
    call_command("flush", interactive=False, verbosity=0)


@pytest.mark.parametrize(
    ("name", "view"), [("xml", _xml_view), ("json", _json_view)]
)  # fmt: skip
def test_the_demo_comes_back_with_every_guid_and_time(client, name, view):
    build_demo()
    exported = client.get(f"/lpc2023/schedule.{name}").content
    rooms, events = view(exported)
    _empty_database()

    imported = detect_and_import(exported, f"schedule.{name}")
    import_conference(imported, slug="lpc2023")
    again = client.get(f"/lpc2023/schedule.{name}").content

    assert len(events) == Contribution.objects.count() > 100
    assert view(again) == (rooms, events)
    speakers = {guid for event in events.values() for _, guid in event[5]}
    assert set(Person.objects.values_list("guid", flat=True)) == {
        uuid.UUID(g) for g in speakers
    }


def test_two_conferences_from_one_file_share_no_guid(client):
    build_demo()
    exported = client.get("/lpc2023/schedule.xml").content
    _empty_database()

    first = import_conference(detect_and_import(exported), slug="first")
    second = import_conference(detect_and_import(exported), slug="second")

    def guids(conference):
        contributions = Contribution.objects.filter(conference=conference.conference)
        return (
            set(contributions.values_list("guid", flat=True)),
            set(Room.objects.filter(conference=conference.conference)
                .values_list("guid", flat=True)),
            set(Person.objects.filter(authorships__contribution__in=contributions)
                .values_list("guid", flat=True)),
        )  # fmt: skip

    for mine, theirs in zip(guids(first), guids(second), strict=True):
        assert mine
        assert theirs
        assert not mine & theirs
    assert first.conference.guid != second.conference.guid
    assert any("Kept apart:" in line and "event guids" in line
               for line in second.lines())  # fmt: skip
    assert not any("Kept apart:" in line for line in first.lines())
