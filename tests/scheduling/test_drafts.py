import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from microconf.cfp.models import Contribution
from microconf.programme.queries import scheduled_contributions
from microconf.scheduling import drafts
from microconf.scheduling.models import Availability, DraftSlot, SolveRun
from microconf.scheduling.problem import build
from microconf.scheduling.services import release_schedule
from microconf.scheduling.solver.check import attendee_conflicts
from microconf.scheduling.solver.model import Placement

DAY0_9AM = dt.datetime(2023, 11, 13, 14, 0, tzinfo=dt.UTC)


def _place_all(cast, programme) -> None:
    """A draft with every unit on day 0, in the big room, one after another."""
    problem = build(cast.conference)
    at = 9 * 60
    assignment = {}
    for unit in problem.units.values():
        assignment[unit.id] = Placement(room=f"r{programme.big.pk}", day=0, start=at)
        at += unit.duration
        if at > 12 * 60:
            at = 13 * 60 + 30
    drafts.write(cast.conference, problem.slots_of(assignment))


def test_moving_changes_the_draft_only_until_it_is_released(cast, programme):
    _place_all(cast, programme)
    release_schedule(cast.conference, by=cast.organiser)
    unit = f"c-{programme.bof.pk}"
    to = Placement(room=f"r{programme.small.pk}", day=2, start=16 * 60)

    drafts.move(cast.conference, unit, to, by=cast.organiser)
    public_before = {c.pk: c.room_id for c in scheduled_contributions("plumbers")}
    release_schedule(cast.conference, by=cast.organiser)
    public_after = {c.pk: c.room_id for c in scheduled_contributions("plumbers")}

    assert public_before[programme.bof.pk] == programme.big.pk
    assert public_after[programme.bof.pk] == programme.small.pk
    assert cast.conference.releases.count() == 2


def test_a_microconference_block_moves_as_one(cast, programme):
    _place_all(cast, programme)
    to = Placement(room=f"r{programme.small.pk}", day=1, start=14 * 60)

    drafts.move(cast.conference, f"mc-{cast.rust_mc.pk}", to, by=cast.organiser)
    slots = [DraftSlot.objects.get(contribution=t) for t in programme.topics]

    assert {s.room_id for s in slots} == {programme.small.pk}
    # 14:00 in New York on 14 November is 19:00 UTC; the topics follow each other.
    assert [s.start.hour for s in slots] == [19, 19]
    assert [s.start.minute for s in slots] == [0, 30]


def test_warnings_name_double_booked_people_small_rooms_and_taken_rooms(
    cast, programme
):
    _place_all(cast, programme)
    problem = build(cast.conference)
    current = drafts.assignment(problem)
    talk_a, talk_b = f"c-{programme.talk_a.pk}", f"c-{programme.talk_b.pk}"
    # Talk B goes to where talk A is: the room is taken and Ann is in both.
    onto_a = current[talk_a]

    verdict = drafts.judge_move(problem, talk_b, onto_a)
    words = [w.message for w in verdict.warnings]

    assert "Ballroom already holds “Talk A” at that time." in words
    assert "Ann Both would be in “Talk B” and “Talk A” at once." in words
    small = Placement(room=f"r{programme.small.pk}", day=2, start=9 * 60)
    too_small = drafts.judge_move(problem, f"c-{programme.talk_c.pk}", small)
    assert [(w.message, w.hard) for w in too_small.warnings] == [
        ("2 attendees are interested in “Talk C”; Closet seats 1.", False)
    ]


def test_a_move_into_lunch_or_past_the_day_is_named(cast, programme):
    _place_all(cast, programme)
    problem = build(cast.conference)
    lunch = Placement(room=f"r{programme.big.pk}", day=2, start=12 * 60 + 15)
    late = Placement(room=f"r{programme.big.pk}", day=2, start=17 * 60 + 45)

    into_lunch = drafts.judge_move(problem, f"c-{programme.talk_c.pk}", lunch)
    too_late = drafts.judge_move(problem, f"c-{programme.talk_c.pk}", late)

    assert "“Talk C” would run into Lunch." in [w.message for w in into_lunch.warnings]
    assert "“Talk C” would run outside the day (09:00–18:00)." in [
        w.message for w in too_late.warnings
    ]


def test_the_conflict_change_matches_a_plain_count(cast, programme):
    _place_all(cast, programme)
    problem = build(cast.conference)
    before = drafts.assignment(problem)
    # Talk C next to talk A at the same time: Sam wants both.
    to = Placement(
        room=f"r{programme.small.pk}",
        day=0,
        start=before[f"c-{programme.talk_a.pk}"].start,
    )

    verdict = drafts.judge_move(problem, f"c-{programme.talk_c.pk}", to)
    after = {**before, f"c-{programme.talk_c.pk}": to}

    assert verdict.conflicts_before == attendee_conflicts(
        problem.solver_problem, before
    )
    assert verdict.conflicts_after == attendee_conflicts(problem.solver_problem, after)
    assert verdict.conflict_change >= 1


def test_a_swap_exchanges_rooms_and_times(cast, programme):
    _place_all(cast, programme)
    a, c = programme.talk_a, programme.talk_c
    before = {s.contribution_id: s.start for s in DraftSlot.objects.all()}

    drafts.swap(cast.conference, f"c-{a.pk}", f"c-{c.pk}", by=cast.organiser)
    after = {s.contribution_id: s.start for s in DraftSlot.objects.all()}

    assert (after[a.pk], after[c.pk]) == (before[c.pk], before[a.pk])


def test_swapping_a_session_with_itself_or_an_unknown_one_is_refused(cast, programme):
    _place_all(cast, programme)
    unit = f"c-{programme.talk_a.pk}"

    with pytest.raises(ValidationError, match="two different sessions"):
        drafts.swap(cast.conference, unit, unit, by=cast.organiser)
    with pytest.raises(ValidationError, match="not one the schedule places"):
        drafts.swap(cast.conference, unit, "c-999999", by=cast.organiser)
    with pytest.raises(ValidationError, match="not one the schedule places"):
        drafts.swap(
            cast.conference, unit, f"c-{programme.rejected.pk}", by=cast.organiser
        )


@pytest.mark.parametrize("role", ["committee_member", "rust_mc_runner", "speaker"])
def test_only_organisers_change_the_draft(cast, programme, role):
    _place_all(cast, programme)
    to = Placement(room=f"r{programme.small.pk}", day=2, start=16 * 60)

    with pytest.raises(PermissionDenied):
        drafts.move(
            cast.conference, f"c-{programme.bof.pk}", to, by=getattr(cast, role)
        )
    with pytest.raises(PermissionDenied):
        drafts.discard(cast.conference, by=getattr(cast, role))
    assert DraftSlot.objects.get(contribution=programme.bof).room == programme.big


def test_pinning_marks_every_contribution_of_the_unit(cast, programme):
    _place_all(cast, programme)

    drafts.set_pinned(cast.conference, f"mc-{cast.rust_mc.pk}", True, by=cast.organiser)

    pinned = DraftSlot.objects.filter(pinned=True).values_list(
        "contribution", flat=True
    )
    assert sorted(pinned) == sorted(t.pk for t in programme.topics)


def test_releasing_without_a_draft_keeps_the_schedule_as_it_is(cast, programme):
    Contribution.objects.filter(pk=programme.talk_a.pk).update(
        room=programme.big, start=DAY0_9AM
    )

    release, _ = release_schedule(cast.conference, by=cast.organiser)

    assert list(release.slots) == [str(programme.talk_a.pk)]


def test_discarding_brings_the_board_back_to_the_release(cast, programme):
    _place_all(cast, programme)
    release_schedule(cast.conference, by=cast.organiser)
    unit = f"c-{programme.bof.pk}"
    to = Placement(room=f"r{programme.small.pk}", day=2, start=600)
    drafts.move(cast.conference, unit, to, by=cast.organiser)

    drafts.discard(cast.conference, by=cast.organiser)
    problem = build(cast.conference)

    assert drafts.assignment(problem)[unit].room == f"r{programme.big.pk}"
    assert not DraftSlot.objects.exists()


def test_humanise_turns_solver_ids_into_names(cast, programme):
    problem = build(cast.conference)
    ids = [f"c-{programme.talk_a.pk}", f"r{programme.big.pk}"]

    text = drafts.humanise(problem, f"Session {ids[0]} is pinned to room {ids[1]}.")

    assert text == "Session Talk A is pinned to room Ballroom."


def test_availability_is_kept_by_moves_and_by_the_solver(cast, programme):
    _place_all(cast, programme)
    unit = f"c-{programme.talk_c.pk}"
    # Talk C may only run on the last day, in the afternoon.
    drafts.set_availability(
        cast.conference, unit, [(2, 14 * 60, 17 * 60)], by=cast.organiser
    )
    problem = build(cast.conference)

    monday = drafts.judge_move(
        problem, unit, Placement(room=f"r{programme.big.pk}", day=0, start=15 * 60)
    )
    wednesday = drafts.judge_move(
        problem, unit, Placement(room=f"r{programme.big.pk}", day=2, start=15 * 60)
    )

    assert "“Talk C” is not available then." in [w.message for w in monday.warnings]
    assert wednesday.warnings == ()
    session = next(s for s in problem.solver_problem.sessions if s.id == unit)
    assert [(w.day, w.start, w.end) for w in session.availability] == [(2, 840, 1020)]


def test_availability_for_every_whole_day_means_any_time(cast, programme):
    unit = f"mc-{cast.rust_mc.pk}"
    drafts.set_availability(cast.conference, unit, [(1, 540, 720)], by=cast.organiser)

    every_day = [(n, 9 * 60, 18 * 60) for n in range(3)]
    drafts.set_availability(cast.conference, unit, every_day, by=cast.organiser)

    assert Availability.objects.count() == 0


@pytest.mark.parametrize(
    ("windows", "words"),
    [
        ([(7, 540, 600)], "Choose days of the conference."),
        ([(0, 600, 540)], "must start before it ends"),
        ([(0, 540, 570)], "lasts 90 minutes"),
    ],
)
def test_impossible_availability_is_refused_in_words(cast, programme, windows, words):
    unit = f"mc-{cast.rust_mc.pk}"

    with pytest.raises(ValidationError, match=words):
        drafts.set_availability(cast.conference, unit, windows, by=cast.organiser)
    assert Availability.objects.count() == 0


def _onto_talk_a(cast, programme) -> None:
    """Talk B goes where talk A is: the room is taken and Ann is in both."""
    _place_all(cast, programme)
    onto_a = drafts.assignment(build(cast.conference))[f"c-{programme.talk_a.pk}"]
    drafts.move(cast.conference, f"c-{programme.talk_b.pk}", onto_a, by=cast.organiser)


def test_rule_breaks_are_found_in_the_whole_draft_after_the_move(cast, programme):
    _onto_talk_a(cast, programme)

    breaks = drafts.rule_breaks(build(cast.conference))

    assert [(b.rule, b.label) for b in breaks] == [
        ("room_double_booked", "Room double-booked"),
        ("person_double_booked", "Person in two places"),
    ]
    assert breaks[0].message == "Talk A and Talk B overlap in room Ballroom"
    assert breaks[1].message == "Ann Both in both Talk A and Talk B"
    assert breaks[0].when == breaks[1].when == "Mon 13 Nov 11:15"


def test_a_clean_draft_breaks_no_rule(cast, programme):
    _place_all(cast, programme)

    assert drafts.rule_breaks(build(cast.conference)) == []


@pytest.fixture
def solve_under_way(cast):
    return SolveRun.objects.create(
        conference=cast.conference, time_limit=60, state=SolveRun.State.RUNNING
    )


@pytest.mark.parametrize(
    "change",
    [
        lambda c, p: drafts.move(
            c.conference, f"c-{p.bof.pk}",
            Placement(room=f"r{p.small.pk}", day=2, start=600), by=c.organiser,
        ),
        lambda c, p: drafts.swap(
            c.conference, f"c-{p.bof.pk}", f"c-{p.talk_c.pk}", by=c.organiser
        ),
        lambda c, p: drafts.set_pinned(
            c.conference, f"c-{p.bof.pk}", True, by=c.organiser
        ),
        lambda c, p: drafts.set_availability(
            c.conference, f"c-{p.bof.pk}", [(0, 540, 720)], by=c.organiser
        ),
        lambda c, p: drafts.discard(c.conference, by=c.organiser),
    ],
    ids=["move", "swap", "pin", "availability", "discard"],
)  # fmt: skip
def test_no_change_by_hand_while_a_solve_is_under_way(
    cast, programme, solve_under_way, change
):
    _place_all(cast, programme)
    before = sorted(DraftSlot.objects.values_list("contribution", "room", "start"))

    with pytest.raises(ValidationError, match="A solve is under way") as refused:
        change(cast, programme)

    assert refused.value.code == "solving"
    after = sorted(DraftSlot.objects.values_list("contribution", "room", "start"))
    assert after == before
    assert not DraftSlot.objects.filter(pinned=True).exists()
    assert not Availability.objects.exists()


def test_a_solve_whose_worker_vanished_no_longer_blocks_changes(
    cast, programme, solve_under_way
):
    _place_all(cast, programme)
    SolveRun.objects.filter(pk=solve_under_way.pk).update(
        created=solve_under_way.created - dt.timedelta(hours=1)
    )

    drafts.set_pinned(cast.conference, f"c-{programme.bof.pk}", True, by=cast.organiser)

    solve_under_way.refresh_from_db()
    assert solve_under_way.state == SolveRun.State.FAILED
    assert DraftSlot.objects.get(contribution=programme.bof).pinned is True


def test_discarding_the_draft_retires_the_figures_of_the_run_that_made_it(
    cast, programme
):
    _place_all(cast, programme)
    made = SolveRun.objects.create(
        conference=cast.conference, time_limit=5, state=SolveRun.State.FINISHED
    )

    drafts.discard(cast.conference, by=cast.organiser)

    made.refresh_from_db()
    assert made.state == SolveRun.State.DISCARDED
