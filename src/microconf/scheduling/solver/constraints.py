"""Hard rules of the exact CP-SAT model over legal placements.

Each session gets one boolean per legal placement (``placements``), so grid, day,
break, feature, availability and pin rules hold by construction; the functions
here add the rules between sessions.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from microconf.scheduling.solver.model import Problem
from microconf.scheduling.solver.placements import Options

MINUTES_PER_DAY = 24 * 60

Placed = list[list[cp_model.IntVar]]


def add_one_placement_per_session(
    cp: cp_model.CpModel, placed: Placed, enforce: list[cp_model.IntVar]
) -> None:
    """Every session takes exactly one legal placement (when its literal holds)."""
    for literals, literal in zip(placed, enforce, strict=True):
        cp.add_at_most_one(literals)
        cp.add(sum(literals) == 1).only_enforce_if(literal)


def _intervals(cp: cp_model.CpModel, placed: Placed, options: Options, i: int, keep):
    found = []
    for k, literal in enumerate(placed[i]):
        if not keep(k):
            continue
        start = int(options.day[i][k]) * MINUTES_PER_DAY + int(options.start[i][k])
        found.append(
            cp.new_optional_fixed_size_interval_var(
                start, int(options.duration[i]), literal, ""
            )
        )
    return found


def add_room_holds_one_session(
    cp: cp_model.CpModel, placed: Placed, problem: Problem, options: Options
) -> None:
    """A room holds one session at a time."""
    for r in range(len(problem.rooms)):
        intervals = []
        for i in range(len(problem.sessions)):
            in_room = options.room[i] == r
            intervals += _intervals(cp, placed, options, i, in_room.__getitem__)
        cp.add_no_overlap(intervals)


def add_person_in_one_place(
    cp: cp_model.CpModel, placed: Placed, problem: Problem, options: Options
) -> None:
    """Nobody is in two sessions at once: a person's sessions never overlap."""
    by_person: dict[str, list[int]] = {}
    for i, session in enumerate(problem.sessions):
        for person in set(session.people):
            by_person.setdefault(person, []).append(i)
    for members in by_person.values():
        if len(members) < 2:
            continue
        # One interval per session: its start is the start of the chosen placement.
        intervals = []
        for i in members:
            starts = sorted(
                {
                    int(d) * MINUTES_PER_DAY + int(s)
                    for d, s in zip(options.day[i], options.start[i], strict=True)
                }
            )
            if not starts:
                continue
            start = cp.new_int_var_from_domain(cp_model.Domain.from_values(starts), "")
            present = placed_any(cp, placed[i])
            cp.add(
                start
                == sum(
                    (
                        int(options.day[i][k]) * MINUTES_PER_DAY
                        + int(options.start[i][k])
                    )
                    * literal
                    for k, literal in enumerate(placed[i])
                )
            ).only_enforce_if(present)
            intervals.append(
                cp.new_optional_fixed_size_interval_var(
                    start, int(options.duration[i]), present, ""
                )
            )
        cp.add_no_overlap(intervals)


def placed_any(
    cp: cp_model.CpModel, literals: list[cp_model.IntVar]
) -> cp_model.IntVar:
    """Return a literal true exactly when one of the placements is taken."""
    present = cp.new_bool_var("")
    cp.add(sum(literals) == present)
    return present
