"""Indico sessions and timetable forms, which the real XDC file does not use."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from microconf.interchange import detect_and_import, from_indico_json


def moment(day: str, clock: str, tz: str = "Europe/Zurich") -> dict:
    return {"date": day, "time": clock, "tz": tz}


def contribution(friendly_id: int, title: str, **changes) -> dict:
    return {
        "_type": "Contribution",
        "id": str(friendly_id),
        "friendly_id": friendly_id,
        "db_id": 1000 + friendly_id,
        "title": title,
        "startDate": moment("2023-11-13", "16:00:00"),
        "endDate": moment("2023-11-13", "16:30:00"),
        "duration": 30,
        "room": "",
        "track": None,
        "session": None,
        "type": "Talk",
        "description": "<p>About it</p>",
        "speakers": [
            {
                "first_name": "Ada",
                "last_name": "Lovelace",
                "fullName": "Lovelace, Ada",
                "emailHash": "0" * 32,
                "person_id": 7,
            }
        ],
        "primaryauthors": [],
    } | changes


SESSIONS_EXPORT = {
    "_type": "HTTPAPIResult",
    "count": 1,
    "results": [
        {
            "_type": "Conference",
            "id": "17",
            "title": "Linux Plumbers Conference 2023",
            "timezone": "America/New_York",
            "url": "https://indico.example.org/event/17/",
            "startDate": moment("2023-11-13", "14:00:00"),
            "endDate": moment("2023-11-15", "23:00:00"),
            "contributions": [contribution(1, "Keynote", room="Main Hall")],
            "sessions": [
                {
                    "_type": "SessionSlot",
                    "room": "Salon 2",
                    "startDate": moment("2023-11-13", "16:00:00"),
                    "session": {"title": "Rust MC", "color": "#E40429"},
                    "contributions": [
                        contribution(
                            2,
                            "Rust for Linux",
                            startDate=moment("2023-11-13", "17:00:00"),
                        ),
                        contribution(3, "Unscheduled idea", startDate=None),
                    ],
                }
            ],
        }
    ],
}


def test_sessions_become_tracks_and_slot_rooms_fill_empty_rooms():
    result = from_indico_json(json.dumps(SESSIONS_EXPORT).encode())
    events = {e.title: e for e in result.schedule.events}

    assert sorted(events) == ["Keynote", "Rust for Linux"]
    assert events["Rust for Linux"].track == "Rust MC"
    assert events["Rust for Linux"].room == "Salon 2"
    assert events["Keynote"].room == "Main Hall"
    assert [t.color for t in result.schedule.tracks] == ["#e40429"]
    assert result.report.skipped == 1
    assert "contribution-unscheduled" in result.report.codes()


def test_render_timezone_is_converted_and_reported():
    result = from_indico_json(SESSIONS_EXPORT)
    keynote = next(e for e in result.schedule.events if e.title == "Keynote")

    # 16:00 Europe/Zurich (the render zone) is 15:00 UTC, 10:00 in New York.
    assert keynote.start == datetime(2023, 11, 13, 15, 0, tzinfo=UTC)
    assert result.schedule.timezone == "America/New_York"
    assert "indico-render-timezone" in result.report.codes()
    assert keynote.persons[0].name == "Ada Lovelace"
    assert keynote.abstract == "<p>About it</p>"


def test_timetable_form_reads_sessions_and_skips_breaks():
    document = {
        "_type": "HTTPAPIResult",
        "results": {
            "17": {
                "20231113": {
                    "s1": {
                        "entryType": "Session",
                        "title": "Real-time MC",
                        "room": "Salon 1",
                        "entries": {
                            "c0": {
                                "_type": "ContribSchEntry",
                                "entryType": "Contribution",
                                "title": "PREEMPT_RT",
                                "id": "c0",
                                "contributionId": "0",
                                "uniqueId": "a17t0",
                                "startDate": moment("2023-11-13", "10:00:00", "UTC"),
                                "endDate": moment("2023-11-13", "10:45:00", "UTC"),
                                "room": "",
                                "presenters": [{"name": "Tom G", "emailHash": "x"}],
                            }
                        },
                    },
                    "b1": {"entryType": "Break", "title": "Coffee"},
                }
            }
        },
    }

    result = detect_and_import(json.dumps(document).encode(), "timetable.json")
    (event,) = result.schedule.events

    assert result.report.source_format == "indico/timetable"
    assert (event.title, event.track, event.room, event.duration) == (
        "PREEMPT_RT",
        "Real-time MC",
        "Salon 1",
        45,
    )
    assert [p.name for p in event.persons] == ["Tom G"]
    assert event.id == 1
    assert {"timetable-breaks-skipped", "event-id-assigned"} <= result.report.codes()


def test_contribution_listed_twice_is_imported_once():
    document = json.loads(json.dumps(SESSIONS_EXPORT))
    event = document["results"][0]
    event["contributions"].append(contribution(2, "Rust for Linux"))

    result = from_indico_json(document)

    assert sorted(e.title for e in result.schedule.events) == [
        "Keynote",
        "Rust for Linux",
    ]
