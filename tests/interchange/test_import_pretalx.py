"""pretalx's API exports, each shape on a small file written in it.

The shapes follow pretalx's serializers and API docs: submissions (API v1
with `slots`, legacy with `slot`), talk slots, schedules and the schedule
widget's data; pages, lists of pages and bare lists; multilingual or plain
names; references as ids, codes or expanded objects.
"""

import json

import pytest

from microconf.interchange import (
    ImportOptions,
    InterchangeError,
    detect_and_import,
    from_indico_json,
)
from microconf.interchange.import_pretalx import from_pretalx_api, is_pretalx_api

from .conftest import REALDATA

ROOM = {"id": 2, "name": {"en": "Hall A", "de": "Saal A"},
        "guid": "0e3f0d2a-6a59-4f51-9b63-0c5b8b0d2d11"}  # fmt: skip


def _submission(code, title, *, state="confirmed", slots=None, **fields):
    submission = {
        "code": code, "title": title, "state": state, "abstract": "An abstract.",
        "description": None, "duration": 30, "content_locale": "en",
        "do_not_record": False, "speakers": [], "submission_type": None,
        "track": None, "tags": [], "resources": [], "answers": [],
        "slots": [] if slots is None else slots,
    }  # fmt: skip
    return submission | fields


def _slot(slot_id, start, end, room=ROOM):
    return {"id": slot_id, "room": room, "start": start, "end": end,
            "description": None, "duration": None}  # fmt: skip


def _page(results, *, count=None, next_url=None):
    return {"count": len(results) if count is None else count, "next": next_url,
            "previous": None, "results": results}  # fmt: skip


def _bytes(document):
    return json.dumps(document).encode()


def _message(result, code):
    return next(a.message for a in result.report.assumptions if a.code == code)


def _expanded_page():
    return _page(
        [
            _submission(
                "ABCDEF", {"en": "Opening", "de": "Eröffnung"},
                speakers=[{"code": "SPKONE", "name": "Ann Example", "biography": "Hi"}],
                submission_type={"id": 1, "name": {"en": "Birds of a feather"},
                                 "default_duration": 30},
                track={"id": 4, "name": {"en": "Kernel"}, "color": "#AA0000"},
                do_not_record=True,
                slots=[_slot(77, "2025-06-01T10:00:00+02:00",
                             "2025-06-01T10:45:00+02:00")],
                resources=[{"id": 1, "resource": "https://example.org/slides.pdf",
                            "description": "Slides", "is_public": True}],
            ),
            _submission(
                "GHIJKL", "Rust in the kernel",
                speakers=[{"code": "SPKONE", "name": "Ann Example"},
                          {"code": "SPKTWO", "name": "Bo Beispiel"}],
                submission_type={"id": 3, "name": {"en": "Lightning talk"}},
                slots=[_slot(78, "2025-06-02T11:00:00+02:00",
                             "2025-06-02T11:20:00+02:00")],
            ),
            _submission("MNOPQR", "Turned down", state="rejected"),
            _submission("STUVWX", "Not yet placed", state="accepted"),
        ],
        next_url=None,
    )  # fmt: skip


def test_an_expanded_submissions_page_is_pretalx_not_indico():
    result = detect_and_import(_bytes(_expanded_page()), "submissions.json")
    opening, rust = result.schedule.events

    assert result.report.source_format == "pretalx-api/submissions"
    assert result.report.file_counts["events"] == 4
    assert len(result.schedule.events) + len(result.report.skipped_events) == 4
    assert "2 scheduled slots became events" in _message(result, "pretalx-api")
    assert (opening.id, opening.code, opening.title) == (77, "ABCDEF", "Opening")
    assert (opening.room, opening.type, opening.track) == (
        "Hall A", "Birds of a feather", "Kernel",
    )  # fmt: skip
    assert opening.duration == 45
    assert opening.recording.optout
    assert opening.start.isoformat() == "2025-06-01T08:00:00+00:00"
    assert [(p.name, p.code, p.biography) for p in opening.persons] == [
        ("Ann Example", "SPKONE", "Hi")
    ]
    assert opening.links[0].url == "https://example.org/slides.pdf"
    assert [p.name for p in rust.persons] == ["Ann Example", "Bo Beispiel"]
    assert rust.type == "Lightning talk"
    assert str(result.schedule.rooms[0].guid) == ROOM["guid"]
    assert result.schedule.tracks[0].color == "#aa0000"
    assert dict(result.report.skipped_events) == {
        "Turned down": "its pretalx state is 'rejected'",
        "Not yet placed": "it has no slot on the schedule",
    }
    assert "took the English text" in _message(result, "pretalx-multilingual")


def test_the_same_export_gives_the_same_guids_and_speakers_are_one_person():
    first = detect_and_import(_bytes(_expanded_page()), "a.json").schedule
    second = detect_and_import(_bytes(_expanded_page()), "b.json").schedule

    assert [e.guid for e in first.events] == [e.guid for e in second.events]
    assert len({e.guid for e in first.events}) == 2
    assert first.events[0].persons[0].guid == first.events[1].persons[0].guid


def test_a_bare_list_of_legacy_talks_with_one_slot_each():
    # pretalx's legacy API: "slot" with the room's (multilingual) name,
    # submission_type and track as names, times in UTC with "Z".
    talks = [
        {"code": "ABCDE", "title": "A talk", "state": "confirmed",
         "speakers": [{"name": "Jane", "code": "DEFAB", "biography": "",
                       "avatar": None}],
         "submission_type": {"en": "Keynote"}, "submission_type_id": 1,
         "track": "Security", "track_id": 2, "duration": 30,
         "slot": {"room_id": 3, "room": {"en": "R101"},
                  "start": "2017-12-27T10:00:00Z", "end": "2017-12-27T10:30:00Z"}},
        {"code": "FGHIJ", "title": "Unplaced", "state": "confirmed",
         "speakers": [], "submission_type": "Talk", "slot": None},
    ]  # fmt: skip

    result = detect_and_import(_bytes(talks), "talks.json")
    (event,) = result.schedule.events

    assert result.report.source_format == "pretalx-api/submissions"
    assert result.report.file_counts["events"] == 2
    assert (event.title, event.room, event.type, event.track) == (
        "A talk", "R101", "Keynote", "Security",
    )  # fmt: skip
    assert event.start.isoformat() == "2017-12-27T10:00:00+00:00"
    assert result.schedule.timezone == "UTC"
    assert result.report.skipped_events == (
        ("Unplaced", "it has no slot on the schedule"),
    )


def test_references_by_id_and_code_nulls_and_numbers_as_strings():
    page = _page(
        [
            _submission(
                "KLMNOP", "Unexpanded", speakers=["CODE1", "CODE2"],
                submission_type=7, track="5", duration="45", abstract=None,
                slots=[{"id": "12", "room": 9, "start": "2024-03-01T09:00:00+01:00",
                        "end": None, "duration": None}],
            )
        ]
    )  # fmt: skip

    result = from_pretalx_api(_bytes(page))
    (event,) = result.schedule.events

    assert (event.id, event.room, event.track, event.type) == (
        12,
        "Room 9",
        "Track 5",
        "",
    )
    assert event.duration == 45
    assert event.abstract == ""
    assert [p.name for p in event.persons] == ["CODE1", "CODE2"]
    codes = result.report.codes()
    assert {"pretalx-rooms-by-id", "pretalx-tracks-by-id",
            "pretalx-submission-types-by-id",
            "pretalx-speakers-by-code"} <= codes  # fmt: skip
    assert "?expand=slots.room" in _message(result, "pretalx-rooms-by-id")


def test_slots_given_only_as_ids_fail_naming_every_submission():
    page = _page(
        [
            _submission("AAAAAA", "First", slots=[101]),
            _submission("BBBBBB", "Second", slots=[102, 103]),
        ]
    )

    with pytest.raises(InterchangeError) as error:
        detect_and_import(_bytes(page), "submissions.json")

    assert "2 entries give their slots only as ids" in str(error.value)
    assert "'First' (AAAAAA); 'Second' (BBBBBB)" in str(error.value)
    assert "?expand=slots" in str(error.value)


def test_a_submission_shown_twice_becomes_two_events_with_one_code():
    page = _page(
        [
            _submission(
                "TWICE1", "Workshop", submission_type={"id": 1, "name": "Workshop"},
                slots=[
                    _slot(6, "2024-05-06T14:00:00+00:00", "2024-05-06T16:00:00+00:00"),
                    _slot(5, "2024-05-05T14:00:00+00:00", "2024-05-05T16:00:00+00:00"),
                ],
            )
        ]
    )  # fmt: skip

    result = from_pretalx_api(page)
    first, second = result.schedule.events

    assert [e.id for e in (first, second)] == [5, 6]
    assert first.code == second.code == "TWICE1"
    assert first.guid != second.guid
    assert result.report.file_counts["days"] == 2


def test_a_list_of_pages_is_one_export_and_a_lone_page_of_many_says_so():
    first = _page(
        [_submission("PAGE01", "One",
                     slots=[_slot(1, "2024-01-01T10:00:00+00:00", None)])],
        count=2, next_url="https://pretalx.example.org/api/events/democon/submissions/?page=2",
    )  # fmt: skip
    second = _page(
        [_submission("PAGE02", "Two",
                     slots=[_slot(2, "2024-01-01T11:00:00+00:00", None)])],
        count=2,
    )  # fmt: skip

    both = detect_and_import(_bytes([first, second]), "pages.json")
    alone = detect_and_import(_bytes(first), "page1.json")

    assert [e.title for e in both.schedule.events] == ["One", "Two"]
    assert both.schedule.acronym == "democon"
    assert both.schedule.events[0].url == (
        "https://pretalx.example.org/democon/talk/PAGE01/"
    )
    assert "pretalx-page-partial" not in both.report.codes()
    assert len(alone.schedule.events) == 1
    assert "announces 2 entries but holds 1" in _message(alone, "pretalx-page-partial")


def test_talk_slots_with_codes_and_breaks():
    page = _page(
        [
            {"id": 10, "room": {"id": 1, "name": "Main"}, "submission": "XYZ123",
             "start": "2024-05-05T10:00:00+02:00", "end": "2024-05-05T11:00:00+02:00",
             "schedule": 4, "description": None, "duration": 60},
            {"id": 11, "room": {"id": 1, "name": "Main"}, "submission": None,
             "start": "2024-05-05T12:00:00+02:00", "end": "2024-05-05T13:00:00+02:00",
             "schedule": 4, "description": {"en": "Lunch"}, "duration": 60},
        ]
    )  # fmt: skip

    result = detect_and_import(_bytes(page), "slots.json")
    (event,) = result.schedule.events

    assert result.report.source_format == "pretalx-api/slots"
    assert (event.id, event.code, event.title) == (10, "XYZ123", "Submission XYZ123")
    assert "pretalx-title-by-code" in result.report.codes()
    assert result.report.skipped_events == (
        ("Lunch", "a break or other slot without a submission"),
    )


@pytest.mark.parametrize("legacy", [False, True], ids=["v1", "legacy"])
def test_a_schedule_with_its_breaks(legacy):
    talk = _submission(
        "SCHED1", "Scheduled", speakers=[{"code": "P1", "name": "Pe"}],
        submission_type={"id": 2, "name": {"en": "Workshop"}},
    )  # fmt: skip
    slot = _slot(10, "2024-05-05T10:00:00+02:00", "2024-05-05T11:30:00+02:00")
    if legacy:
        talk["slot"] = {"room": {"en": "Hall A"}, "room_id": 2,
                        "start": slot["start"], "end": slot["end"]}  # fmt: skip
        del talk["slots"]
        lunch = {
            "room": {"en": "Hall A"},
            "room_id": 2,
            "start": "2024-05-05T12:00:00+02:00",
            "end": "2024-05-05T13:00:00+02:00",
            "description": {"en": "Lunch"},
        }
        document = {"version": "1.0", "slots": [talk], "breaks": [lunch]}  # fmt: skip
    else:
        document = {"id": 4, "version": "1.0", "published": "2024-05-01T10:00:00Z",
                    "comment": None, "slots": [
                        slot | {"submission": talk},
                        {"id": 11, "room": 2, "start": "2024-05-05T12:00:00+02:00",
                         "end": "2024-05-05T13:00:00+02:00", "submission": None,
                         "description": {"en": "Lunch"}}]}  # fmt: skip

    result = detect_and_import(_bytes(document), "schedule.json")
    (event,) = result.schedule.events

    assert result.report.source_format == "pretalx-api/schedule"
    assert result.report.file_counts["events"] == 2
    assert (event.title, event.room, event.duration, event.type) == (
        "Scheduled", "Hall A", 90, "Workshop",
    )  # fmt: skip
    assert result.schedule.version == "1.0"
    assert result.report.skipped_events[0][0] == "Lunch"


def test_the_schedule_widget_data_with_its_tables():
    widget = {
        "talks": [
            {"code": "WIDGET", "id": 5, "title": "Hello", "abstract": "",
             "speakers": ["S1"], "track": 1, "start": "2024-03-01T09:00:00+01:00",
             "end": "2024-03-01T09:30:00+01:00", "room": 9, "duration": 30,
             "updated": "2024-02-01T00:00:00+01:00", "state": None,
             "do_not_record": None},
            {"id": 6, "title": {"en": "Lunch"}, "start": "2024-03-01T12:00:00+01:00",
             "end": "2024-03-01T13:00:00+01:00", "room": 9},
        ],
        "version": "1.0", "timezone": "Europe/Berlin",
        "event_start": "2024-03-01", "event_end": "2024-03-02",
        "tracks": [{"id": 1, "name": {"en": "Main"}, "color": "#00ff00"}],
        "rooms": [{"id": 9, "name": {"en": "Saal 1"}, "description": None}],
        "speakers": [{"code": "S1", "name": "Bo", "avatar": None}],
    }  # fmt: skip

    result = detect_and_import(_bytes(widget), "widget.json")
    (event,) = result.schedule.events

    assert result.report.source_format == "pretalx-api/widget"
    assert (event.id, event.room, event.track) == (5, "Saal 1", "Main")
    assert [p.name for p in event.persons] == ["Bo"]
    assert result.schedule.timezone == "Europe/Berlin"
    assert (str(result.schedule.start), str(result.schedule.end)) == (
        "2024-03-01", "2024-03-02",
    )  # fmt: skip
    assert len(result.report.skipped_events) == 1


def test_the_organiser_names_the_zone_of_a_pretalx_export():
    result = detect_and_import(
        _bytes(_expanded_page()),
        "s.json",
        options=ImportOptions(timezone="Europe/Paris"),
    )

    assert result.schedule.timezone == "Europe/Paris"
    assert "timezone-given" in result.report.codes()


@pytest.mark.parametrize(
    ("name", "source_format"),
    [
        ("xdc2021-indico-event-contributions.json", "indico/event"),
        ("democon-pretalx.schedule.json", "frab-json/pretalx"),
        ("camp2019-frab.schedule.json", "frab-json/frab"),
        ("38c3-hub-excerpt.schedule2.json", "frab-json/schedule2"),
    ],
)
def test_detection_leaves_indico_and_c3voc_json_alone(name, source_format):
    data = (REALDATA / name).read_bytes()

    assert not is_pretalx_api(json.loads(data))
    assert detect_and_import(data, name).report.source_format == source_format


def test_an_indico_export_without_its_envelope_type_is_still_indico():
    document = json.loads(
        (REALDATA / "xdc2021-indico-event-contributions.json").read_bytes()
    )
    document.pop("_type")

    assert not is_pretalx_api(document)
    assert detect_and_import(_bytes(document), "x.json").report.source_format == (
        from_indico_json(document).report.source_format
    )
