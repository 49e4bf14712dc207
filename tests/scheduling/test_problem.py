import datetime as dt

from microconf.interest.models import Interest
from microconf.scheduling.models import DraftSlot
from microconf.scheduling.problem import build
from microconf.scheduling.solver.model import Kind, Placement


def test_a_microconference_is_one_block_with_its_runners_and_speakers(cast, programme):
    problem = build(cast.conference)

    mc = problem.units[f"mc-{cast.rust_mc.pk}"]
    session = next(s for s in problem.solver_problem.sessions if s.id == mc.id)

    assert (mc.kind, mc.duration, mc.offsets) == (Kind.MC, 90, (0, 30))
    assert [c.title for c in mc.contributions] == ["Rust topic 0", "Rust topic 1"]
    assert len(session.people) == 3  # the runner and two topic speakers
    assert f"p{cast.rust_mc_runner.person.pk}" in session.people


def test_only_accepted_sessions_are_placed_and_proposals_never(cast, programme):
    problem = build(cast.conference)

    titles = sorted(u.title for u in problem.units.values())

    assert titles == ["A BoF", "Rust MC", "Talk A", "Talk B", "Talk C"]
    assert problem.units[f"c-{programme.bof.pk}"].kind == Kind.BOF


def test_interest_joins_stars_and_imported_lines_by_address(cast, programme):
    Interest.objects.create(
        conference=cast.conference, attendee="ADA@example.org",
        contribution=programme.talk_b,
    )  # fmt: skip
    Interest.objects.create(
        conference=cast.conference, attendee="reg-17", contribution=programme.talk_b
    )

    problem = build(cast.conference)
    interested = {
        problem.units[s.id].title: set(s.interested)
        for s in problem.solver_problem.sessions
    }

    # Ada (stars) and ada@ (imported) are one attendee; reg-17 is another; Sam a third.
    assert problem.solver_problem.attendee_count == 3
    ada = interested["Rust MC"].pop()
    assert ada in interested["Talk B"]
    assert len(interested["Talk B"]) == 2
    assert len(interested["Talk C"]) == 2


def test_times_go_to_placements_and_back_in_the_conference_timezone(cast, programme):
    problem = build(cast.conference)
    unit = f"mc-{cast.rust_mc.pk}"
    placed = Placement(room=f"r{programme.big.pk}", day=1, start=10 * 60)

    slots = problem.slots_of({unit: placed})
    first, second = (slots[t.pk] for t in programme.topics)

    # 10:00 in New York on 14 November is 15:00 UTC.
    assert first == (programme.big.pk, dt.datetime(2023, 11, 14, 15, 0, tzinfo=dt.UTC))
    assert second[1] - first[1] == dt.timedelta(minutes=30)
    assert problem.assignment_of(slots) == {unit: placed}


def test_a_pinned_draft_slot_becomes_a_pin(cast, programme):
    start = dt.datetime(2023, 11, 13, 14, 0, tzinfo=dt.UTC)  # 09:00 in New York
    DraftSlot.objects.create(
        conference=cast.conference, contribution=programme.talk_a,
        room=programme.big, start=start, pinned=True,
    )  # fmt: skip

    problem = build(cast.conference)
    pins = {s.id: s.pin for s in problem.solver_problem.sessions if s.pin}

    assert pins == {
        f"c-{programme.talk_a.pk}": Placement(
            room=f"r{programme.big.pk}", day=0, start=9 * 60
        )
    }
