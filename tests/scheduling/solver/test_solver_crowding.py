"""The crowding bound: valid against brute-force optima, tight where it should be."""

import dataclasses

import numpy as np
import pytest

from microconf.scheduling.solver import crowding
from microconf.scheduling.solver.anchor import load_instance
from microconf.scheduling.solver.bound import lower_bound
from microconf.scheduling.solver.generate import generate
from microconf.scheduling.solver.placements import build_options
from microconf.scheduling.solver.slots import slot_model
from tests.scheduling.solver.conftest import problem, room, session
from tests.scheduling.solver.test_solver_bound import (
    brute_force_optimum,
    full_rooms_problem,
    random_crowded_problem,
    random_tiny_problem,
)


def with_random_tracks(p, rng, tracks: int):
    sessions = tuple(
        dataclasses.replace(s, track=f"t{int(rng.integers(tracks))}")
        for s in p.sessions
    )
    return dataclasses.replace(p, sessions=sessions)


def solvable_tiny_problem(seed: int, *, crowded: bool, tracks: int):
    """A random tiny instance with a valid schedule, its sessions in random
    tracks, and its brute-force optimum."""
    rng = np.random.default_rng(seed)
    while True:
        p = random_crowded_problem(rng) if crowded else random_tiny_problem(rng)
        p = with_random_tracks(p, rng, tracks)
        optimum = brute_force_optimum(p)
        if optimum is not None:
            return p, optimum


def two_by_two(
    weights: dict[str, int], people: dict[str, tuple[str, ...]] | None = None
):
    """Four 30-minute sessions, two rooms, two slots; ``weights`` maps "AB" to the
    attendees interested in both."""
    interested: dict[str, list[int]] = {sid: [] for sid in "ABCD"}
    attendee = 0
    for pair, count in weights.items():
        for _ in range(count):
            for sid in pair:
                interested[sid].append(attendee)
            attendee += 1
    return problem(
        [
            session(sid, 30, interested=tuple(ids), people=(people or {}).get(sid, ()))
            for sid, ids in interested.items()
        ],
        [room("R1"), room("R2")],
        end=10 * 60,
        attendees=attendee,
    )


@pytest.mark.parametrize("seed", range(12))
def test_crowding_bound_never_exceeds_brute_force_optimum(seed):
    # One track for all (seed % 2) or a random split into two tracks.
    p, optimum = solvable_tiny_problem(
        700 + seed, crowded=seed % 3 > 0, tracks=1 + seed % 2
    )
    bound = crowding.crowding_bound(p, build_options(p))
    # The weighted optimum includes overflow; conflicts alone are at most that.
    assert 0 <= bound <= optimum


def test_crowding_bound_is_tight_when_every_slot_is_full():
    # Two slots of two rooms hold four sessions: two pairs must run together.
    p = full_rooms_problem()
    assert brute_force_optimum(p) == 4
    assert crowding.crowding_bound(p, build_options(p)) == 4


def test_each_session_is_charged_its_cheapest_partners_only():
    # A-B and C-D are heavy, every other pair light: the best schedule puts the
    # heavy pairs apart, {A, C} and {B, D}, for 2 conflicts. Charging anything
    # but the cheapest partner would claim more than that.
    p = two_by_two({"AB": 10, "CD": 10, "AC": 1, "AD": 1, "BC": 1, "BD": 1})
    assert brute_force_optimum(p) == 2
    assert crowding.crowding_bound(p, build_options(p)) == 2


def test_a_shared_person_is_never_a_partner():
    # A and B share a speaker, so they never run together; then C and D cannot
    # either, and each slot pairs one of A, B with one of C, D at 1 conflict.
    # Counting A-B (no common attendee) as a possible partnership gives only 1.
    p = two_by_two(
        {"AC": 1, "AD": 1, "BC": 1, "BD": 1, "CD": 5},
        people={"A": ("ann",), "B": ("ann",)},
    )
    assert brute_force_optimum(p) == 2
    assert crowding.crowding_bound(p, build_options(p)) == 2


def test_a_group_that_fits_apart_proves_nothing_and_groups_add_up():
    p = full_rooms_problem()
    options = build_options(p)
    model = slot_model(p, options)
    # Two sessions in two slots can run apart.
    assert crowding.group_bound(model, [0, 1]) == 0.0
    # Split into tracks {A, B} and {C, D}: each fits apart, and the cross pairs
    # are not counted, so the tracks prove nothing; one group of all proves 4.
    split = dataclasses.replace(
        p,
        sessions=tuple(
            dataclasses.replace(s, track="x" if s.id in "AB" else "y")
            for s in p.sessions
        ),
    )
    assert crowding.track_groups(split) == [[0, 1], [2, 3]]
    assert crowding.crowding_bound(split, build_options(split)) == 0
    assert crowding.crowding_bound(p, options, groups=[[0, 1, 2, 3]]) == 4


def test_no_bound_without_a_slot_grid():
    p = problem([session("A", 45), session("B", 45)], slot=30)
    assert crowding.crowding_bound(p, build_options(p)) == 0


def test_the_solver_bound_uses_the_crowding_of_a_large_instance():
    # generate(scale=3): 495 sessions, the heaviest-subset path of lower_bound.
    p = load_instance(generate(scale=3.0, seed=2))
    options = build_options(p)
    crowded = crowding.crowding_bound(p, options)
    assert crowded > 5000
    result = lower_bound(p, options, time_limit_s=2.0, partition=0)
    assert result.conflicts >= crowded


def split_tracks(p, first: str):
    """Sessions whose id is in ``first`` in track "x", the others in "y"."""
    return dataclasses.replace(
        p,
        sessions=tuple(
            dataclasses.replace(s, track="x" if s.id in first else "y")
            for s in p.sessions
        ),
    )


@pytest.mark.parametrize("ends", [crowding.CLASS_ENDS, (1, 3), (2,)])
@pytest.mark.parametrize("seed", range(10))
def test_cross_crowding_never_exceeds_brute_force_optimum(seed, ends, monkeypatch):
    # Coarse count classes (2-3, or 1-2 and 3 on) are charged at their smallest
    # count; the tiny instances have three rooms at most, so they test that too.
    monkeypatch.setattr(crowding, "CLASS_ENDS", ends)
    p, optimum = solvable_tiny_problem(
        900 + seed, crowded=seed % 2 > 0, tracks=2 + seed % 2
    )
    options = build_options(p)
    bound = crowding.cross_crowding_bound(p, options, pairs=3)
    assert crowding.crowding_bound(p, options) <= bound <= optimum


def test_the_pair_table_sees_what_the_tracks_alone_miss():
    # Tracks {A, B} and {C, D} each fit apart, so alone they prove nothing; every
    # slot holds two of the four sessions, so some pair must run together.
    p = split_tracks(full_rooms_problem(), "AB")
    options = build_options(p)
    assert crowding.crowding_bound(p, options) == 0
    assert brute_force_optimum(p) == 4
    assert crowding.cross_crowding_bound(p, options) == 4


def test_a_shared_person_is_never_a_partner_across_tracks():
    # A-B and C-D (inside the tracks) are heavy; A and C share a speaker, so do
    # B and D. Then the slots are {A, D} and {B, C}: 3 + 4 conflicts. Counting
    # A-C or B-D (no common attendee) as possible partners would prove 0.
    p = split_tracks(
        two_by_two(
            {"AB": 10, "CD": 10, "AD": 3, "BC": 4},
            people={"A": ("ann",), "C": ("ann",), "B": ("bo",), "D": ("bo",)},
        ),
        "AB",
    )
    assert brute_force_optimum(p) == 7
    assert crowding.cross_crowding_bound(p, build_options(p)) == 7


def test_count_classes_cover_every_count_once():
    for largest in range(0, 80):
        classes = crowding.count_classes(largest)
        counts = [m for low, high in classes for m in range(low, high + 1)]
        assert counts == list(range(largest + 1))


def test_the_heaviest_pairs_come_first_and_tables_add_on_a_generated_instance():
    p = load_instance(generate(scale=2.0, seed=3))
    options = build_options(p)
    model = slot_model(p, options)
    groups = crowding.track_groups(p)
    pairs = crowding.heaviest_pairs(model, groups, 3)
    weights = [model.cost[np.ix_(groups[u], groups[t])].sum() for u, t in pairs]
    assert weights == sorted(weights, reverse=True)
    assert all(u < t for u, t in pairs)
    alone = crowding.crowding_bound(p, options)
    # Measured: 388 alone, 1089 with the ten heaviest pairs' tables.
    assert crowding.cross_crowding_bound(p, options, pairs=10) > 2 * alone
