import json

import pytest
from django.core.management import CommandError, call_command

from microconf.cli import main
from microconf.scheduling import drafts, solve_runs
from microconf.scheduling.models import DraftSlot, SchedulingGrid, SolveRun
from microconf.scheduling.problem import build
from microconf.scheduling.services import release_schedule
from microconf.scheduling.solver.check import violations
from microconf.scheduling.solver.model import Placement


def test_solving_writes_a_valid_draft_that_keeps_people_apart(cast, programme):
    _, solution, figures = solve_runs.solve_conference(cast.conference, time_limit=5)
    problem = build(cast.conference)
    placed = drafts.assignment(problem)

    assert figures["hard_violations"] == 0
    assert set(placed) == set(problem.units)
    assert violations(problem.solver_problem, placed) == []
    a, b = placed[f"c-{programme.talk_a.pk}"], placed[f"c-{programme.talk_b.pk}"]
    assert (a.day, a.start) != (b.day, b.start)  # Ann gives both
    # Sam wants talks A and C, Ada the MC and talk C: nothing needs to clash.
    assert (solution.objective.attendee_conflicts, figures["bound"]) == (0, 0)


def test_a_pinned_session_stays_where_it_is(cast, programme):
    solve_runs.solve_conference(cast.conference, time_limit=5)
    unit = f"c-{programme.talk_c.pk}"
    to = Placement(room=f"r{programme.small.pk}", day=2, start=15 * 60)
    drafts.move(cast.conference, unit, to, by=cast.organiser)
    drafts.set_pinned(cast.conference, unit, True, by=cast.organiser)

    solve_runs.solve_conference(cast.conference, time_limit=5, seed=3)

    assert drafts.assignment(build(cast.conference))[unit] == to
    assert DraftSlot.objects.get(contribution=programme.talk_c).pinned


def test_a_re_solve_after_a_release_moves_nothing_when_nothing_changed(cast, programme):
    solve_runs.solve_conference(cast.conference, time_limit=5)
    release_schedule(cast.conference, by=cast.organiser)
    before = drafts.assignment(build(cast.conference))

    _, _, figures = solve_runs.solve_conference(cast.conference, time_limit=5)

    assert figures["moves"] == 0
    assert drafts.assignment(build(cast.conference)) == before


def test_an_impossible_grid_is_explained_and_the_draft_left_alone(cast, programme):
    solve_runs.solve_conference(cast.conference, time_limit=5)
    before = sorted(DraftSlot.objects.values_list("contribution", "room", "start"))
    # A day of 09:00-10:00 cannot hold the 90-minute microconference.
    SchedulingGrid.objects.filter(conference=cast.conference).update(
        day_end="10:00", breaks=[]
    )

    _, solution, figures = solve_runs.solve_conference(cast.conference, time_limit=5)

    assert solution.assignment == {}
    assert any("Rust MC" in line for line in figures["explanation"])
    assert not any(f"mc-{cast.rust_mc.pk}" in line for line in figures["explanation"])
    assert sorted(DraftSlot.objects.values_list("contribution", "room", "start")) == (
        before
    )


def test_the_worker_task_records_progress_and_the_result(cast, programme):
    run = SolveRun.objects.create(conference=cast.conference, time_limit=5)

    state = solve_runs.run(run.pk)
    again = solve_runs.run(run.pk)
    run.refresh_from_db()

    assert (state, again) == ("finished", "finished")
    assert run.result["status"] in {"optimal", "feasible"}
    assert run.result["sessions"] == 5
    assert run.finished is not None
    assert DraftSlot.objects.filter(conference=cast.conference).count() == 6


def test_the_console_command_prints_its_figures_as_json(cast, programme, capsys):
    call_command("solve_schedule", "plumbers", "--time-limit", "5", "--json")

    figures = json.loads(capsys.readouterr().out.strip().splitlines()[-1])

    assert figures["hard_violations"] == 0
    assert {"attendee_conflicts", "overflow", "bound", "gap", "status"} <= set(figures)


def test_the_console_command_names_an_unknown_conference(db):
    with pytest.raises(CommandError, match="no conference at “nowhere”"):
        call_command("solve_schedule", "nowhere")


def test_a_fresh_solve_ignores_the_release(cast, programme):
    solve_runs.solve_conference(cast.conference, time_limit=5)
    release_schedule(cast.conference, by=cast.organiser)
    unit = f"c-{programme.talk_c.pk}"
    to = Placement(room=f"r{programme.small.pk}", day=2, start=15 * 60)
    drafts.move(cast.conference, unit, to, by=cast.organiser)
    release_schedule(cast.conference, by=cast.organiser)

    _, _, kept = solve_runs.solve_conference(cast.conference, time_limit=5)
    _, _, fresh = solve_runs.solve_conference(
        cast.conference, time_limit=5, keep_release=False
    )

    # Talk C is in a room too small for its two fans: leaving costs a move only
    # while the release counts, and a fresh solve says that it left.
    assert (kept["moves"], kept["overflow"]) == (0, 1)
    assert fresh["overflow"] == 0
    assert fresh["moves"] >= 1


def test_the_solver_keeps_a_session_within_its_availability(cast, programme):
    unit = f"mc-{cast.rust_mc.pk}"
    drafts.set_availability(
        cast.conference, unit, [(1, 14 * 60, 17 * 60)], by=cast.organiser
    )

    solve_runs.solve_conference(cast.conference, time_limit=5)
    placed = drafts.assignment(build(cast.conference))[unit]

    assert placed.day == 1
    assert 14 * 60 <= placed.start <= 17 * 60 - 90


def test_an_impossible_run_ends_infeasible_with_its_explanation(cast, programme):
    SchedulingGrid.objects.filter(conference=cast.conference).update(
        day_end="10:00", breaks=[]
    )
    run = SolveRun.objects.create(conference=cast.conference, time_limit=5)

    state = solve_runs.run(run.pk)
    run.refresh_from_db()

    assert state == SolveRun.State.INFEASIBLE
    assert run.get_state_display() == "Infeasible — nothing written"
    assert run.result["written"] is False
    assert any("Rust MC" in line for line in run.result["explanation"])
    assert not DraftSlot.objects.exists()


def test_the_console_command_records_its_run_for_the_board(cast, programme):
    call_command("solve_schedule", "plumbers", "--time-limit", "5", "--json")

    run = SolveRun.objects.get()
    assert run.state == SolveRun.State.FINISHED
    assert run.requested_by is None
    assert run.result["sessions"] == 5


def test_the_console_command_waits_its_turn_behind_a_running_solve(cast, programme):
    SolveRun.objects.create(
        conference=cast.conference, time_limit=60, state=SolveRun.State.RUNNING
    )

    with pytest.raises(CommandError, match="A solve is already running"):
        call_command("solve_schedule", "plumbers", "--time-limit", "5")

    assert SolveRun.objects.count() == 1


def test_the_console_command_names_itself_in_its_usage(capsys):
    with pytest.raises(SystemExit):
        main(["schedule", "solve"])

    assert "usage: microconf schedule solve" in capsys.readouterr().err


def test_microconf_schedule_alone_lists_its_commands(capsys):
    main(["schedule"])

    out = capsys.readouterr().out
    assert out.startswith("usage: microconf schedule COMMAND")
    assert "solve SLUG" in out
    assert "solve-file INSTANCE.json" in out
