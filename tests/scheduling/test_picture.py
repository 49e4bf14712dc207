from microconf.scheduling.picture import clashes, panels
from microconf.scheduling.solver.model import (
    Day,
    Grid,
    Kind,
    Placement,
    Problem,
    Room,
    Session,
)


def _problem() -> Problem:
    return Problem(
        grid=Grid(
            days=(
                Day(index=0, date="2023-11-13", start=540, end=720),
                Day(index=1, date="2023-11-14", start=540, end=720),
            ),
            slot_minutes=30,
        ),
        rooms=(Room(id="r1", capacity=10), Room(id="r2", capacity=10)),
        sessions=(
            Session(id="a", kind=Kind.TALK, duration=60, interested=(0, 1, 2)),
            Session(id="b", kind=Kind.TALK, duration=60, interested=(1, 2)),
            Session(id="c", kind=Kind.TALK, duration=30, interested=(0, 2)),
            Session(id="d", kind=Kind.TALK, duration=30, interested=(0,)),
        ),
        attendee_count=3,
    )


ASSIGNMENT = {
    "a": Placement(room="r1", day=0, start=540),
    "b": Placement(room="r2", day=0, start=570),  # overlaps a from 09:30
    "c": Placement(room="r2", day=0, start=630),  # after both
    "d": Placement(room="r1", day=1, start=540),  # another day
}


def test_clashes_are_overlapping_pairs_with_shared_interest():
    assert clashes(_problem(), ASSIGNMENT) == [(2, "a", "b")]


def test_each_day_gets_its_bars_clashes_and_live_conflicts():
    first, second = panels(
        _problem(), ASSIGNMENT, {"a": "A", "b": "B"}, {"r1": "One", "r2": "Two"}
    )

    assert (first.label, first.total, second.total) == ("Monday 13 November", 2, 0)
    assert [(c.first, c.second, c.shared, c.when) for c in first.clashes] == [
        ("A", "B", 2, "09:30")
    ]
    shades = {bar.unit_id: bar.shade for bar in first.bars}
    assert shades == {"a": 4, "b": 4, "c": 0}
    live = {c.when: c.value for c in first.columns}
    assert live == {
        "09:00": 0,
        "09:30": 2,
        "10:00": 0,
        "10:30": 0,
        "11:00": 0,
        "11:30": 0,
    }
    assert [lane for lane, _ in first.lanes] == ["One", "Two"]
