"""The solver answers valid schedules, keeps pins, and explains impossible ones."""

import pytest

from microconf.scheduling.solver import check
from microconf.scheduling.solver.model import (
    Break,
    Placement,
    Status,
    TimeWindow,
    Weights,
)
from microconf.scheduling.solver.solve import solve
from tests.scheduling.solver.conftest import problem, room, session

VIDEO = frozenset({"video"})


def solved(p, **kwargs):
    solution = solve(p, time_limit_s=kwargs.pop("time_limit_s", 1.0), **kwargs)
    assert solution.status in (Status.OPTIMAL, Status.FEASIBLE)
    assert check.violations(p, solution.assignment) == []
    return solution


def test_room_holds_one_session_at_a_time():
    p = problem([session("A", 60), session("B", 60)])
    solved(p)


def test_room_time_too_short_is_explained():
    p = problem([session("A", 60), session("B", 60), session("C", 60)])
    solution = solve(p, time_limit_s=1.0)
    assert solution.status == Status.INFEASIBLE
    assert solution.assignment == {}
    assert solution.explanation == (
        "3 sessions need a room in day 0 morning (09:00-11:00) for 180 minutes in "
        "total; the only one is free for 120 minutes there.",
    )


def test_person_is_in_one_place_at_a_time():
    p = problem(
        [session("A", 60, people=("ann",)), session("B", 60, people=("ann",))],
        [room("R1"), room("R2")],
    )
    solved(p)


def test_overloaded_person_is_explained():
    p = problem(
        [session(s, 60, people=("ann",)) for s in "ABC"],
        [room("R1"), room("R2"), room("R3")],
    )
    solution = solve(p, time_limit_s=1.0)
    assert solution.status == Status.INFEASIBLE
    assert solution.explanation == (
        "Person ann's sessions need 180 minutes but ann is available 120.",
    )


def test_required_feature_is_respected():
    p = problem(
        [session("A", features=VIDEO)], [room("R1"), room("R2", features=VIDEO)]
    )
    assert solved(p).assignment["A"].room == "R2"


def test_feature_no_room_has_is_explained():
    p = problem(
        [session("X", features=frozenset({"hybrid"}))], [room("R1", features=VIDEO)]
    )
    solution = solve(p, time_limit_s=1.0)
    assert solution.status == Status.INFEASIBLE
    assert solution.explanation == (
        "Session X needs feature 'hybrid', which no room has.",
    )


def test_video_room_shortage_is_explained():
    p = problem(
        [session(s, 60, features=VIDEO) for s in "ABC"],
        [room("R1", features=VIDEO), room("R2")],
    )
    solution = solve(p, time_limit_s=1.0)
    assert solution.status == Status.INFEASIBLE
    assert solution.explanation == (
        "3 sessions need a room with feature 'video' in day 0 morning (09:00-11:00) "
        "for 180 minutes in total; the only one is free for 120 minutes there.",
    )


def test_availability_window_is_respected():
    window = TimeWindow(day=1, start=600, end=660)
    p = problem([session("A", availability=(window,)), session("B")], days=2)
    placement = solved(p).assignment["A"]
    assert (placement.day, placement.start >= 600) == (1, True)


def test_availability_too_short_is_explained():
    window = TimeWindow(day=0, start=600, end=630)
    p = problem([session("A", 60, availability=(window,))])
    solution = solve(p, time_limit_s=1.0)
    assert solution.status == Status.INFEASIBLE
    assert solution.explanation == (
        "Session A (60 min) fits in none of its availability windows "
        "(day 0 10:00-10:30) without crossing a break.",
    )


def test_pinned_session_stays():
    pin = Placement(room="R2", day=0, start=600)
    p = problem(
        [session("A", pin=pin, interested=(1, 2)), session("B", interested=(1, 2))],
        [room("R1"), room("R2")],
    )
    assert solved(p).assignment["A"] == pin


def test_clashing_pins_are_explained():
    pin = Placement(room="R1", day=0, start=600)
    p = problem([session("A", pin=pin), session("B", pin=pin)])
    solution = solve(p, time_limit_s=1.0)
    assert solution.status == Status.INFEASIBLE
    assert solution.explanation == (
        "Sessions A and B are pinned to R1 at the same time.",
    )


def test_no_session_crosses_a_break():
    p = problem(
        [session("A", 60), session("B", 60)],
        end=12 * 60,
        breaks=(Break(start=600, end=630, label="tea"),),
    )
    solved(p)


def test_session_longer_than_any_stretch_between_breaks_is_explained():
    p = problem([session("A", 90)], breaks=(Break(start=600, end=630, label="tea"),))
    solution = solve(p, time_limit_s=1.0)
    assert solution.explanation == (
        "Session A lasts 90 minutes but the longest stretch between breaks "
        "is 60 minutes.",
    )


def test_starts_lie_on_the_grid_and_mc_blocks_stay_whole():
    p = problem([session("MC", 90), session("B", 30)], slot=15, end=11 * 60 + 15)
    solved(p)


def test_core_names_sessions_that_cannot_coexist():
    # Each pair fits; all three need two people each, and only the exact model sees
    # that the three of them cannot share one hour.
    p = problem(
        [
            session("A", 60, people=("ann", "bob")),
            session("B", 60, people=("bob", "cy")),
            session("C", 60, people=("cy", "ann")),
        ],
        [room("R1"), room("R2"), room("R3")],
        end=11 * 60,
        start=9 * 60,
    )
    solution = solve(p, time_limit_s=2.0)
    assert solution.status == Status.INFEASIBLE
    assert solution.explanation[0].startswith("These sessions cannot all be scheduled")


def tiny_conflict_problem():
    return problem(
        [
            session("A", 60, interested=(0, 1, 2, 3)),
            session("B", 60, interested=(0, 1)),
            session("C", 30, interested=(2, 3, 4)),
            session("D", 30, interested=(4, 5)),
            session("E", 30, interested=(0, 5, 6)),
        ],
        [room("R1", capacity=3), room("R2", capacity=5)],
    )


def test_reported_objective_equals_a_recount():
    p = tiny_conflict_problem()
    solution = solved(p)
    assert solution.objective == check.objective(p, solution.assignment)
    assert solution.bound <= solution.objective.total


def test_resolve_with_nothing_changed_moves_nothing():
    p = tiny_conflict_problem()
    first = solved(p)
    again = solved(p, previous=first.assignment)
    assert again.objective.moves == 0


def test_resolve_after_availability_change_moves_little():
    p = tiny_conflict_problem()
    first = solved(p)
    moved = first.assignment["C"]
    blocked = [
        TimeWindow(day=0, start=s, end=s + 30)
        for s in range(540, 660, 30)
        if not (moved.start <= s < moved.start + 30)
    ]
    sessions = [
        s
        if s.id != "C"
        else session("C", 30, interested=(2, 3, 4), availability=tuple(blocked))
        for s in p.sessions
    ]
    changed = problem(sessions, list(p.rooms), weights=Weights(moves=1000))
    again = solved(changed, previous=first.assignment)
    assert again.objective.moves <= 3


@pytest.mark.parametrize("seed", [0, 1])
def test_same_seed_gives_the_same_schedule(seed):
    p = tiny_conflict_problem()
    assert solved(p, seed=seed).assignment == solved(p, seed=seed).assignment


def test_greedy_dead_end_is_repaired():
    # The greedy puts the long session first at 09:00, where C's only window is;
    # the repair ejects it and places it again after C.
    only_early = (TimeWindow(day=0, start=540, end=570),)
    p = problem([session("A", 60), session("C", 30, availability=only_early)])
    assert solved(p).assignment["C"].start == 540
