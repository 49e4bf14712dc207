"""The independent checker flags each broken hard rule and counts the objective."""

from microconf.scheduling.solver import check
from microconf.scheduling.solver.model import Break, Placement, TimeWindow
from tests.scheduling.solver.conftest import problem, room, session


def at(room_id: str, start: int, day: int = 0) -> Placement:
    return Placement(room=room_id, day=day, start=start)


def rules(found) -> list[str]:
    return sorted({v.rule for v in found})


def test_valid_schedule_has_no_violations():
    p = problem([session("A"), session("B")])
    assert check.violations(p, {"A": at("R1", 540), "B": at("R1", 570)}) == []


def test_room_double_booking_is_flagged():
    p = problem([session("A"), session("B")], slot=15)
    found = check.violations(p, {"A": at("R1", 540), "B": at("R1", 555)})
    assert rules(found) == ["room_double_booked"]


def test_back_to_back_sessions_do_not_overlap():
    p = problem([session("A"), session("B")], slot=15)
    assert check.violations(p, {"A": at("R1", 540), "B": at("R1", 570)}) == []


def test_person_double_booking_is_flagged():
    p = problem(
        [session("A", people=("ann",)), session("B", people=("ann",))],
        [room("R1"), room("R2")],
    )
    found = check.violations(p, {"A": at("R1", 540), "B": at("R2", 540)})
    assert rules(found) == ["person_double_booked"]


def test_missing_feature_is_flagged():
    p = problem(
        [session("A", features=frozenset({"video"}))],
        [room("R1"), room("R2", features=frozenset({"video"}))],
    )
    assert rules(check.violations(p, {"A": at("R1", 540)})) == ["features"]
    assert check.violations(p, {"A": at("R2", 540)}) == []


def test_session_outside_availability_is_flagged():
    p = problem([session("A", availability=(TimeWindow(day=0, start=600, end=660),))])
    assert rules(check.violations(p, {"A": at("R1", 540)})) == ["availability"]
    assert check.violations(p, {"A": at("R1", 600)}) == []


def test_moved_pin_is_flagged():
    p = problem([session("A", pin=at("R1", 600))])
    assert rules(check.violations(p, {"A": at("R1", 540)})) == ["pin"]


def test_crossing_a_break_is_flagged():
    p = problem(
        [session("A", 60)],
        end=13 * 60,
        breaks=(Break(start=600, end=630, label="tea"),),
    )
    assert rules(check.violations(p, {"A": at("R1", 570)})) == ["break"]
    assert check.violations(p, {"A": at("R1", 630)}) == []


def test_running_past_the_day_end_is_flagged():
    p = problem([session("A", 60)])
    assert rules(check.violations(p, {"A": at("R1", 630)})) == ["day_bounds"]


def test_off_grid_start_is_flagged():
    p = problem([session("A")])
    assert rules(check.violations(p, {"A": at("R1", 555)})) == ["grid"]


def test_missing_session_is_flagged():
    p = problem([session("A"), session("B")])
    assert rules(check.violations(p, {"A": at("R1", 540)})) == ["missing"]


def test_attendee_conflicts_count_shared_interest_of_overlapping_pairs():
    p = problem(
        [
            session("A", interested=(1, 2, 3)),
            session("B", interested=(2, 3, 4)),
            session("C", interested=(1, 2)),
        ],
        [room("R1"), room("R2"), room("R3")],
    )
    same_time = {"A": at("R1", 540), "B": at("R2", 540), "C": at("R3", 540)}
    assert check.attendee_conflicts(p, same_time) == 2 + 2 + 1
    apart = {"A": at("R1", 540), "B": at("R2", 570), "C": at("R3", 600)}
    assert check.attendee_conflicts(p, apart) == 0


def test_overflow_counts_demand_above_capacity():
    p = problem([session("A", interested=tuple(range(12)))], [room("R1", capacity=10)])
    assert check.overflow(p, {"A": at("R1", 540)}) == 2
