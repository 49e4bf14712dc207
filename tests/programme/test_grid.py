"""Placing a day on the grid: plain functions over unsaved objects, no database."""

from pathlib import Path

from microconf.programme import grid
from microconf.scheduling.timetable import lay_out_day
from tests.programme.test_timetable import (
    DAY,
    MC,
    ROOM_A,
    ROOM_B,
    TALKS,
    UTC,
    _session,
)

STYLESHEET = Path(grid.__file__).parent / "static" / "microconf" / "timetable-grid.css"


def _grid(sessions, rooms=(ROOM_A, ROOM_B)):
    return grid.grid_of(lay_out_day(DAY, sessions, list(rooms), UTC), UTC, list(rooms))


def _blocks(placed):
    return {b.block.items[0].title: b for b in placed.blocks}


def test_rows_are_five_minutes_so_heights_follow_time():
    placed = _grid(
        [
            _session("A1", TALKS, ROOM_A, 10, minutes=60, kind="talk"),
            _session("B1", TALKS, ROOM_B, 10, 20, minutes=15, kind="talk"),
        ]
    )

    blocks = _blocks(placed)
    assert placed.unit == 5
    assert (blocks["A1"].row, blocks["A1"].end_row) == (2, 14)
    assert (blocks["B1"].row, blocks["B1"].end_row) == (6, 9)
    assert (blocks["A1"].column, blocks["B1"].column) == (2, 3)


def test_topics_sit_at_their_own_start_inside_their_block():
    placed = _grid(
        [
            _session("One", MC, ROOM_A, 10, minutes=35),
            _session("Two", MC, ROOM_A, 10, 35, minutes=40),
        ]
    )

    (block,) = placed.blocks
    assert [(i.row, i.end_row) for i in block.items] == [(1, 8), (8, 16)]
    assert block.rows == 15


def test_a_long_break_is_drawn_shorter_and_a_short_one_to_scale():
    placed = _grid(
        [
            _session("Morning", TALKS, ROOM_A, 10, minutes=30, kind="talk"),
            _session("Coffee after", TALKS, ROOM_A, 10, 45, minutes=30, kind="talk"),
            _session("Afternoon", TALKS, ROOM_A, 14, minutes=30, kind="talk"),
        ]
    )

    blocks = _blocks(placed)
    breaks = [e.item for e in placed.entries if e.kind == "break"]
    assert [(b.row, b.end_row) for b in breaks] == [(8, 11), (17, 23)]
    assert blocks["Coffee after"].row == 11
    assert blocks["Afternoon"].row == 23  # 3 h 15 min drawn as 30 min


def test_minutes_off_the_five_minute_steps_get_one_minute_rows():
    placed = _grid(
        [
            _session("A", TALKS, ROOM_A, 10, minutes=30, kind="talk"),
            _session("B", TALKS, ROOM_B, 10, 2, minutes=30, kind="talk"),
        ]
    )

    blocks = _blocks(placed)
    assert placed.unit == 1
    assert blocks["B"].row - blocks["A"].row == 2


def test_every_room_is_a_column_and_tracks_get_distinct_colours():
    placed = _grid(
        [
            _session("Topic", MC, ROOM_B, 10),
            _session("Talk", TALKS, ROOM_B, 11, kind="talk"),
        ]
    )

    assert [r.name for r in placed.rooms] == ["A", "B"]
    assert [t.track.name for t in placed.legend] == ["Refereed", "Rust MC"]
    assert len({t.colour for t in placed.legend}) == 2


def test_reading_order_is_time_then_room():
    placed = _grid(
        [
            _session("Later", TALKS, ROOM_A, 11, kind="talk"),
            _session("B early", TALKS, ROOM_B, 10, kind="talk"),
            _session("A early", TALKS, ROOM_A, 10, kind="talk"),
        ]
    )

    order = [e.item.block.items[0].title for e in placed.entries if e.kind == "block"]
    assert order == ["A early", "B early", "Later"]
    starts = [e.item for e in placed.entries if e.kind == "time" and e.item.starts]
    assert [t.moment.hour for t in starts] == [10, 11]


def test_an_empty_day_has_nothing_to_place():
    placed = _grid([])

    assert placed.entries == []


def test_the_stylesheet_of_positions_is_the_one_grid_css_writes():
    assert STYLESHEET.read_text() == grid.grid_css()
