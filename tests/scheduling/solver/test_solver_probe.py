"""The schedule probe (bench/schedule_probe.py) finds better row splits that exist."""

from __future__ import annotations

import importlib.util

from microconf.scheduling.solver.model import Placement
from tests.scheduling.solver.conftest import REPO_ROOT, problem, room, session

_spec = importlib.util.spec_from_file_location(
    "schedule_probe", REPO_ROOT / "bench" / "schedule_probe.py"
)
probe_module = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(probe_module)


def _pairs_problem():
    # A and B share attendees 0-4, C and D share 5-9; no other pair shares any.
    return problem(
        [
            session("A", interested=(0, 1, 2, 3, 4)),
            session("B", interested=(0, 1, 2, 3, 4)),
            session("C", interested=(5, 6, 7, 8, 9)),
            session("D", interested=(5, 6, 7, 8, 9), people=("dana",)),
            session("E", interested=(5,), people=("dana",)),
        ],
        [room("R1"), room("R2")],
        end=10 * 60 + 30,
    )


def _place(rows: list[tuple[str, ...]]) -> dict[str, Placement]:
    return {
        sid: Placement(room=f"R{k + 1}", day=0, start=9 * 60 + 30 * row)
        for row, sids in enumerate(rows)
        for k, sid in enumerate(sids)
    }


def _probe(rows):
    p = probe_module.Probe(_pairs_problem(), _place(rows))
    return p, p.rows()


def test_probe_splits_conflicts_by_kind_and_window():
    p, _ = _probe([("A", "B"), ("C", "D"), ("E",)])
    by_kind, by_window, held = p.split()
    assert by_kind == {"talk–talk": 10}
    assert by_window == {"day 0 09:00": 10}
    assert held == {"day 0 09:00": {"talk": 5}}


def test_probe_finds_the_better_split_of_two_rows():
    p, rows = _probe([("A", "B"), ("C", "D"), ("E",)])
    chosen = [(0, 540, 570), (0, 570, 600)]
    current, best, optimal = p.repartition(chosen, rows, time_limit=5)
    assert (current, best, optimal) == (10, 0, True)


def test_probe_keeps_a_person_out_of_two_places():
    # Splitting {A, D} / {B, E} as {A, B} / {D, E} would cost nothing, but D
    # and E share their speaker; the other split costs 4 + 4, so 3 + 3 stays.
    sessions = [
        session("A", interested=(0, 1, 2, 3, 4, 5, 6)),
        session("D", interested=(0, 1, 2, 7, 8, 9, 10), people=("dana",)),
        session("B", interested=(7, 8, 9, 10, 11, 12, 13)),
        session("E", interested=(3, 4, 5, 6, 11, 12, 13), people=("dana",)),
    ]
    tiny = problem(sessions, [room("R1"), room("R2")], end=10 * 60)
    p = probe_module.Probe(tiny, _place([("A", "D"), ("B", "E")]))
    chosen = [(0, 540, 570), (0, 570, 600)]
    assert p.repartition(chosen, p.rows(), time_limit=5) == (6, 6, True)


def test_probe_finds_nothing_on_an_optimal_split():
    p, rows = _probe([("A", "C"), ("B", "D"), ("E",)])
    chosen = [(0, 540, 570), (0, 570, 600)]
    assert p.repartition(chosen, rows, time_limit=5) == (0, 0, True)
