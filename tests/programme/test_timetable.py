"""The day layout as plain functions over unsaved objects: no database."""

import datetime as dt

from microconf.cfp.models import Contribution
from microconf.conference.models import Room, Track
from microconf.scheduling.timetable import blocks_of, lay_out_day

UTC = dt.UTC
DAY = dt.date(2023, 11, 13)
MC = Track(id=1, name="Rust MC", kind=Track.Kind.MICROCONFERENCE)
OTHER_MC = Track(id=2, name="BPF MC", kind=Track.Kind.MICROCONFERENCE)
TALKS = Track(id=3, name="Refereed", kind=Track.Kind.REFEREED)
ROOM_A, ROOM_B = Room(id=1, name="A", position=0), Room(id=2, name="B", position=1)


def _session(title, track, room, hour, minute=0, minutes=30, kind="topic", day=13):
    return Contribution(
        title=title, track=track, room=room, duration=minutes, kind=kind,
        start=dt.datetime(2023, 11, day, hour, minute, tzinfo=UTC),
    )  # fmt: skip


def test_consecutive_topics_of_one_microconference_form_one_block():
    blocks = blocks_of(
        [
            _session("One", MC, ROOM_A, 10),
            _session("Two", MC, ROOM_A, 10, 30),
            _session("Three", OTHER_MC, ROOM_A, 11),
        ]
    )

    assert [[c.title for c in b.items] for b in blocks] == [["One", "Two"], ["Three"]]
    assert blocks[0].end == dt.datetime(2023, 11, 13, 11, tzinfo=UTC)


def test_a_gap_or_a_talk_ends_a_microconference_block():
    blocks = blocks_of(
        [
            _session("One", MC, ROOM_A, 10),
            _session("After a gap", MC, ROOM_A, 11),
            _session("Talk", TALKS, ROOM_A, 11, 30, kind="talk"),
            _session("Talk two", TALKS, ROOM_A, 12, kind="talk"),
        ]
    )

    assert [len(b.items) for b in blocks] == [1, 1, 1, 1]


def test_overlapping_sessions_in_one_room_share_a_block_to_keep_the_table_whole():
    blocks = blocks_of(
        [
            _session("Long", TALKS, ROOM_A, 10, minutes=90, kind="talk"),
            _session("Clash", TALKS, ROOM_A, 10, 30, kind="talk"),
        ]
    )

    assert len(blocks) == 1


def test_rows_span_boundaries_and_free_time_in_every_room_is_a_break():
    day = lay_out_day(
        DAY,
        [
            _session("A1", TALKS, ROOM_A, 10, minutes=60, kind="talk"),
            _session("B1", TALKS, ROOM_B, 10, minutes=30, kind="talk"),
            _session("A2", TALKS, ROOM_A, 12, minutes=30, kind="talk"),
        ],
        [ROOM_A, ROOM_B],
        UTC,
    )

    starts = [(r.start.time().isoformat("minutes"), r.is_break) for r in day.rows]
    assert starts == [("10:00", False), ("10:30", False), ("11:00", True),
                      ("12:00", False)]  # fmt: skip
    first = day.rows[0].cells
    assert [c.block.items[0].title for c in first] == ["A1", "B1"]
    assert [c.rowspan for c in first] == [2, 1]
    assert day.rows[1].cells[0] is None  # A1 spans it
    assert day.rows[1].cells[1].block is None  # room B is free


def test_only_the_days_sessions_and_the_rooms_in_use_are_laid_out():
    day = lay_out_day(
        DAY,
        [
            _session("Today", TALKS, ROOM_B, 10, kind="talk"),
            _session("Tomorrow", TALKS, ROOM_A, 10, kind="talk", day=14),
        ],
        [ROOM_A, ROOM_B],
        UTC,
    )

    assert [room.name for room in day.rooms] == ["B"]
    assert [b.items[0].title for b in day.blocks] == ["Today"]
